import { Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { graphql, type ResultOf } from '../lib/graphql';
import { useCoalesced, useGroupEvents, type LiveEvent } from '../lib/live';
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
      createdAt
      createdBy {
        id
        name
      }
      viewerMembership {
        id
        role
        status
        message
      }
    }
  }
`);

export type ShellGroup = ResultOf<typeof GroupShellQuery>['buyerGroup'];

interface GroupContextValue {
  group: ShellGroup;
  /** The viewer's organisation is an active member (may read needs, threads, documents). */
  isMember: boolean;
  isCoordinator: boolean;
  listeners: Set<(e: LiveEvent) => void>;
  refetch(): void;
}

const GroupContext = createContext<GroupContextValue | null>(null);

export function useGroup(): GroupContextValue {
  const value = useContext(GroupContext);
  if (!value) throw new Error('useGroup outside a group page');
  return value;
}

/** Runs `listener` for each of the group's live events while the calling component is mounted. */
export function useGroupListener(listener: (e: LiveEvent) => void): void {
  const { listeners } = useGroup();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    const l = (e: LiveEvent) => latest.current(e);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, [listeners]);
}

/**
 * The frame of every group screen: the name, the sub-navigation, and the one stream of the
 * group's events that the screens inside listen to (so switching tabs does not reopen it).
 */
export function GroupShell() {
  const { t } = useTranslation();
  const { groupId } = useParams<{ groupId: string }>();
  const [{ data, fetching, error }, refetch] = useQuery({ query: GroupShellQuery, variables: { id: groupId! } });
  const group = data?.buyerGroup;
  usePageTitle(group?.name);
  const isMember = group?.viewerMembership?.status === 'ACTIVE';
  const [listeners] = useState(() => new Set<(e: LiveEvent) => void>());
  const refresh = useCoalesced(() => refetch({ requestPolicy: 'network-only' }));
  useGroupEvents(isMember ? groupId! : null, (e) => {
    if (e.type.startsWith('group.') || e.type.startsWith('membership.') || e.type === 'resync') refresh();
    for (const l of listeners) l(e);
  });

  const value = useMemo<GroupContextValue | null>(
    () =>
      group
        ? {
            group,
            isMember,
            isCoordinator: isMember && group.viewerMembership?.role === 'COORDINATOR',
            listeners,
            refetch: () => refetch({ requestPolicy: 'network-only' }),
          }
        : null,
    [group, isMember, listeners, refetch],
  );

  if (!value) return fetching ? <Loading /> : <ErrorAlert error={error} />;
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
  ];
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
            {value.group.viewerMembership && value.group.viewerMembership.status !== 'LEFT' && (
              <Tag data-size="sm" data-color="success">
                {t(`role.${value.group.viewerMembership.role}`)}
                {value.group.viewerMembership.status !== 'ACTIVE' &&
                  ` · ${t(`membershipStatus.${value.group.viewerMembership.status}`)}`}
              </Tag>
            )}
          </div>
          <Paragraph data-size="sm" className="muted">
            {t('group.formedBy', { organisation: value.group.createdBy.name })}
          </Paragraph>
        </div>
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
