import { existsSync } from 'node:fs';

/** Debian's Chromium (Playwright's own browser download cannot run here); CHROMIUM_PATH for another. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
