import { Button } from '@digdir/designsystemet-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { ConfirmAction } from '../components/Actions';
import { LiveStatus, ProblemAlert, QueryState, useChangeErrorText } from '../components/Feedback';
import { pageOf, PersonListItem, PersonTags, ResultList, SearchField, usePagedSearch } from '../components/Lists';
import { Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { useStatus } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';

// An organisation's people as its administrators manage them: approvals, roles, suspensions.

/** What a change to a person answers with: the row of the people list, updated. */
export const USER_RESULT = `id displayName role status`;

const ApprovalQueueQuery = graphql(`
  query ApprovalQueue($organisationId: ID!) {
    users(organisationId: $organisationId, status: [PENDING_APPROVAL], first: 100) {
      totalCount
      nodes {
        id
        displayName
        email
        createdAt
      }
    }
  }
`);

const PeopleQuery = graphql(`
  query OrganisationPeople($organisationId: ID!, $status: [UserStatus!], $search: String, $after: String) {
    users(organisationId: $organisationId, status: $status, search: $search, first: 50, after: $after) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        id
        displayName
        email
        role
        status
        createdAt
      }
    }
  }
`);

const DeclineUser = graphql(`
  mutation DeclineUser($id: ID!) {
    declineUser(id: $id)
  }
`);

const ApproveUser = graphql(`mutation ApproveUser($id: ID!) { approveUser(id: $id) { ${USER_RESULT} } }`);
const SuspendUser = graphql(`mutation SuspendUser($id: ID!) { suspendUser(id: $id) { ${USER_RESULT} } }`);
const ReinstateUser = graphql(`mutation ReinstateUser($id: ID!) { reinstateUser(id: $id) { ${USER_RESULT} } }`);

const SetUserRole = graphql(`
  mutation SetUserRole($id: ID!, $role: OrganisationRole!) { setUserRole(id: $id, role: $role) { ${USER_RESULT} } }
`);

type Person = ResultOf<typeof PeopleQuery>['users']['nodes'][number];

/** An administrator's failed change, in words: the rules this page runs into, else the plain text. */
function useAdminErrorText() {
  const { t } = useTranslation();
  return useChangeErrorText({
    invalidState: t('adminOrg.people.lastAdmin'),
    forbidden: t('adminOrg.people.forbidden'),
  });
}

/** People who confirmed their address and wait for an administrator. */
export function ApprovalQueue({ organisationId, onChange }: { organisationId: string; onChange: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const errorText = useAdminErrorText();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ApprovalQueueQuery,
    variables: { organisationId },
    requestPolicy: 'cache-and-network',
  });
  const [approved, approve] = useMutation(ApproveUser);
  const [declined, decline] = useMutation(DeclineUser);
  const [confirming, setConfirming] = useState<string | null>(null);
  const waiting = data?.users.nodes ?? [];
  const failure = approved.error ?? declined.error;
  const { status, report } = useStatus(() => {
    refetch({ requestPolicy: 'network-only' });
    onChange();
  });

  return (
    <Section headingId="queue-heading" title={t('adminOrg.queue.title', { count: waiting.length })}>
      <ProblemAlert text={errorText(failure)} />
      <LiveStatus>{status}</LiveStatus>
      <QueryState
        error={error}
        loading={!data && fetching}
        empty={data && waiting.length === 0 && t('adminOrg.queue.none')}
      />
      <ul className="task-list">
        {waiting.map((u) => (
          <li key={u.id} className="task stack-sm">
            <div className="stack-sm">
              <strong>{u.displayName}</strong>
              <span className="break-anywhere">{u.email}</span>
              <span className="small muted">{t('adminOrg.queue.registered', { date: f.dateTime(u.createdAt) })}</span>
            </div>
            {confirming === u.id ? (
              <ConfirmAction
                question={t('adminOrg.queue.confirmDecline', { name: u.displayName })}
                confirmLabel={t('adminOrg.queue.confirmDeclineButton', { name: u.displayName })}
                loading={declined.fetching}
                onConfirm={async () => {
                  const r = await decline({ id: u.id });
                  setConfirming(null);
                  report(r, t('adminOrg.queue.declined', { name: u.displayName }));
                }}
                onCancel={() => setConfirming(null)}
              />
            ) : (
              <div className="row">
                <Button
                  data-size="sm"
                  onClick={async () =>
                    report(await approve({ id: u.id }), t('adminOrg.queue.approved', { name: u.displayName }))
                  }
                >
                  {t('adminOrg.queue.approve', { name: u.displayName })}
                </Button>
                <Button data-size="sm" variant="secondary" onClick={() => setConfirming(u.id)}>
                  {t('adminOrg.queue.decline', { name: u.displayName })}
                </Button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

const PEOPLE_FILTERS = {
  current: ['ACTIVE', 'SUSPENDED'],
  ACTIVE: ['ACTIVE'],
  SUSPENDED: ['SUSPENDED'],
  PENDING_VERIFICATION: ['PENDING_VERIFICATION'],
} as const;
type PeopleFilter = keyof typeof PEOPLE_FILTERS;

/** One person with what an administrator may do to them (never to themselves: the server refuses). */
function PersonItem({ person, viewerId, onChange }: { person: Person; viewerId: string; onChange: () => void }) {
  const { t } = useTranslation();
  const errorText = useAdminErrorText();
  const [roleResult, setRole] = useMutation(SetUserRole);
  const [suspended, suspend] = useMutation(SuspendUser);
  const [reinstated, reinstate] = useMutation(ReinstateUser);
  const [declined, decline] = useMutation(DeclineUser);
  const [confirming, setConfirming] = useState<'suspend' | 'decline' | null>(null);
  const { status, report } = useStatus(onChange);
  const self = person.id === viewerId;
  const name = person.displayName;
  const failure = roleResult.error ?? suspended.error ?? reinstated.error ?? declined.error;
  const after = (result: { error?: CombinedError }, text: string) => {
    setConfirming(null);
    report(result, text);
  };

  return (
    <PersonListItem
      name={name}
      mark={self && <span className="muted">{t('adminOrg.people.you')}</span>}
      details={
        <>
          <span className="break-anywhere small">{person.email}</span>
          <PersonTags role={person.role} status={person.status} />
        </>
      }
      problem={errorText(failure)}
      status={status}
    >
      {!self && confirming === null && (
        <div className="row">
          <Button
            data-size="sm"
            variant="secondary"
            loading={roleResult.fetching}
            onClick={async () => {
              const role = person.role === 'ADMIN' ? 'MEMBER' : 'ADMIN';
              const r = await setRole({ id: person.id, role });
              after(r, t('adminOrg.people.roleChanged', { name, role: t(`orgRole.${role}`) }));
            }}
          >
            {person.role === 'ADMIN'
              ? t('adminOrg.people.makeMember', { name })
              : t('adminOrg.people.makeAdmin', { name })}
          </Button>
          {person.status === 'ACTIVE' && (
            <Button data-size="sm" variant="tertiary" onClick={() => setConfirming('suspend')}>
              {t('adminOrg.people.suspend', { name })}
            </Button>
          )}
          {person.status === 'SUSPENDED' && (
            <Button
              data-size="sm"
              variant="secondary"
              loading={reinstated.fetching}
              onClick={async () => {
                const r = await reinstate({ id: person.id });
                after(r, t('adminOrg.people.reinstated', { name }));
              }}
            >
              {t('adminOrg.people.reinstate', { name })}
            </Button>
          )}
          {(person.status === 'PENDING_VERIFICATION' || person.status === 'PENDING_APPROVAL') && (
            <Button data-size="sm" variant="tertiary" onClick={() => setConfirming('decline')}>
              {t('adminOrg.queue.decline', { name })}
            </Button>
          )}
        </div>
      )}
      {confirming && (
        <ConfirmAction
          question={
            confirming === 'suspend'
              ? t('adminOrg.people.confirmSuspend', { name })
              : t('adminOrg.queue.confirmDecline', { name })
          }
          confirmLabel={
            confirming === 'suspend'
              ? t('adminOrg.people.confirmSuspendButton', { name })
              : t('adminOrg.queue.confirmDeclineButton', { name })
          }
          loading={suspended.fetching || declined.fetching}
          onConfirm={async () => {
            if (confirming === 'suspend') {
              const r = await suspend({ id: person.id });
              after(r, t('adminOrg.people.suspended', { name }));
            } else {
              const r = await decline({ id: person.id });
              after(r, t('adminOrg.queue.declined', { name }));
            }
          }}
          onCancel={() => setConfirming(null)}
        />
      )}
    </PersonListItem>
  );
}

/** One page of people; the next page hangs below it once asked for. */
function PeoplePage({
  organisationId,
  filter,
  search,
  after,
  viewerId,
  refreshKey,
  onMore,
  onChange,
}: {
  organisationId: string;
  filter: PeopleFilter;
  search: string;
  after: string | null;
  viewerId: string;
  refreshKey: number;
  onMore: (cursor: string) => void;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  // A new refreshKey (a change elsewhere on the page, e.g. a declined registration) asks the network again.
  const context = useMemo(() => ({ requestPolicy: 'network-only' as const, refreshKey }), [refreshKey]);
  const [{ data, fetching, error }] = useQuery({
    query: PeopleQuery,
    variables: { organisationId, status: [...PEOPLE_FILTERS[filter]], search: search || null, after },
    context,
  });
  const users = data?.users;
  return (
    <ResultList
      error={error}
      loading={!data && fetching}
      {...pageOf(users, after === null, (count) => t('adminOrg.people.count', { count }), t('adminOrg.people.none'))}
      moreLabel={t('adminOrg.people.more')}
      onMore={onMore}
    >
      {users?.nodes.map((p) => (
        <PersonItem key={p.id} person={p} viewerId={viewerId} onChange={onChange} />
      ))}
    </ResultList>
  );
}

export function People({
  organisationId,
  viewerId,
  refreshKey,
  onChange,
}: {
  organisationId: string;
  viewerId: string;
  refreshKey: number;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<PeopleFilter>('current');
  const paged = usePagedSearch();
  return (
    <Section headingId="people-heading" title={t('adminOrg.people.title')}>
      <div className="row">
        <div className="field">
          <SearchField label={t('adminOrg.people.search')} value={paged.search} onChange={paged.setSearch} />
        </div>
        <SelectField
          label={t('adminOrg.people.show')}
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value as PeopleFilter);
            paged.restart();
          }}
          options={(Object.keys(PEOPLE_FILTERS) as PeopleFilter[]).map((k) => ({
            value: k,
            label: t(`adminOrg.people.filter.${k}`),
          }))}
        />
      </div>
      {paged.cursors.map((after) => (
        <PeoplePage
          key={`${filter}:${paged.query}:${after ?? ''}`}
          organisationId={organisationId}
          filter={filter}
          search={paged.query}
          after={after}
          viewerId={viewerId}
          refreshKey={refreshKey}
          onMore={paged.more}
          onChange={onChange}
        />
      ))}
    </Section>
  );
}
