import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { INTL_LOCALE, isLocale } from './i18n';

type Numeric = number | string;

/**
 * Dates, numbers and money in the interface language, with Intl. Decimals from the API are exact
 * strings; Intl.NumberFormat formats numeric strings exactly, so nothing is rounded through floats.
 */
export function useFormat() {
  const { i18n } = useTranslation();
  const tag = INTL_LOCALE[isLocale(i18n.language) ? i18n.language : 'nb'];
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
    const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
    // LocalDate (YYYY-MM-DD) has no time zone: format it as a calendar date, in UTC.
    const localDate = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
    const time = new Intl.DateTimeFormat(tag, { timeStyle: 'short' });
    const number = new Intl.NumberFormat(tag, { maximumFractionDigits: 3 });
    const list = new Intl.ListFormat(tag, { type: 'conjunction' });
    const formats = new Map<string, Intl.NumberFormat>();
    const asNumber = (v: Numeric) => v as unknown as number;
    /** A currency format with `decimals` decimals, made once per currency and precision. */
    const moneyFormat = (currency: string, decimals: number) => {
      const key = `${currency}:${decimals}`;
      let f = formats.get(key);
      if (!f) {
        f = new Intl.NumberFormat(tag, {
          style: 'currency',
          currency,
          minimumFractionDigits: decimals,
          maximumFractionDigits: decimals,
        });
        formats.set(key, f);
      }
      return f;
    };
    return {
      tag,
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      date: (iso: string) => date.format(new Date(iso)),
      localDate: (ymd: string) => localDate.format(new Date(`${ymd}T00:00:00Z`)),
      time: (iso: string) => time.format(new Date(iso)),
      number: (v: Numeric) => number.format(asNumber(v)),
      /** Names or parts in a sentence: "A, B and C" (nb: "A, B og C"). */
      list: (items: readonly string[]) => list.format(items),
      currency: (v: Numeric, currency: string) => moneyFormat(currency, 2).format(asNumber(v)),
      /** Money as a computation reads it: whole amounts without decimals (3 000 000 kr), others with two. */
      money: (v: Numeric, currency: string) =>
        moneyFormat(currency, /^-?\d+(\.0+)?$/.test(String(v)) ? 0 : 2).format(asNumber(v)),
    };
  }, [tag]);
}
