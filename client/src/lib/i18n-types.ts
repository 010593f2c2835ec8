import type { en } from '../locales/en';

// Typed translation keys: t('a.missing.key') fails the type check instead of showing the key.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
