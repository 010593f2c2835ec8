/** The API's enums, in the order the forms offer them. */
export const FOCUS_AREAS = [
  'WELFARE_TECHNOLOGY',
  'HEALTH_AND_CARE',
  'TRANSPORT',
  'BUILT_ENVIRONMENT',
  'ENERGY',
  'DIGITAL_SERVICES',
  'CIRCULAR_ECONOMY',
  'EDUCATION',
  'FOOD',
  'OTHER',
] as const;
export const ROLES = ['COORDINATOR', 'MEMBER', 'OBSERVER'] as const;
export const CURRENCIES = ['NOK', 'SEK', 'DKK', 'EUR'] as const;
export const PRIORITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
export const DOCUMENT_KINDS = [
  'NEED_DESCRIPTION',
  'REQUIREMENT_SPECIFICATION',
  'MARKET_DIALOGUE_SUMMARY',
  'MANDATE',
  'CONTRACT',
  'OTHER',
] as const;
export const DOCUMENT_LANGUAGES = ['nb', 'nn', 'sv', 'en'] as const;
export const NEED_STATUSES = ['DRAFT', 'OPEN', 'CONSOLIDATED', 'CLOSED'] as const;
