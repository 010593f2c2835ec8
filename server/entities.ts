import { modules } from './modules.js';

/** Every TypeORM entity; the migrations must describe exactly these (checked by `npm run check`). */
export const entities = modules.flatMap((m) => m.entities);
