import type { Loaders } from '../../loaders.js';
import type { Currency } from '../needs/interest.entity.js';
import type { Lot, Procurement } from '../procurements/procurement.entity.js';
import { procurementLoaders } from '../procurements/procurement.loaders.js';
import { convertAtRates, type Thresholds } from '../procurements/procurement.thresholds.js';

/**
 * The estimated value of each lot a notice states (BT-27), in `currency`, exact to the cent; null
 * for a lot nobody stated a value for. The one seam for the estimated value: today it is the sum of
 * the participants' stated values (those that have not withdrawn), other currencies converted at the
 * thresholds file's rates, as the threshold assessment counts them; when lots carry a contract
 * period with options, the value over the whole period replaces it here and nowhere else.
 */
export async function lotEstimates(
  loaders: Loaders,
  thresholds: Thresholds,
  procurement: Procurement,
  lots: Lot[],
  currency: Currency,
): Promise<Map<string, string | null>> {
  const reads = procurementLoaders(loaders);
  const estimates = new Map<string, string | null>();
  for (const lot of lots) {
    const sums = await reads.valueSums(procurement.id, lot.id);
    estimates.set(lot.id, sums.length ? convertAtRates(thresholds, sums, currency) : null);
  }
  return estimates;
}
