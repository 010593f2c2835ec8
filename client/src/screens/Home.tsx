import { Badge, Button, Card, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Link as RouterLink, useLocation } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { GuestTag, isGuestOrganisation } from '../components/Guest';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { useCoalesced, useGroupEvents, useViewerEvents } from '../lib/live';
import { useViewer } from '../lib/session';
import { useMilestoneTitle } from '../lib/procurement';
import { useThreadTitle } from '../lib/threads';
import { usePageTitle } from '../lib/title';
import { DialogueList } from './MarketDialogues';

const HomeQuery = graphql(`
  query Home {
    buyerGroups(scope: MINE, first: 100) {
      nodes {
        id
        name
        focusArea
        status
        viewerMembership {
          id
          role
          status
          message
          createdAt
          guest
        }
        memberships(status: [REQUESTED], first: 50) {
          nodes {
            id
            message
            createdAt
            organisation {
              id
              name
            }
          }
        }
      }
    }
    procurementTasks {
      mandatesToSign {
        id
        procurement {
          id
          title
          group {
            id
          }
        }
      }
      decisionsToVote {
        id
        title
        closesAt
        procurement {
          id
          title
          group {
            id
          }
        }
      }
      upcomingMilestones {
        id
        kind
        title
        dueAt
        status
        procurement {
          id
          title
          group {
            id
          }
        }
      }
    }
    notifications(first: 20, unreadOnly: true) {
      totalCount
      nodes {
        id
        kind
        createdAt
        actor {
          id
          displayName
        }
        group {
          id
          name
        }
        thread {
          id
          title
          kind
        }
        message {
          id
          seq
        }
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

const AcceptInvitation = graphql(`
  mutation AcceptInvitation($groupId: ID!) {
    acceptInvitation(groupId: $groupId) {
      id
      status
      role
    }
  }
`);
const DeclineInvitation = graphql(`
  mutation DeclineInvitation($groupId: ID!) {
    declineInvitation(groupId: $groupId) {
      id
      status
    }
  }
`);
export const ApproveJoinRequest = graphql(`
  mutation ApproveJoinRequest($input: ApproveJoinRequestInput!) {
    approveJoinRequest(input: $input) {
      id
      status
      role
    }
  }
`);
export const DeclineJoinRequest = graphql(`
  mutation DeclineJoinRequest($input: MemberInput!) {
    declineJoinRequest(input: $input) {
      id
      status
    }
  }
`);
const MarkNotificationRead = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      readAt
    }
  }
`);

type HomeGroup = ResultOf<typeof HomeQuery>['buyerGroups']['nodes'][number];

/** One active group with its unread count, kept live by the group's event stream. */
function GroupCard({ group, onChange }: { group: HomeGroup; onChange: () => void }) {
  const { t } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: GroupUnreadQuery, variables: { id: group.id } });
  const refresh = useCoalesced(() => refetch({ requestPolicy: 'network-only' }));
  useGroupEvents(
    group.id,
    (e) => {
      if (e.type.startsWith('message.') || e.type === 'read.updated' || e.type === 'resync') refresh();
      if (
        e.type.startsWith('membership.') ||
        e.type === 'guest.changed' ||
        ['mandate.', 'decision.', 'milestone.', 'participant.', 'procurement.'].some((p) => e.type.startsWith(p))
      )
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
  const milestoneTitle = useMilestoneTitle();
  const threadTitle = useThreadTitle();
  const [{ data, fetching, error }, refetch] = useQuery({ query: HomeQuery });
  const refresh = useCoalesced(() => refetch({ requestPolicy: 'network-only' }));
  useViewerEvents(() => refresh());
  const [accept, acceptInvitation] = useMutation(AcceptInvitation);
  const [decline, declineInvitation] = useMutation(DeclineInvitation);
  const [approve, approveRequest] = useMutation(ApproveJoinRequest);
  const [declineReq, declineRequest] = useMutation(DeclineJoinRequest);
  const [, markRead] = useMutation(MarkNotificationRead);
  const [done, setDone] = useState<string | null>(null);

  if (!data) return fetching ? <Loading /> : <ErrorAlert error={error} />;
  const groups = data.buyerGroups.nodes;
  const active = groups.filter((g) => g.viewerMembership?.status === 'ACTIVE');
  const invitations = groups.filter((g) => g.viewerMembership?.status === 'INVITED');
  const pendingOwn = groups.filter((g) => g.viewerMembership?.status === 'REQUESTED');
  const requests = active
    .filter((g) => g.viewerMembership?.role === 'COORDINATOR')
    .flatMap((g) => g.memberships.nodes.map((m) => ({ group: g, membership: m })));
  const notifications = data.notifications.nodes.filter((n) => n.kind === 'MENTION' || n.kind === 'REPLY');
  const { mandatesToSign, decisionsToVote, upcomingMilestones } = data.procurementTasks;
  const procurementLink = (p: { id: string; group: { id: string } }, section: string) =>
    `/groups/${p.group.id}/procurements/${p.id}#${section}`;
  const taskCount =
    invitations.length +
    requests.length +
    notifications.length +
    mandatesToSign.length +
    decisionsToVote.length +
    upcomingMilestones.length;
  const isSupplier = viewer?.organisation.kind === 'SUPPLIER';
  const guestAccount = isGuestOrganisation(viewer?.organisation);
  // A new guest who just chose a password goes straight to the one group they were invited to.
  const guestGroups = active.filter((g) => g.viewerMembership?.guest);
  if ((location.state as { guestWelcome?: boolean } | null)?.guestWelcome && guestGroups.length === 1) {
    return <Navigate to={`/groups/${guestGroups[0].id}`} replace />;
  }
  const mutationError = accept.error ?? decline.error ?? approve.error ?? declineReq.error;

  return (
    <div className="stack-lg">
      <Heading level={1} data-size="lg">
        {t('home.greeting', { name: viewer?.displayName ?? '' })}
      </Heading>
      <div role="status" aria-live="polite" className="visually-hidden-when-empty">
        {done}
      </div>
      <ErrorAlert error={mutationError} />

      <section aria-labelledby="tasks-heading" className="stack">
        <Heading level={2} data-size="md" id="tasks-heading">
          {t('home.tasks')}
        </Heading>
        {taskCount === 0 && <Paragraph>{t('home.noTasks')}</Paragraph>}
        {invitations.length > 0 && (
          <ul className="task-list" aria-label={t('home.invitations')}>
            {invitations.map((g) => (
              <li key={g.id} className="task">
                <Paragraph>
                  {t('home.invitedTo')} <RouterLink to={`/groups/${g.id}`}>{g.name}</RouterLink>{' '}
                  {t('home.asRole', { role: t(`role.${g.viewerMembership!.role}`) })}
                </Paragraph>
                {g.viewerMembership?.message && <Paragraph data-size="sm">“{g.viewerMembership.message}”</Paragraph>}
                <div className="row">
                  <Button
                    data-size="sm"
                    onClick={async () => {
                      const r = await acceptInvitation({ groupId: g.id });
                      if (!r.error) setDone(t('home.accepted', { group: g.name }));
                      refresh();
                    }}
                  >
                    {t('home.accept', { group: g.name })}
                  </Button>
                  <Button
                    data-size="sm"
                    variant="secondary"
                    onClick={async () => {
                      const r = await declineInvitation({ groupId: g.id });
                      if (!r.error) setDone(t('home.declined', { group: g.name }));
                      refresh();
                    }}
                  >
                    {t('home.decline', { group: g.name })}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
        {requests.length > 0 && (
          <ul className="task-list" aria-label={t('home.joinRequests')}>
            {requests.map(({ group, membership }) => (
              <li key={membership.id} className="task">
                <Paragraph>
                  {t('home.wantsToJoin', { organisation: membership.organisation.name })}{' '}
                  <RouterLink to={`/groups/${group.id}`}>{group.name}</RouterLink> ({f.date(membership.createdAt)})
                </Paragraph>
                {membership.message && <Paragraph data-size="sm">“{membership.message}”</Paragraph>}
                <div className="row">
                  <Button
                    data-size="sm"
                    onClick={async () => {
                      await approveRequest({
                        input: { groupId: group.id, organisationId: membership.organisation.id, role: 'MEMBER' },
                      });
                      refresh();
                    }}
                  >
                    {t('members.approve', { organisation: membership.organisation.name })}
                  </Button>
                  <Button
                    data-size="sm"
                    variant="secondary"
                    onClick={async () => {
                      await declineRequest({
                        input: { groupId: group.id, organisationId: membership.organisation.id },
                      });
                      refresh();
                    }}
                  >
                    {t('members.declineRequest', { organisation: membership.organisation.name })}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
        {notifications.length > 0 && (
          <ul className="task-list" aria-label={t('home.notifications')}>
            {notifications.map((n) => (
              <li key={n.id} className="task">
                <Paragraph>
                  {t(n.kind === 'MENTION' ? 'home.mentioned' : 'home.replied', { name: n.actor?.displayName ?? '' })}{' '}
                  {n.group && n.thread ? (
                    <RouterLink
                      to={`/groups/${n.group.id}/threads/${n.thread.id}`}
                      onClick={() => void markRead({ id: n.id })}
                    >
                      {threadTitle(n.thread)}
                    </RouterLink>
                  ) : null}{' '}
                  <span className="muted">{f.dateTime(n.createdAt)}</span>
                </Paragraph>
              </li>
            ))}
          </ul>
        )}
        {mandatesToSign.length > 0 && (
          <ul className="task-list" aria-label={t('home.mandatesToSign')}>
            {mandatesToSign.map((m) => (
              <li key={m.id} className="task">
                <Paragraph>
                  {t('home.signMandate')}{' '}
                  <RouterLink to={procurementLink(m.procurement, 'participants')}>{m.procurement.title}</RouterLink>
                </Paragraph>
              </li>
            ))}
          </ul>
        )}
        {decisionsToVote.length > 0 && (
          <ul className="task-list" aria-label={t('home.decisionsToVote')}>
            {decisionsToVote.map((d) => (
              <li key={d.id} className="task">
                <Paragraph>
                  {t('home.vote', { title: d.title, date: f.dateTime(d.closesAt) })}{' '}
                  <RouterLink to={procurementLink(d.procurement, 'decisions')}>{d.procurement.title}</RouterLink>
                </Paragraph>
              </li>
            ))}
          </ul>
        )}
        {upcomingMilestones.length > 0 && (
          <ul className="task-list" aria-label={t('home.deadlines')}>
            {upcomingMilestones.map((m) => (
              <li key={m.id} className="task">
                <Paragraph>
                  <Tag data-size="sm" data-color={m.status === 'OVERDUE' ? 'danger' : 'info'}>
                    {t(`milestoneStatus.${m.status}`)}
                  </Tag>{' '}
                  {t('home.milestone', { title: milestoneTitle(m), date: f.dateTime(m.dueAt) })}{' '}
                  <RouterLink to={procurementLink(m.procurement, 'milestones')}>{m.procurement.title}</RouterLink>
                </Paragraph>
              </li>
            ))}
          </ul>
        )}
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
