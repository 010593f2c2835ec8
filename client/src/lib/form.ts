import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A form's messages beside its fields, by field name (`form` for the form as a whole). */
export type FieldErrors = Record<string, string | undefined>;

/** What a check found: a message per field, or nothing (false, undefined) where all is well. */
export type Found = Record<string, string | false | null | undefined>;

/**
 * A form's text values and the messages beside its fields. `field(name)` wires a Textfield or a
 * SelectField to its value, change and message: `<Textfield label=… {...form.field('title')} />`.
 */
export function useForm<V extends Record<string, string>>(initial: V | (() => V)) {
  const { t } = useTranslation();
  const [start] = useState(initial);
  const [values, setValues] = useState(start);
  const [errors, setErrors] = useState<FieldErrors>({});
  return {
    values,
    errors,
    setErrors,
    set: <K extends keyof V>(name: K, value: V[K]) => setValues((v) => ({ ...v, [name]: value })),
    field: (name: keyof V & string) => ({
      value: values[name],
      onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value }) as V),
      error: errors[name],
    }),
    /** The start values again: of the named fields, or of all (a successful send, a new state). */
    reset: (...names: (keyof V)[]) =>
      setValues((v) => (names.length ? { ...v, ...Object.fromEntries(names.map((n) => [n, start[n]])) } : start)),
    /** "Required" for each named field left blank. */
    missing: (...names: (keyof V & string)[]): Found =>
      Object.fromEntries(names.map((n) => [n, !values[n].trim() && t('common.required')])),
    /** Shows what a check found, and only that; true when nothing was found. */
    check: (found: Found) => {
      const next = Object.fromEntries(Object.entries(found).filter(([, v]) => v)) as FieldErrors;
      setErrors(next);
      return Object.keys(next).length === 0;
    },
  };
}

/**
 * What the last change did, for a live region. `report(result, text)` says `text` when the change
 * went through, then runs `after` (a refetch) either way, and answers whether it went through.
 */
export function useStatus(after?: () => void) {
  const [status, setStatus] = useState('');
  return {
    status,
    setStatus,
    report: (result: { error?: unknown }, text: string) => {
      if (!result.error) setStatus(text);
      after?.();
      return !result.error;
    },
  };
}
