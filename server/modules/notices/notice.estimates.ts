import { fixed } from '../../common/money.js';
import type { Loaders } from '../../loaders.js';
import type { Currency } from '../needs/interest.entity.js';
import type { Lot, Procurement } from '../procurements/procurement.entity.js';
import { procurementLoaders } from '../procurements/procurement.loaders.js';
import { convertExact, type Thresholds } from '../procurements/procurement.thresholds.js';

/**
 * The estimated value of each lot a notice states (BT-27), in `currency`, exact to the cent; null
 * for a lot nobody stated a value for. It is the procurement's one estimate (procurement.value.ts):
 * the total over the lot's maximum duration with every option, per participant that has not
 * withdrawn, as the threshold assessment and the OCDS export count it.
 */
export async function lotEstimates(
  loaders: Loaders,
  thresholds: Thresholds,
  procurement: Procurement,
  lots: Lot[],
  currency: Currency,
): Promise<Map<string, string | null>> {
  const estimate = await procurementLoaders(loaders).estimate(procurement.id, thresholds);
  const estimates = new Map<string, string | null>();
  for (const lot of lots) {
    const e = estimate.lots.find((l) => l.lot.id === lot.id);
    estimates.set(
      lot.id,
      e && e.authorityCount > 0 ? fixed(convertExact(thresholds, e.value, estimate.currency, currency), 2) : null,
    );
  }
  return estimates;
}
