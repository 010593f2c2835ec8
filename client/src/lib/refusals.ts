import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { errorCode, errorExtensions, fieldProblems } from './errors';

/**
 * A refused change as a form shows it: each field's refusal beside that field, the refusals the
 * screen expects (a state, a conflict) in its own words, and anything else for ErrorAlert.
 */
export interface Refused {
  /** By the form's field name (`cpvCodes` for `input.cpvCodes[2]`). */
  fields: Record<string, string>;
  /** The screen's words for an expected refusal that names no field of the form. */
  problem?: string;
  /** What is left: shown by ErrorAlert (in words by the error code). */
  error?: CombinedError;
}

export interface RefusalOptions {
  /** The form's fields: a field refusal about another is said above the button instead. */
  fields?: readonly string[];
  /** The lists sent, by field, so a refusal of `cpvCodes[1]` can name the value it is about. */
  sent?: Record<string, readonly string[]>;
  /**
   * Words for refusals by what the server says is missing (`extensions.missing`, e.g. 'phase
   * before COMPETITION') or by error code (`CONFLICT`, `FORBIDDEN`).
   */
  words?: Record<string, string>;
}

/**
 * Reads a refusal for a form. Field rules are said in the interface language where the rule is
 * known (`refusal.<rule>`), else in the server's words.
 */
export function useRefusal() {
  const { t } = useTranslation();
  const rules = t('refusal', { returnObjects: true }) as Record<string, string>;
  return (error: CombinedError | undefined, o: RefusalOptions = {}): Refused => {
    if (!error) return { fields: {} };
    const fields: Record<string, string> = {};
    const elsewhere: string[] = [];
    for (const p of fieldProblems(error)) {
      // `cpvCodes[2]`: the field `cpvCodes`, about the third value sent.
      const match = /^([^[.]+)(?:\[(\d+)\])?/.exec(p.field);
      const base = match?.[1] ?? p.field;
      const index = match?.[2];
      const value = index !== undefined ? (o.sent?.[base]?.[Number(index)] ?? '') : '';
      const text = p.rule in rules ? t(`refusal.${p.rule}` as 'refusal.notBlank', { value }) : p.message;
      if (!o.fields || o.fields.includes(base)) fields[base] = fields[base] ? `${fields[base]} ${text}` : text;
      else elsewhere.push(text);
    }
    if (Object.keys(fields).length || elsewhere.length) {
      return { fields, problem: elsewhere.join(' ') || undefined };
    }
    const missing = (errorExtensions(error).missing as string[] | undefined) ?? [];
    const known = [...missing, errorCode(error) ?? ''].find((key) => o.words?.[key]);
    return known ? { fields, problem: o.words![known] } : { fields, error };
  };
}

/** CPV codes as typed in one field: separated by commas, semicolons or spaces. */
export const cpvList = (text: string): string[] =>
  text
    .split(/[\s,;]+/)
    .map((c) => c.trim())
    .filter(Boolean);
