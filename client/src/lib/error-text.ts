import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { apiErrorsEn } from '../locales/api-errors.en';
import { apiErrorsNb } from '../locales/api-errors.nb';
import { apiErrorsSv } from '../locales/api-errors.sv';
import type { ApiErrorWords } from '../locales/api-errors.types';
import { errorCode, errorExtensions, fieldProblems, type FieldProblem } from './errors';
import { isLocale, type Locale } from './i18n';

const WORDS: Record<Locale, ApiErrorWords> = { en: apiErrorsEn, nb: apiErrorsNb, sv: apiErrorsSv };

/** `input.lots[1].title` -> `title`, `input.emailDomains[0]` -> `emailDomains`: the field's own name. */
export const fieldName = (path: string): string =>
  path
    .replace(/\[\d+\]/g, '')
    .split('.')
    .pop() ?? path;

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');

const own = <T extends object>(o: T, key: string): key is Extract<keyof T, string> =>
  Object.prototype.hasOwnProperty.call(o, key);

// Rules whose English message states a limit ("must be shorter than or equal to 200 characters").
const LIMITED = new Set(['maxLength', 'minLength', 'min', 'max']);

/** One problem's rule in words, for beside its field (the field's own label is already there). */
function ruleText(w: ApiErrorWords, p: FieldProblem): string {
  const name = fieldName(p.field);
  // `matches` is the not-blank check everywhere but on passwords, where it means a wrong password.
  if (p.rule === 'matches' && /password/i.test(name)) return w.rule.wrongPassword;
  if (p.rule === 'matches' && /blank/.test(p.message)) return w.rule.notBlank;
  if (LIMITED.has(p.rule)) {
    // The limit is the one number of the class-validator message; without one, the rule alone.
    const numbers = p.message.match(/\d+/g);
    const key = `${p.rule}Limit`;
    if (numbers?.length === 1 && own(w.rule, key)) return fill(w.rule[key], { limit: numbers[0] });
  }
  return own(w.rule, p.rule) ? w.rule[p.rule] : w.rule.other;
}

/** A problem as a sentence of its own: "Title: is too long (at most 200 characters)". */
function problemSentence(w: ApiErrorWords, p: FieldProblem): string {
  const rule = ruleText(w, p);
  // Rules that are whole sentences (the links of e-mails) stand alone.
  if (/^[A-ZÆØÅÄÖ]/.test(rule)) return rule;
  const name = fieldName(p.field);
  if (!own(w.field, name)) return `${w.code.BAD_USER_INPUT} (${rule})`;
  return fill(w.fieldProblem, { field: w.field[name], problem: rule });
}

/** The first `missing` key's sentence, by the whole key or by how it begins. */
function missingText(w: ApiErrorWords, missing: unknown): string | undefined {
  const key = Array.isArray(missing) && typeof missing[0] === 'string' ? missing[0] : undefined;
  if (!key) return undefined;
  if (own(w.missing, key)) return w.missing[key];
  const prefix = Object.keys(w.missingPrefix).find((p) => key.startsWith(p)) as
    keyof ApiErrorWords['missingPrefix'] | undefined;
  return prefix ? w.missingPrefix[prefix] : undefined;
}

/**
 * API errors in the interface language. The API keeps English messages for API users; the client
 * words an error from its stable parts: `extensions.code`; for BAD_USER_INPUT the `rule` and
 * `field` of each problem; for FORBIDDEN and INVALID_STATE the first `missing` key; for CONFLICT
 * the `field`. What it does not know gets the code's general sentence, never the English message.
 */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  const w = WORDS[isLocale(i18n.language) ? i18n.language : 'nb'];
  /** The whole error as one sentence, for an alert. */
  const text = useCallback(
    (error: CombinedError | undefined): string => {
      if (!error) return '';
      const code = errorCode(error);
      const ext = errorExtensions(error);
      switch (code) {
        case 'NETWORK':
          return t('errors.network');
        case 'BAD_USER_INPUT': {
          const problems = fieldProblems(error);
          return problems.length ? problems.map((p) => problemSentence(w, p)).join(' ') : w.code.BAD_USER_INPUT;
        }
        case 'FORBIDDEN':
        case 'INVALID_STATE':
          return missingText(w, ext.missing) ?? w.code[code];
        case 'CONFLICT': {
          const field = typeof ext.field === 'string' ? fieldName(ext.field) : '';
          return own(w.conflict, field) ? w.conflict[field] : w.code.CONFLICT;
        }
        case 'UNAUTHENTICATED':
        case 'NOT_FOUND':
        case 'RESYNC_REQUIRED':
          return w.code[code];
        default:
          // RATE_LIMITED has its own words where it can happen (the account screens); the rest is unexpected.
          return t('errors.unexpected');
      }
    },
    [t, w],
  );
  /** One problem's rule in words, for the message beside its own field ("Is too long"). */
  const problem = useCallback(
    (p: FieldProblem): string => {
      const rule = ruleText(w, p);
      return rule.charAt(0).toUpperCase() + rule.slice(1);
    },
    [w],
  );
  /** One problem as a sentence naming its field, for above a form's button. */
  const sentence = useCallback((p: FieldProblem): string => problemSentence(w, p), [w]);
  return { text, problem, sentence };
}
