import type { apiErrorsEn } from './api-errors.en';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
/** The shape every language's API error words must fill in. */
export type ApiErrorWords = Strings<typeof apiErrorsEn>;
