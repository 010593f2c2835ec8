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
export const PHASES = [
  'ANCHORING',
  'NEED_ASSESSMENT',
  'MARKET_DIALOGUE',
  'PREPARATION',
  'COMPETITION',
  'CONTRACT_FOLLOW_UP',
  'BENEFITS_REALISATION',
  'CLOSED',
  'CANCELLED',
] as const;
export const PROCEDURE_TYPES = [
  'OPEN',
  'RESTRICTED',
  'NEG_W_CALL',
  'COMP_DIAL',
  'INNOVATION',
  'NEG_WO_CALL',
  'FA_WO_RC',
  'FA_W_RC',
  'FA_MIX',
  'DPS_LIST',
  'DPS_NLIST',
] as const;
export const CONTRACT_TYPES = ['SERVICES', 'SUPPLIES', 'WORKS'] as const;
export const MILESTONE_KINDS = [
  'OPT_OUT_DEADLINE',
  'QUESTION_DEADLINE',
  'DIALOGUE_MEETINGS',
  'TENDER_DEADLINE',
  'AWARD_DECISION',
  'STANDSTILL_END',
  'CONTRACT_START',
  'CONTRACT_END',
  'OTHER',
] as const;
export const CHECKLIST_KEYS = [
  'PARTICIPANTS',
  'LEAD_AUTHORITY',
  'DESCRIPTION',
  'NEED_DESCRIPTION',
  'LOTS',
  'ESTIMATED_VALUE',
  'DIALOGUE_NOTICE',
  'MARKET_DIALOGUE_SUMMARY',
  'REQUIREMENT_SPECIFICATION',
  'SIGNED_MANDATE',
  'SPECIFICATION_APPROVED',
  'TENDER_DEADLINE',
  'AWARD_DECISION',
  'CONTRACT',
  'BENEFIT_BASELINES',
  'BENEFIT_FOLLOW_UP',
] as const;
export const ORGANISATION_KINDS = ['MUNICIPALITY', 'COUNTY', 'STATE_AGENCY', 'PUBLIC_COMPANY', 'SUPPLIER'] as const;
export const COUNTRIES = ['NO', 'SE', 'DK', 'FI'] as const;
export const USER_STATUSES = ['ACTIVE', 'PENDING_APPROVAL', 'PENDING_VERIFICATION', 'SUSPENDED'] as const;
export const ORGANISATION_ROLES = ['ADMIN', 'MEMBER'] as const;
/** Why a single sign-on came back without a session (the server's `sso_error`). */
export const SSO_ERRORS = [
  'unknown_provider',
  'provider_unavailable',
  'state_mismatch',
  'flow_missing',
  'flow_expired',
  'provider_error',
  'invalid_grant',
  'invalid_response',
  'unknown_tenant',
  'unknown_organisation',
  'email_unverified',
  'email_missing',
  'link_required',
  'other_organisation',
  'identity_taken',
  'awaiting_approval',
  'suspended',
  'not_signed_in',
  'unexpected',
] as const;
export type SsoErrorReason = (typeof SSO_ERRORS)[number];
export const isSsoError = (v: unknown): v is SsoErrorReason => SSO_ERRORS.includes(v as SsoErrorReason);
