import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { containsPattern, loadPages, type Connection } from '../../common/pagination.js';
import { UUID, type Loaders } from '../../loaders.js';
import type { BuyerGroup } from '../groups/group.entity.js';
import { pagePerParent } from '../groups/group.loaders.js';
import type { AggregatedDemand } from './demand.types.js';
import { type Currency, NeedInterest } from './interest.entity.js';
import type { SharedNeedsArgs } from './need.inputs.js';
import { SharedNeed } from './need.entity.js';
import { needPolicy } from './need.policy.js';

type Sum = { need_id: string; total: string; authorities: number };

/**
 * Per-request batched reads of shared needs, for resolvers: the needs of every group on a page,
 * and the interests and demand of every need, are each one read however many there are.
 */
export function needLoaders(loaders: Loaders) {
  const { db } = loaders;
  return {
    /** The group's needs, newest first: for its active members (FORBIDDEN for others). */
    async ofGroup(actor: Actor, group: BuyerGroup, args: SharedNeedsArgs): Promise<Connection<SharedNeed>> {
      needPolicy.authorize(actor, 'read', { group, membership: await actor.scope.membership(group.id) });
      const key = `needs:${JSON.stringify([args.first, args.after ?? null, args.search ?? null, args.status ?? null])}`;
      return pagePerParent(
        loaders,
        key,
        (groupIds) =>
          loadPages({
            repo: db.getRepository(SharedNeed),
            first: args.first,
            after: args.after,
            parent: { column: 't.group_id', ids: groupIds, of: (n) => n.groupId },
            sort: { expr: 't.created_at', direction: 'DESC' },
            where: (qb) => {
              if (args.search?.trim()) qb.andWhere('t.title ILIKE :pattern', { pattern: containsPattern(args.search) });
              if (args.status?.length) qb.andWhere('t.status IN (:...statuses)', { statuses: args.status });
            },
          }),
        group.id,
      );
    },

    /** The interests behind a need's demand, one per authority, in the order they were stated. */
    interests(needId: string, first: number, after?: string | null): Promise<Connection<NeedInterest>> {
      return pagePerParent(
        loaders,
        `interests:${JSON.stringify([first, after ?? null])}`,
        (needIds) =>
          loadPages({
            repo: db.getRepository(NeedInterest),
            first,
            after,
            parent: { column: 't.need_id', ids: needIds, of: (i) => i.needId },
            sort: { expr: 't.created_at' },
          }),
        needId,
      );
    },

    /** The actor's organisation's interest in the need, or null. */
    viewerInterest(actor: Actor, needId: string): Promise<NeedInterest | null> {
      return loaders
        .get(
          'viewerInterest',
          () =>
            new DataLoader<string, NeedInterest | null>(async (needIds) => {
              const rows = await db.getRepository(NeedInterest).findBy({
                organisationId: actor.organisation.id,
                needId: In(needIds.filter((id) => UUID.test(id))),
              });
              const byNeed = new Map(rows.map((r) => [r.needId, r]));
              return needIds.map((id) => byNeed.get(id) ?? null);
            }),
        )
        .load(needId);
    },

    /** Sums per unit and per currency, computed by PostgreSQL in exact numeric arithmetic. */
    demand(needId: string): Promise<AggregatedDemand> {
      return loaders
        .get(
          'demand',
          () =>
            new DataLoader<string, AggregatedDemand>(async (needIds) => {
              const ids = [...needIds];
              const [units, currencies, counts] = await Promise.all([
                db.query(
                  `SELECT need_id, min(unit) AS unit, trim_scale(sum(quantity))::text AS total, count(*)::int AS authorities
                   FROM need_interest WHERE need_id = ANY($1) AND quantity IS NOT NULL
                  GROUP BY need_id, lower(unit) ORDER BY lower(unit)`,
                  [ids],
                ) as Promise<(Sum & { unit: string })[]>,
                db.query(
                  `SELECT need_id, currency, trim_scale(sum(annual_value))::text AS total, count(*)::int AS authorities
                   FROM need_interest WHERE need_id = ANY($1) AND annual_value IS NOT NULL
                  GROUP BY need_id, currency ORDER BY currency`,
                  [ids],
                ) as Promise<(Sum & { currency: Currency })[]>,
                db.query(
                  `SELECT need_id, count(DISTINCT organisation_id)::int AS n FROM need_interest WHERE need_id = ANY($1) GROUP BY need_id`,
                  [ids],
                ) as Promise<{ need_id: string; n: number }[]>,
              ]);
              return ids.map((id) => ({
                authorityCount: counts.find((c) => c.need_id === id)?.n ?? 0,
                byUnit: units
                  .filter((u) => u.need_id === id)
                  .map(({ unit, total, authorities }) => ({ unit, total, authorities })),
                byCurrency: currencies
                  .filter((c) => c.need_id === id)
                  .map(({ currency, total, authorities }) => ({ currency, total, authorities })),
              }));
            }),
        )
        .load(needId);
    },
  };
}
