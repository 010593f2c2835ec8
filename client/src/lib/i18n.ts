import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from '../locales/en';
import { nb } from '../locales/nb';
import { sv } from '../locales/sv';

/** The user interface languages, as the API's `Locale` enum names them. */
export const LOCALES = ['nb', 'sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** BCP 47 tags for Intl: the region decides e.g. the default currency display and date order. */
export const INTL_LOCALE: Record<Locale, string> = { nb: 'nb-NO', sv: 'sv-SE', en: 'en-GB' };

const STORAGE_KEY = 'samverka.locale';

export const isLocale = (v: unknown): v is Locale => LOCALES.includes(v as Locale);

/** Before sign-in: the last choice on this browser, else the browser's languages, else Norwegian. */
export function storedLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage can be disabled; the browser's language still applies.
  }
  for (const lang of navigator.languages ?? []) {
    const base = lang.toLowerCase().split('-')[0];
    if (base === 'nb' || base === 'nn' || base === 'no') return 'nb';
    if (base === 'sv') return 'sv';
    if (base === 'en') return 'en';
  }
  return 'nb';
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, nb: { translation: nb }, sv: { translation: sv } },
  lng: storedLocale(),
  fallbackLng: 'en',
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18next.language;

/** Switches the interface language, remembers it on this browser and tells assistive technology. */
export function applyLocale(locale: Locale): void {
  if (i18next.language !== locale) void i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered on this browser; the profile still has it once signed in.
  }
}

export const currentLocale = (): Locale => (isLocale(i18next.language) ? i18next.language : 'nb');

export { i18next };
