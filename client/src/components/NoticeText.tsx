import { Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import type { introspection_types } from '../graphql-env.d.ts';
import { useFormat } from '../lib/format';
import type { NotificationKind } from '../lib/notifications';
import { useThreadTitle } from '../lib/threads';

/** What a notice's line needs (the inbox and the home page select it: `${NOTICE_FIELDS}`). */
export const NOTICE_FIELDS = `
  id kind path readAt createdAt
  actor { id displayName }
  group { id name }
  procurement { id title }
  marketDialogue { id title }
  details { groupName procurementTitle title threadKind organisationName at phase outcome approved number }
`;

/** A notice as NOTICE_FIELDS selects it, as far as its words need. */
export interface NoticeWords {
  kind: NotificationKind;
  details: {
    groupName: string | null;
    procurementTitle: string | null;
    title: string | null;
    threadKind: introspection_types['ThreadKind']['enumValues'] | null;
    organisationName: string | null;
    at: string | null;
    phase: introspection_types['ProcurementPhase']['enumValues'] | null;
    outcome: introspection_types['DecisionOutcome']['enumValues'] | null;
    approved: boolean | null;
    number: number | null;
  };
}

/** What one notice names, in the reader's language: its subject, who, where, and when it is about. */
export function NoticeText({ n }: { n: NoticeWords }) {
  const { t } = useTranslation();
  const f = useFormat();
  const threadTitle = useThreadTitle();
  const d = n.details;
  const what = [
    d.threadKind && d.title ? threadTitle({ kind: d.threadKind, title: d.title }) : d.title,
    d.phase ? t(`phase.${d.phase}`) : null,
    d.outcome ? t(`decisionOutcome.${d.outcome}`) : null,
    d.approved === true ? t('notifications.approved') : d.approved === false ? t('notifications.declined') : null,
    d.number && n.kind === 'DOCUMENT_VERSION' ? t('notifications.versionNumber', { number: d.number }) : null,
    d.number && (n.kind === 'AWARD_MADE' || n.kind === 'STANDSTILL_ENDED')
      ? t('notifications.lotNumber', { number: d.number })
      : null,
    d.organisationName,
    d.at ? f.dateTime(d.at) : null,
  ].filter(Boolean);
  const where = [d.groupName, d.procurementTitle].filter(Boolean).join(' · ');
  return (
    <>
      <Paragraph>
        <strong>{t(`notificationKind.${n.kind}`)}</strong>
        {what.length > 0 && <>: {what.join(' · ')}</>}
      </Paragraph>
      {where && <Paragraph data-size="sm">{where}</Paragraph>}
    </>
  );
}
