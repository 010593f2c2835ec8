import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../lib/graphql';
import { concerns, useRefresh, useViewerEvents } from '../lib/live';

const UnreadCountQuery = graphql(`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`);

/**
 * The header's bell: the viewer's unread notices, kept right live by the viewer's own events (a new
 * notice, or notices read in another tab), and the way to the inbox.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: UnreadCountQuery, requestPolicy: 'cache-and-network' });
  const refresh = useRefresh(refetch);
  useViewerEvents((e) => {
    if (concerns(e, ['notifications'])) refresh();
  });
  const count = data?.unreadNotificationCount ?? 0;
  return (
    <NavLink
      to="/notifications"
      className="bell"
      aria-label={t('notifications.bellLabel', { count })}
      data-unread={count > 0 ? 'true' : undefined}
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
        />
      </svg>
      <span className="bell-count" aria-hidden="true">
        {count > 99 ? '99+' : count}
      </span>
    </NavLink>
  );
}
