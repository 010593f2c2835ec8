import { Badge, Button, Card, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Link as RouterLink, useLocation } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, LiveStatus, Loading } from '../components/Feedback';
import { GuestTag, isGuestOrganisation } from '../components/Guest';
import { NOTICE_FIELDS, NoticeText } from '../components/NoticeText';
import { useStatus } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { concerns, useGroupEvents, useRefresh, useViewerEvents } from '../lib/live';
import { useViewer } from '../lib/session';
import { useMilestoneTitle } from '../lib/procurement';
import { useThreadTitle } from '../lib/threads';
import { usePageTitle } from '../lib/title';
import { DialogueList } from './MarketDialogues';

/** Where a task of a procurement leads: its section on the procurement's page. */
const PROCUREMENT_LINK = `procurement { id title group { id } }`;
/**
 * What a change to a membership answers with: its state, so the lists showing it follow (the
 * group's members and the home page's invitations and requests).
 */
export const MEMBERSHIP_RESULT = `id role status`;

const HomeQuery = graphql(`
  query Home {
    buyerGroups(scope: MINE, first: 100) {
      nodes {
        id
        name
        focusArea
        status
        viewerMembership { id role status message createdAt guest }
        memberships(status: [REQUESTED], first: 50) {
          nodes { id message createdAt organisation { id name } }
        }
      }
    }
    myCallOffRights {
      kind
      status
      contract { id lot { id number title } ${PROCUREMENT_LINK} }
    }
    procurementTasks {
      mandatesToSign { id ${PROCUREMENT_LINK} }
      decisionsToVote { id title closesAt ${PROCUREMENT_LINK} }
      upcomingMilestones { id kind title dueAt status ${PROCUREMENT_LINK} }
    }
    notifications(first: 20, unreadOnly: true) {
      totalCount
      nodes {
        ${NOTICE_FIELDS}
        thread { id title kind }
      }
    }
  }
`);

const GroupUnreadQuery = graphql(`
  query GroupUnread($id: ID!) {
    buyerGroup(id: $id) {
      id
      unreadCount
    }
  }
`);

export const AcceptInvitation = graphql(
  `mutation AcceptInvitation($groupId: ID!) { acceptInvitation(groupId: $groupId) { ${MEMBERSHIP_RESULT} } }`,
);

export const DeclineInvitation = graphql(
  `mutation DeclineInvitation($groupId: ID!) { declineInvitation(groupId: $groupId) { ${MEMBERSHIP_RESULT} } }`,
);

const MarkNotificationRead = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      readAt
    }
  }
`);

const ApproveJoinRequest = graphql(
  `mutation ApproveJoinRequest($input: ApproveJoinRequestInput!) { approveJoinRequest(input: $input) { ${MEMBERSHIP_RESULT} } }`,
);

const DeclineJoinRequest = graphql(
  `mutation DeclineJoinRequest($input: MemberInput!) { declineJoinRequest(input: $input) { ${MEMBERSHIP_RESULT} } }`,
);

/**
 * Notices of what the task lists above show as it stands now (an invitation to answer, a mandate
 * to sign, a vote, a deadline): listed there, not twice. Every other unread notice is listed with
 * the tasks: a supplier's answers, documents and meetings, a phase moved, a new version ...
 */
const SHOWN_AS_TASKS = new Set([
  'INVITATION',
  'JOIN_REQUEST',
  'MANDATE_REQUESTED',
  'DECISION_OPENED',
  'DECISION_CLOSING',
  'MILESTONE_DUE',
  'MILESTONE_OVERDUE',
]);

type HomeGroup = ResultOf<typeof HomeQuery>['buyerGroups']['nodes'][number];
type Tasks = ResultOf<typeof HomeQuery>['procurementTasks'];
type CallOffRights = ResultOf<typeof HomeQuery>['myCallOffRights'];

/**
 * A coordinator's answer to an organisation asking to join (on the home page and the group's):
 * approve it as a member, or decline.
 */
export function JoinRequestActions({
  groupId,
  organisation,
  onChange,
}: {
  groupId: string;
  organisation: { id: string; name: string };
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const [approved, approve] = useMutation(ApproveJoinRequest);
  const [declined, decline] = useMutation(DeclineJoinRequest);
  const input = { groupId, organisationId: organisation.id };
  return (
    <>
      <ErrorAlert error={approved.error ?? declined.error} />
      <div className="row">
        <Button data-size="sm" onClick={() => void approve({ input: { ...input, role: 'MEMBER' } }).then(onChange)}>
          {t('members.approve', { organisation: organisation.name })}
        </Button>
        <Button data-size="sm" variant="secondary" onClick={() => void decline({ input }).then(onChange)}>
          {t('members.declineRequest', { organisation: organisation.name })}
        </Button>
      </div>
    </>
  );
}

/** A list of the viewer's tasks of one kind, named for screen readers; nothing when there are none. */
function TaskList<T extends { id: string }>({
  label,
  items,
  children,
}: {
  label: string;
  items: readonly T[];
  children: (item: T) => ReactNode;
}) {
  if (items.length === 0) return null;
  return (
    <ul className="task-list" aria-label={label}>
      {items.map((item) => (
        <li key={item.id} className="task">
          {children(item)}
        </li>
      ))}
    </ul>
  );
}

/** The procurement tasks: mandates to sign, decisions to vote on, deadlines, each leading to its section. */
function ProcurementTasks({ tasks }: { tasks: Tasks }) {
  const { t } = useTranslation();
  const f = useFormat();
  const milestoneTitle = useMilestoneTitle();
  const link = (p: { id: string; title: string; group: { id: string } }, section: string) => (
    <RouterLink to={`/groups/${p.group.id}/procurements/${p.id}#${section}`}>{p.title}</RouterLink>
  );
  return (
    <>
      <TaskList label={t('home.mandatesToSign')} items={tasks.mandatesToSign}>
        {(m) => (
          <Paragraph>
            {t('home.signMandate')} {link(m.procurement, 'participants')}
          </Paragraph>
        )}
      </TaskList>
      <TaskList label={t('home.decisionsToVote')} items={tasks.decisionsToVote}>
        {(d) => (
          <Paragraph>
            {t('home.vote', { title: d.title, date: f.dateTime(d.closesAt) })} {link(d.procurement, 'decisions')}
          </Paragraph>
        )}
      </TaskList>
      <TaskList label={t('home.deadlines')} items={tasks.upcomingMilestones}>
        {(m) => (
          <Paragraph>
            <Tag data-size="sm" data-color={m.status === 'OVERDUE' ? 'danger' : 'info'}>
              {t(`milestoneStatus.${m.status}`)}
            </Tag>{' '}
            {t('home.milestone', { title: milestoneTitle(m), date: f.dateTime(m.dueAt) })}{' '}
            {link(m.procurement, 'milestones')}
          </Paragraph>
        )}
      </TaskList>
    </>
  );
}

/**
 * The authority's own agreements or call-offs under joint contracts that it has not started yet:
 * what each member administers once the joint procurement has done its part.
 */
function CallOffTasks({ rights }: { rights: CallOffRights }) {
  const { t } = useTranslation();
  const open = rights.filter((r) => r.status === 'NOT_STARTED');
  return (
    <TaskList label={t('home.callOffs')} items={open.map((r) => ({ ...r, id: r.contract.id }))}>
      {(r) => (
        <Paragraph>
          {t('home.callOff', { kind: t(`callOffKind.${r.kind}`), lot: r.contract.lot.title })}{' '}
          <RouterLink
            to={`/groups/${r.contract.procurement.group.id}/procurements/${r.contract.procurement.id}#contracts`}
          >
            {r.contract.procurement.title}
          </RouterLink>
        </Paragraph>
      )}
    </TaskList>
  );
}

/** One active group with its unread count, kept live by the group's event stream. */
function GroupCard({ group, onChange }: { group: HomeGroup; onChange: () => void }) {
  const { t } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: GroupUnreadQuery, variables: { id: group.id } });
  const refresh = useRefresh(refetch);
  useGroupEvents(
    group.id,
    (e) => {
      if (concerns(e, ['messages', 'reads'])) refresh();
      if (concerns(e, ['memberships', 'guests', 'mandates', 'decisions', 'milestones', 'participants', 'procurement']))
        onChange();
    },
    // The access ended (the organisation left, or a guest's time is up): the list drops the group.
    () => onChange(),
  );
  const unread = data?.buyerGroup.unreadCount ?? 0;
  return (
    <Card data-color="neutral" className="group-card">
      <Heading level={3} data-size="xs">
        <RouterLink to={`/groups/${group.id}`}>{group.name}</RouterLink>
      </Heading>
      <div className="row">
        <Tag data-size="sm">{t(`focusArea.${group.focusArea}`)}</Tag>
        {group.viewerMembership!.guest ? (
          <GuestTag />
        ) : (
          <Tag data-size="sm" data-color="neutral">
            {t(`role.${group.viewerMembership!.role}`)}
          </Tag>
        )}
        {unread > 0 && (
          <span className="unread">
            <Badge count={unread} maxCount={99} data-color="danger" aria-hidden="true" />
            <span>{t('home.unread', { count: unread })}</span>
          </span>
        )}
      </div>
    </Card>
  );
}

export function Home() {
  const { t } = useTranslation();
  usePageTitle(t('home.title'));
  const viewer = useViewer();
  const location = useLocation();
  const f = useFormat();
  const threadTitle = useThreadTitle();
  const [{ data, fetching, error }, refetch] = useQuery({ query: HomeQuery });
  const refresh = useRefresh(refetch);
  useViewerEvents(() => refresh());
  const [accept, acceptInvitation] = useMutation(AcceptInvitation);
  const [decline, declineInvitation] = useMutation(DeclineInvitation);
  const [, markRead] = useMutation(MarkNotificationRead);
  const { status, report } = useStatus(refresh);

  if (!data) return fetching ? <Loading /> : <ErrorAlert error={error} />;
  const groups = data.buyerGroups.nodes;
  const active = groups.filter((g) => g.viewerMembership?.status === 'ACTIVE');
  const invitations = groups.filter((g) => g.viewerMembership?.status === 'INVITED');
  const pendingOwn = groups.filter((g) => g.viewerMembership?.status === 'REQUESTED');
  const requests = active
    .filter((g) => g.viewerMembership?.role === 'COORDINATOR')
    .flatMap((g) => g.memberships.nodes.map((m) => ({ id: m.id, group: g, membership: m })));
  const notifications = data.notifications.nodes.filter((n) => !SHOWN_AS_TASKS.has(n.kind));
  const unreadNotices = data.notifications.totalCount;
  const { mandatesToSign, decisionsToVote, upcomingMilestones } = data.procurementTasks;
  const taskCount =
    invitations.length +
    requests.length +
    notifications.length +
    mandatesToSign.length +
    decisionsToVote.length +
    upcomingMilestones.length +
    data.myCallOffRights.filter((r) => r.status === 'NOT_STARTED').length;
  const isSupplier = viewer?.organisation.kind === 'SUPPLIER';
  const guestAccount = isGuestOrganisation(viewer?.organisation);
  // A new guest who just chose a password goes straight to the one group they were invited to.
  const guestGroups = active.filter((g) => g.viewerMembership?.guest);
  if ((location.state as { guestWelcome?: boolean } | null)?.guestWelcome && guestGroups.length === 1) {
    return <Navigate to={`/groups/${guestGroups[0].id}`} replace />;
  }

  return (
    <div className="stack-lg">
      <Heading level={1} data-size="lg">
        {t('home.greeting', { name: viewer?.displayName ?? '' })}
      </Heading>
      <LiveStatus>{status}</LiveStatus>
      <ErrorAlert error={accept.error ?? decline.error} />

      <section aria-labelledby="tasks-heading" className="stack">
        <Heading level={2} data-size="md" id="tasks-heading">
          {t('home.tasks')}
        </Heading>
        {taskCount === 0 && unreadNotices === 0 && <Paragraph>{t('home.noTasks')}</Paragraph>}
        <TaskList label={t('home.invitations')} items={invitations}>
          {(g) => (
            <>
              <Paragraph>
                {t('home.invitedTo')} <RouterLink to={`/groups/${g.id}`}>{g.name}</RouterLink>{' '}
                {t('home.asRole', { role: t(`role.${g.viewerMembership!.role}`) })}
              </Paragraph>
              {g.viewerMembership?.message && <Paragraph data-size="sm">“{g.viewerMembership.message}”</Paragraph>}
              <div className="row">
                <Button
                  data-size="sm"
                  onClick={async () =>
                    report(await acceptInvitation({ groupId: g.id }), t('home.accepted', { group: g.name }))
                  }
                >
                  {t('home.accept', { group: g.name })}
                </Button>
                <Button
                  data-size="sm"
                  variant="secondary"
                  onClick={async () =>
                    report(await declineInvitation({ groupId: g.id }), t('home.declined', { group: g.name }))
                  }
                >
                  {t('home.decline', { group: g.name })}
                </Button>
              </div>
            </>
          )}
        </TaskList>
        <TaskList label={t('home.joinRequests')} items={requests}>
          {({ group, membership }) => (
            <>
              <Paragraph>
                {t('home.wantsToJoin', { organisation: membership.organisation.name })}{' '}
                <RouterLink to={`/groups/${group.id}`}>{group.name}</RouterLink> ({f.date(membership.createdAt)})
              </Paragraph>
              {membership.message && <Paragraph data-size="sm">“{membership.message}”</Paragraph>}
              <JoinRequestActions groupId={group.id} organisation={membership.organisation} onChange={refresh} />
            </>
          )}
        </TaskList>
        <TaskList label={t('home.notifications')} items={notifications}>
          {(n) =>
            n.kind === 'MENTION' || n.kind === 'REPLY' ? (
              <Paragraph>
                {t(n.kind === 'MENTION' ? 'home.mentioned' : 'home.replied', { name: n.actor?.displayName ?? '' })}{' '}
                <RouterLink to={n.path} onClick={() => void markRead({ id: n.id })}>
                  {n.thread ? threadTitle(n.thread) : n.details.title}
                </RouterLink>
                {n.group && <> ({n.group.name})</>} <span className="muted">{f.dateTime(n.createdAt)}</span>
              </Paragraph>
            ) : (
              <>
                <RouterLink to={n.path} onClick={() => void markRead({ id: n.id })}>
                  <NoticeText n={n} />
                </RouterLink>
                <Paragraph data-size="sm" className="muted">
                  {f.dateTime(n.createdAt)}
                </Paragraph>
              </>
            )
          }
        </TaskList>
        {unreadNotices > notifications.length && (
          <Paragraph data-size="sm">
            <RouterLink to="/notifications">{t('home.allNotices', { count: unreadNotices })}</RouterLink>
          </Paragraph>
        )}
        <ProcurementTasks tasks={data.procurementTasks} />
        <CallOffTasks rights={data.myCallOffRights} />
        {pendingOwn.length > 0 && (
          <Paragraph data-size="sm">
            {t('home.awaitingApproval', { groups: pendingOwn.map((g) => g.name).join(', ') })}
          </Paragraph>
        )}
      </section>

      {isSupplier ? (
        <DialogueList headingLevel={2} />
      ) : (
        <section aria-labelledby="groups-heading" className="stack">
          <Heading level={2} data-size="md" id="groups-heading">
            {t('home.myGroups')}
          </Heading>
          {active.length === 0 && guestAccount ? (
            <Paragraph>{t('guests.homeNone')}</Paragraph>
          ) : active.length === 0 ? (
            <Paragraph>
              {t('home.noGroups')} <RouterLink to="/groups">{t('home.findGroups')}</RouterLink>
            </Paragraph>
          ) : (
            <div className="card-grid">
              {active.map((g) => (
                <GroupCard key={g.id} group={g} onChange={refresh} />
              ))}
            </div>
          )}
        </section>
      )}
    </div>
  );
}
