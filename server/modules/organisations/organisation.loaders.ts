import { NotFoundError } from '../../errors.js';
import type { Loaders } from '../../loaders.js';
import type { Organisation } from './organisation.entity.js';

/**
 * Per-request batched reads of organisations, for resolvers: every organisation asked for in one
 * tick is read in one statement. Any signed-in user may read them: they are public registry facts.
 */
export function organisationLoaders(loaders: Loaders) {
  return {
    /** The organisation, or NOT_FOUND. */
    async get(id: string): Promise<Organisation> {
      const org = await loaders.organisation.load(id);
      if (!org) throw new NotFoundError('Organisation', id);
      return org;
    },
  };
}
