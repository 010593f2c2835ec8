import { Button, Paragraph, Search, Tag } from '@digdir/designsystemet-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import type { UserStatus, Viewer } from '../lib/session';
import { ErrorAlert, LiveStatus, Loading, ProblemAlert } from './Feedback';

/** A searched list shown a page at a time: a new search (or filter) starts again at the first page. */
export function usePagedSearch() {
  const [search, setSearchText] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    search,
    /** The search as sent: without the spaces around it. */
    query: search.trim(),
    /** One page each: null for the first, then the cursor each "more" gave. */
    cursors,
    setSearch: (value: string) => {
      setSearchText(value);
      setCursors([null]);
    },
    restart: () => setCursors([null]),
    more: (cursor: string) => setCursors((list) => [...list, cursor]),
  };
}

/** A search box whose clear button empties it the same way typing does: one change handler for both. */
export function SearchField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Search>
      <Search.Input aria-label={label} placeholder={label} value={value} onChange={(e) => onChange(e.target.value)} />
      <Search.Clear onClick={() => onChange('')} />
    </Search>
  );
}

/** A page of a connection (a list the API gives in pages): how many there are, the items, the next page. */
interface Connection {
  totalCount: number;
  nodes: readonly unknown[];
  pageInfo?: { endCursor?: string | null; hasNextPage: boolean };
}

/**
 * ResultList's count line and next page for one page of a connection: the count (or that there
 * are none) on the first page only, once the answer came.
 */
export function pageOf(
  connection: Connection | undefined,
  first: boolean,
  count: (count: number) => string,
  none: string,
): { summary: string | false | undefined; next: string | null } {
  return {
    summary: first && connection && (connection.nodes.length ? count(connection.totalCount) : none),
    next: (connection?.pageInfo?.hasNextPage && connection.pageInfo.endCursor) || null,
  };
}

/**
 * A list of query results as the admin screens show them: the error, the spinner, a count line,
 * the items and, on a paged list, the button for the next page (which hangs below this one).
 */
export function ResultList({
  error,
  loading,
  summary,
  next,
  moreLabel,
  onMore,
  children,
}: {
  error: CombinedError | undefined;
  loading: boolean;
  /** The count line, or nothing (before the answer, or on a later page). */
  summary?: string | false | null;
  /** The cursor of the next page, when there is one. */
  next?: string | null;
  moreLabel?: string;
  onMore?: (cursor: string) => void;
  children: ReactNode;
}) {
  return (
    <>
      <ErrorAlert error={error} />
      {loading && <Loading />}
      {summary && (
        <Paragraph data-size="sm" className="muted" aria-live="polite">
          {summary}
        </Paragraph>
      )}
      <ul className="plain-list stack-sm">{children}</ul>
      {next && onMore && (
        <div>
          <Button variant="secondary" data-size="sm" onClick={() => onMore(next)}>
            {moreLabel}
          </Button>
        </div>
      )}
    </>
  );
}

/**
 * A person's role in their organisation and the state of their account, as tags; the admin
 * screens' people lists share it (the platform's search shows a suspended account as a warning).
 */
export function PersonTags({
  role,
  status,
  suspendedColor = 'danger',
  children,
}: {
  role: Viewer['role'];
  status: UserStatus;
  suspendedColor?: 'danger' | 'warning';
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="row">
      <Tag data-size="sm" data-color={role === 'ADMIN' ? 'info' : 'neutral'}>
        {t(`orgRole.${role}`)}
      </Tag>
      <Tag
        data-size="sm"
        data-color={status === 'ACTIVE' ? 'success' : status === 'SUSPENDED' ? suspendedColor : 'warning'}
      >
        {t(`userStatus.${status}`)}
      </Tag>
      {children}
    </div>
  );
}

/**
 * A person in a list, with what may be done to them: the name and a mark beside it, the details,
 * then the actions and what the last one did; the organisation's people and a group's guests share it.
 */
export function PersonListItem({
  name,
  mark,
  details,
  problem,
  status,
  className,
  children,
}: {
  name: string;
  mark?: ReactNode;
  details: ReactNode;
  problem: string;
  status: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <li className={className ? `panel person-item ${className}` : 'panel person-item'}>
      <div className="stack-sm">
        <div className="row">
          <strong>{name}</strong>
          {mark}
        </div>
        {details}
      </div>
      {children}
      <ProblemAlert text={problem} size="sm" />
      <LiveStatus small>{status}</LiveStatus>
    </li>
  );
}
