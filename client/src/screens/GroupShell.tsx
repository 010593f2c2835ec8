import { Alert, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { GuestAccessEnded, GuestTag, useGuestUntil } from '../components/Guest';
import { MuteToggle } from '../components/MuteToggle';
import { errorCode } from '../lib/errors';
import { dataOf } from '../lib/events';
import { graphql, type ResultOf } from '../lib/graphql';
import { forgetGuestAccess, isAccessRefusal, rememberGuestAccess, wasGuestOf } from '../lib/guest';
import {
  concerns,
  useGroupEvents,
  useListener,
  useRefetchOn,
  useRefresh,
  type Listeners,
  type LiveEvent,
  type Refetch,
  type Topics,
} from '../lib/live';
import { useViewer } from '../lib/session';
import { usePageTitle } from '../lib/title';

const GroupShellQuery = graphql(`
  query GroupShell($id: ID!) {
    buyerGroup(id: $id) {
      id
      name
      description
      focusArea
      status
      visibility
      cpvCodes
      cpv {
        code
        title
      }
      createdAt
      viewerMuted
      createdBy {
        id
        name
      }
      viewerMembership {
        id
        role
        status
        message
        guest
      }
    }
  }
`);

/**
 * A guest's own end date. The viewer's stand-in membership says `guest` but not until when, so it
 * is read from the group's guest list (which guests may read too).
 */
const GuestAccessQuery = graphql(`
  query GuestAccess($id: ID!) {
    buyerGroup(id: $id) {
      id
      guests {
        id
        endsAt
        active
        user {
          id
        }
      }
    }
  }
`);

export type ShellGroup = ResultOf<typeof GroupShellQuery>['buyerGroup'];

interface GroupContextValue {
  group: ShellGroup;
  /** The viewer's organisation is an active member, or the viewer a guest (may read needs, threads, documents). */
  isMember: boolean;
  isCoordinator: boolean;
  /** The viewer takes part as a guest: a person until an end date, acting for no organisation. */
  isGuest: boolean;
  /**
   * The viewer acts for a member organisation: states interests, adds needs, votes, signs
   * mandates, records values. Observers and guests do not (the server refuses them).
   */
  actsForOrganisation: boolean;
  listeners: Listeners;
  refetch(): void;
}

const GroupContext = createContext<GroupContextValue | null>(null);

export function useGroup(): GroupContextValue {
  const value = useContext(GroupContext);
  if (!value) throw new Error('useGroup outside a group page');
  return value;
}

/** Runs `listener` for each of the group's live events while the calling component is mounted. */
export const useGroupListener = (listener: (e: LiveEvent) => void) => useListener(useGroup().listeners, listener);

/** Refetches on the group's events that change one of `topics`; returns the refresh. */
export const useGroupRefetch = (topics: Topics, refetch: Refetch) =>
  useRefetchOn(useGroup().listeners, topics, refetch);

/**
 * The frame of every group screen: the name, the sub-navigation, and the one stream of the
 * group's events that the screens inside listen to (so switching tabs does not reopen it).
 */
export function GroupShell() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const until = useGuestUntil();
  const { groupId } = useParams<{ groupId: string }>();
  const [{ data, fetching, error }, refetch] = useQuery({ query: GroupShellQuery, variables: { id: groupId! } });
  const group = data?.buyerGroup;
  const isMember = group?.viewerMembership?.status === 'ACTIVE';
  const isGuest = isMember && group?.viewerMembership?.guest === true;
  const [{ data: guestData }, refetchGuest] = useQuery({
    query: GuestAccessQuery,
    variables: { id: groupId! },
    pause: !isGuest,
  });
  const ownGrant = guestData?.buyerGroup.guests.find((g) => g.user.id === viewer?.id && g.active);
  /**
   * Set when the guest's live stream ended with a refusal: the group (named as it was) is gone for
   * them. Kept per group, as the shell stays mounted when the viewer moves to another group.
   */
  const [endedIn, setEndedIn] = useState<{ groupId: string; name: string } | null>(null);
  const ended = endedIn?.groupId === groupId ? endedIn : null;
  // The server answers NOT_FOUND for a group whose guest access ended, as for any group one may
  // not see: where this tab knows the viewer was a guest there, the page says what happened.
  const endedBefore = !group && errorCode(error) === 'NOT_FOUND' && !!viewer && wasGuestOf(viewer.id, groupId!);
  usePageTitle(ended || endedBefore ? t('guests.accessEnded.title') : group?.name);
  const [listeners] = useState<Listeners>(() => new Set());
  const refresh = useRefresh(refetch);

  // Remembered so that, once the access ends, the server's NOT_FOUND can be told apart from a
  // group that never was the viewer's (wasGuestOf below).
  useEffect(() => {
    if (!viewer || !group) return;
    if (isGuest) rememberGuestAccess(viewer.id, group.id);
    else if (isMember) forgetGuestAccess(viewer.id, group.id);
  }, [viewer, group, isGuest, isMember]);

  useGroupEvents(
    isMember && !ended ? groupId! : null,
    (e) => {
      if (concerns(e, ['group', 'memberships'])) refresh();
      const guest = dataOf(e, 'GUEST_CHANGED');
      if (isGuest && guest && guest.userId === viewer?.id) {
        refetchGuest({ requestPolicy: 'network-only' });
      }
      for (const l of listeners) l(e);
    },
    (code) => {
      if (!isAccessRefusal(code)) return;
      // A guest's access ended (revoked or run out): say so instead of a page that stops working.
      if (isGuest && group) setEndedIn({ groupId: group.id, name: group.name });
      // A member organisation that was removed sees the group as any other organisation would.
      refresh();
    },
  );

  const value = useMemo<GroupContextValue | null>(
    () =>
      group
        ? {
            group,
            isMember,
            isCoordinator: isMember && !isGuest && group.viewerMembership?.role === 'COORDINATOR',
            isGuest,
            actsForOrganisation: isMember && !isGuest && group.viewerMembership?.role !== 'OBSERVER',
            listeners,
            refetch: () => refetch({ requestPolicy: 'network-only' }),
          }
        : null,
    [group, isMember, isGuest, listeners, refetch],
  );

  if (ended) return <GuestAccessEnded groupName={ended.name} />;
  if (!value) {
    if (endedBefore) return <GuestAccessEnded />;
    return fetching ? <Loading /> : <ErrorAlert error={error} />;
  }
  const tabs = [
    { to: '', label: t('group.tabs.members'), end: true },
    ...(isMember
      ? [
          { to: 'needs', label: t('group.tabs.needs'), end: false },
          { to: 'threads', label: t('group.tabs.threads'), end: false },
          { to: 'documents', label: t('group.tabs.documents'), end: false },
          { to: 'procurements', label: t('group.tabs.procurements'), end: false },
        ]
      : []),
    ...(value.isCoordinator ? [{ to: 'settings', label: t('group.tabs.settings'), end: false }] : []),
  ];
  const membership = value.group.viewerMembership;
  return (
    <GroupContext.Provider value={value}>
      <div className="stack">
        <div>
          <Heading level={1} data-size="lg">
            {value.group.name}
          </Heading>
          <div className="row">
            <Tag data-size="sm">{t(`focusArea.${value.group.focusArea}`)}</Tag>
            <Tag data-size="sm" data-color="neutral">
              {t(`groupStatus.${value.group.status}`)}
            </Tag>
            {isGuest ? (
              <GuestTag />
            ) : (
              membership &&
              membership.status !== 'LEFT' && (
                <Tag data-size="sm" data-color="success">
                  {t(`role.${membership.role}`)}
                  {membership.status !== 'ACTIVE' && ` · ${t(`membershipStatus.${membership.status}`)}`}
                </Tag>
              )
            )}
          </div>
          <Paragraph data-size="sm" className="muted">
            {t('group.formedBy', { organisation: value.group.createdBy.name })}
          </Paragraph>
          {/* Notices of a group come to those who take part in it: they may silence them here. */}
          {isMember && (
            <MuteToggle
              scope={{ kind: 'group', groupId: value.group.id }}
              name={value.group.name}
              muted={value.group.viewerMuted}
              onChange={value.refetch}
            />
          )}
        </div>
        {isGuest && (
          <Alert data-color="info" className="guest-notice">
            <Paragraph>
              <strong>
                {ownGrant ? t('guests.notice.until', { date: until(ownGrant.endsAt) }) : t('guests.notice.noDate')}
              </strong>
            </Paragraph>
            <Paragraph data-size="sm">{t('guests.notice.what')}</Paragraph>
          </Alert>
        )}
        <nav aria-label={t('group.sections')}>
          <ul className="tab-nav">
            {tabs.map((tab) => (
              <li key={tab.to}>
                <NavLink to={tab.to} end={tab.end}>
                  {tab.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <Outlet />
      </div>
    </GroupContext.Provider>
  );
}
