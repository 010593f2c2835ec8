import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Who reads what is written in a procurement's channel. The public dialogue channel reaches every
 * registered supplier and the buyers-only channel none of them; the two must never look alike, so
 * they differ in words, icon and border (a dashed frame for the public one), not only in colour.
 */
export type Audience = 'PUBLIC' | 'BUYERS';

/** The audience of a thread kind, when it has one other than the group. */
export const audienceOf = (kind: string | undefined): Audience | null =>
  kind === 'PUBLIC_DIALOGUE' ? 'PUBLIC' : kind === 'BUYERS' ? 'BUYERS' : null;

/** A megaphone: said to everyone. */
function PublicIcon() {
  return (
    <svg className="audience-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M3 10v4a1 1 0 0 0 1 1h2l5 4V5L6 9H4a1 1 0 0 0-1 1Zm13-3.5a7 7 0 0 1 0 11M14 9a3.5 3.5 0 0 1 0 6"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** A padlock: kept among the buyers. */
function BuyersIcon() {
  return (
    <svg className="audience-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M6 11h12v9H6zM8.5 11V8a3.5 3.5 0 0 1 7 0v3"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** The mark above a channel and in its composer: the audience in words, with what it means. */
export function AudienceMark({
  audience,
  id,
  compact = false,
  children,
}: {
  audience: Audience;
  /** The label alone (over a text box, under the channel's full mark). */
  compact?: boolean;
  /** For aria-describedby of the text box the mark stands over. */
  id?: string;
  /** More: a link to the other channel. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div
      id={id}
      className={`audience audience-${audience.toLowerCase()}${compact ? ' audience-compact' : ''}`}
      data-testid={`audience-${audience}`}
    >
      {audience === 'PUBLIC' ? <PublicIcon /> : <BuyersIcon />}
      <div>
        <strong className="audience-label">
          {audience === 'PUBLIC' ? t('audience.publicLabel') : t('audience.buyersLabel')}
        </strong>{' '}
        {!compact && (
          <span className="audience-text">
            {audience === 'PUBLIC' ? t('audience.publicText') : t('audience.buyersText')}
          </span>
        )}
        {children && <> {children}</>}
      </div>
    </div>
  );
}

/** The short form, beside a channel's name in lists and links. */
export function AudienceTag({ audience }: { audience: Audience }) {
  const { t } = useTranslation();
  return (
    <span className={`audience-tag audience-tag-${audience.toLowerCase()}`}>
      {audience === 'PUBLIC' ? <PublicIcon /> : <BuyersIcon />}
      {audience === 'PUBLIC' ? t('audience.publicTag') : t('audience.buyersTag')}
    </span>
  );
}

const confirmedKey = (threadId: string) => `samverka.public-confirmed.${threadId}`;

/** Whether the viewer has confirmed writing to this public channel in this browser session. */
export function publicConfirmed(threadId: string): boolean {
  try {
    return sessionStorage.getItem(confirmedKey(threadId)) === '1';
  } catch {
    return false;
  }
}

export function rememberPublicConfirmed(threadId: string): void {
  try {
    sessionStorage.setItem(confirmedKey(threadId), '1');
  } catch {
    // Without session storage the question simply comes again next time.
  }
}
