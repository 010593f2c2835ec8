import { Button, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, LiveStatus, Loading } from '../components/Feedback';
import { Page } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { concerns, useRefresh, useViewerEvents } from '../lib/live';
import { NOTIFICATION_KINDS, type NotificationKind } from '../lib/notifications';
import { useThreadTitle } from '../lib/threads';

const InboxQuery = graphql(`
  query Inbox($kinds: [NotificationKind!], $unreadOnly: Boolean) {
    unreadNotificationCount
    notifications(first: 100, kinds: $kinds, unreadOnly: $unreadOnly) {
      totalCount
      nodes {
        id
        kind
        path
        readAt
        createdAt
        actor {
          id
          displayName
        }
        group {
          id
          name
        }
        procurement {
          id
          title
        }
        marketDialogue {
          id
          title
        }
        details {
          groupName
          procurementTitle
          title
          threadKind
          organisationName
          at
          phase
          outcome
          approved
          number
        }
      }
    }
  }
`);

const MarkRead = graphql(`
  mutation MarkInboxNoticeRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      readAt
    }
  }
`);

const Mute = graphql(`
  mutation MuteNotifications($groupId: ID, $procurementId: ID) {
    muteNotifications(groupId: $groupId, procurementId: $procurementId) {
      groupId
      procurementId
      name
    }
  }
`);

const MarkAllRead = graphql(`
  mutation MarkInboxAllRead {
    markAllNotificationsRead
  }
`);

type Notice = ResultOf<typeof InboxQuery>['notifications']['nodes'][number];

/** What one notice names, in the reader's language: its subject, who, where, and when it is about. */
function NoticeText({ n }: { n: Notice }) {
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

/** The inbox: every notice, newest first, filtered by kind and by read; each leads to its place. */
export function Notifications() {
  const { t } = useTranslation();
  const f = useFormat();
  const [kind, setKind] = useState<NotificationKind | ''>('');
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [status, setStatus] = useState('');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: InboxQuery,
    variables: { kinds: kind ? [kind] : null, unreadOnly },
    requestPolicy: 'cache-and-network',
  });
  const refresh = useRefresh(refetch);
  useViewerEvents((e) => {
    if (concerns(e, ['notifications'])) refresh();
  });
  const [, markRead] = useMutation(MarkRead);
  const [marking, markAllRead] = useMutation(MarkAllRead);
  const [, mute] = useMutation(Mute);

  /** A notice's procurement (as buyer or dialogue) or else its group: what its mute button silences. */
  const mutable = (n: Notice) =>
    n.procurement
      ? { procurementId: n.procurement.id, name: n.procurement.title }
      : n.marketDialogue
        ? { procurementId: n.marketDialogue.id, name: n.marketDialogue.title }
        : n.group
          ? { groupId: n.group.id, name: n.group.name }
          : null;

  const kindOptions = [
    { value: '', label: t('notifications.allKinds') },
    ...NOTIFICATION_KINDS.map((k) => ({ value: k, label: t(`notificationKind.${k}`) })),
  ];
  const notices = data?.notifications.nodes ?? [];

  return (
    <Page title={t('notifications.title')} className="stack-lg narrow">
      <div className="row align-end">
        <SelectField
          label={t('notifications.show')}
          value={kind}
          options={kindOptions}
          onChange={(e) => setKind(e.target.value as NotificationKind | '')}
        />
        <SelectField
          label={t('notifications.which')}
          value={unreadOnly ? 'unread' : 'all'}
          options={[
            { value: 'all', label: t('notifications.all') },
            { value: 'unread', label: t('notifications.unreadOnly') },
          ]}
          onChange={(e) => setUnreadOnly(e.target.value === 'unread')}
        />
        <Button
          variant="secondary"
          data-size="sm"
          disabled={!data?.unreadNotificationCount || marking.fetching}
          onClick={async () => {
            const r = await markAllRead({});
            if (r.data) setStatus(t('notifications.markedAllRead'));
          }}
        >
          {t('notifications.markAllRead')}
        </Button>
      </div>
      <LiveStatus small success>
        {status}
      </LiveStatus>
      {!data ? (
        fetching ? (
          <Loading />
        ) : (
          <ErrorAlert error={error} />
        )
      ) : notices.length === 0 ? (
        <Paragraph>{t('notifications.none')}</Paragraph>
      ) : (
        <ul className="notice-list" aria-label={t('notifications.title')}>
          {notices.map((n) => (
            <li key={n.id} className="notice-item" data-unread={n.readAt ? undefined : 'true'}>
              <div>
                <RouterLink
                  to={n.path}
                  onClick={() => {
                    if (!n.readAt) void markRead({ id: n.id });
                  }}
                >
                  <NoticeText n={n} />
                </RouterLink>
              </div>
              <div className="stack-sm">
                <span className="muted">
                  {f.dateTime(n.createdAt)}
                  {n.actor && <> · {t('notifications.by', { name: n.actor.displayName })}</>}
                </span>
                {!n.readAt && (
                  <Tag data-size="sm" data-color="info">
                    {t('notifications.unread')}
                  </Tag>
                )}
                {(() => {
                  const scope = mutable(n);
                  return scope ? (
                    <Button
                      variant="tertiary"
                      data-size="sm"
                      aria-label={t('notifications.muteLabel', { name: scope.name })}
                      onClick={async () => {
                        const { name, ...ids } = scope;
                        const r = await mute(ids);
                        if (r.data) setStatus(t('notifications.mutedNow', { name }));
                      }}
                    >
                      {t('notifications.mute')}
                    </Button>
                  ) : null;
                })()}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
