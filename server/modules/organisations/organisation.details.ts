import { isEmail } from 'class-validator';
import { UserInputError } from '../../errors.js';
import type { Country, Organisation } from './organisation.entity.js';
import type { OrganisationAccessInput } from './organisation.inputs.js';

/**
 * The address and contact an authority needs as a buyer in an eForms notice. Each is checked here
 * as the eForms SDK checks it (BT-507 a NUTS level 3 code, BT-503 its telephone pattern, BT-506 an
 * e-mail address), so a notice never carries a value the Publications Office would refuse.
 */
export type NoticeDetailKey =
  'nutsCode' | 'streetAddress' | 'postcode' | 'city' | 'contactPoint' | 'contactEmail' | 'contactPhone';

/** Every detail, in the order forms show them, with the words a refusal uses ("NUTS code of Trondheim kommune"). */
export const NOTICE_DETAILS: { key: NoticeDetailKey; label: string; required: boolean }[] = [
  { key: 'nutsCode', label: 'NUTS code', required: true },
  { key: 'streetAddress', label: 'street address', required: true },
  { key: 'postcode', label: 'postcode', required: true },
  { key: 'city', label: 'city', required: true },
  { key: 'contactPoint', label: 'contact point', required: false },
  { key: 'contactEmail', label: 'contact e-mail', required: true },
  { key: 'contactPhone', label: 'contact telephone', required: true },
];

/** BT-503's pattern in the eForms SDK (fields.json), as it is. */
const PHONE = /^((\(\+?[0-9]+\))|\+?[0-9]+)( - |-| )?(((\([0-9]+\))|[0-9]+)( - |-| )?)*([0-9]+)( )?$/;
/** NUTS level 3: the country's two letters and three more (NO060, SE224, DK042, FI1B1); NUTS uses the ISO code for these four. */
const NUTS3 = /^[A-Z]{2}[0-9A-Z]{3}$/;

/** The details an organisation lacks for a notice, by label ("NUTS code", "contact e-mail"). */
export const missingNoticeDetails = (o: Organisation): string[] =>
  NOTICE_DETAILS.filter((d) => d.required && !o[d.key]).map((d) => d.label);

/**
 * The notice details the input changes, cleaned and checked (an empty string clears one); a bad
 * value is BAD_USER_INPUT naming its field and rule.
 */
export function noticeDetailChanges(
  country: Country,
  input: OrganisationAccessInput,
): Partial<Record<NoticeDetailKey, string | null>> {
  const changes: Partial<Record<NoticeDetailKey, string | null>> = {};
  for (const { key } of NOTICE_DETAILS) {
    const raw = input[key];
    if (raw == null) continue;
    const value = raw.trim().replace(/\s+/g, ' ');
    changes[key] = value === '' ? null : value;
  }
  const bad = (key: NoticeDetailKey, rule: string, message: string) =>
    UserInputError.field(`input.${key}`, rule, message);
  if (changes.nutsCode) {
    changes.nutsCode = changes.nutsCode.toUpperCase();
    if (!NUTS3.test(changes.nutsCode) || !changes.nutsCode.startsWith(country)) {
      throw bad('nutsCode', 'nutsCode', `must be a NUTS level 3 code in ${country}, such as ${EXAMPLE_NUTS[country]}`);
    }
  }
  if (changes.contactEmail) {
    changes.contactEmail = changes.contactEmail.toLowerCase();
    if (!isEmail(changes.contactEmail)) throw bad('contactEmail', 'email', 'must be an e-mail address');
  }
  if (changes.contactPhone && !PHONE.test(changes.contactPhone)) {
    throw bad(
      'contactPhone',
      'phone',
      'must be a telephone number: digits, spaces or hyphens, optionally starting with +',
    );
  }
  return changes;
}

const EXAMPLE_NUTS: Record<Country, string> = { NO: 'NO060', SE: 'SE224', DK: 'DK042', FI: 'FI1B1' };
