import { Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import { Link as RouterLink } from 'react-router';
import { AudienceMark, audienceOf, publicConfirmed, rememberPublicConfirmed } from '../components/Audience';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert, Loading } from '../components/Feedback';
import { Markdown } from '../components/Markdown';
import { graphql } from '../lib/graphql';
import { randomKey } from '../lib/ids';
import { useCoalesced } from '../lib/live';
import { useViewer } from '../lib/session';
import { useStream } from '../lib/stream';
import { useThreadTitle } from '../lib/threads';
import { usePageTitle } from '../lib/title';
import { Composer, type Person } from './ChatComposer';
import { MESSAGE_FIELDS, MessageItem, type Message } from './ChatMessage';
import { useGroup } from './GroupShell';

const ThreadQuery = graphql(`
  query ThreadView($id: ID!) {
    thread(id: $id) {
      id
      title
      kind
      lastSeq
      viewerLastReadSeq
      group { id viewerMembership { id role status } }
      need { id title }
      messages(last: 30) {
        nodes { ${MESSAGE_FIELDS} }
        pageInfo { hasPreviousPage startCursor }
      }
    }
  }
`);

const OlderQuery = graphql(`
  query OlderMessages($id: ID!, $before: Int!) {
    thread(id: $id) {
      id
      messages(last: 30, before: $before) {
        nodes { ${MESSAGE_FIELDS} }
        pageInfo { hasPreviousPage startCursor }
      }
    }
  }
`);

/** Whom to mention: the people of the group's member organisations, not only the viewer's own. */
const MentionCandidatesQuery = graphql(`
  query MentionCandidates($groupId: ID!) {
    buyerGroup(id: $groupId) {
      id
      people(first: 100) {
        id
        displayName
      }
    }
  }
`);

const ThreadEvents = graphql(`
  subscription ThreadEvents($threadId: ID!, $after: ID) {
    threadEvents(threadId: $threadId, after: $after) {
      id
      kind
      message { ${MESSAGE_FIELDS} }
    }
  }
`);

const TypingSubscription = graphql(`
  subscription Typing($threadId: ID!) {
    typing(threadId: $threadId) {
      userId
      displayName
      typing
    }
  }
`);

const PostMessage = graphql(`
  mutation PostMessage($input: PostMessageInput!) { postMessage(input: $input) { ${MESSAGE_FIELDS} } }
`);
const SetTyping = graphql(`
  mutation SetTyping($threadId: ID!, $typing: Boolean!) {
    setTyping(threadId: $threadId, typing: $typing)
  }
`);
const MarkRead = graphql(`
  mutation MarkThreadRead($threadId: ID!) {
    markThreadRead(threadId: $threadId) {
      id
      viewerLastReadSeq
      unreadCount
    }
  }
`);

/** A speech bubble: the picture of an empty conversation. */
function ChatIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" width="40" height="40" focusable="false" className="chat-empty-icon">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
        d="M4 5h16v11H9l-5 4V5Zm4 5h8M8 13h5"
      />
    </svg>
  );
}

/** Within this many minutes, the same author's next message goes on without its byline. */
const CONTINUE_MINUTES = 5;

/** Whether `m` continues `previous`: same author, not deleted, soon after. */
const continues = (previous: Message | undefined, m: Message) =>
  !!previous &&
  previous.author.id === m.author.id &&
  !previous.deletedAt &&
  new Date(m.createdAt).getTime() - new Date(previous.createdAt).getTime() < CONTINUE_MINUTES * 60_000;

/** How long after the last keystroke the others stop seeing "is typing". */
const TYPING_IDLE_MS = 4000;

/**
 * One thread, live: messages arrive, change and disappear through the thread's event stream
 * (resumed after a reconnect), others' typing shows, older messages load on request, and a
 * marker shows where the unread ones began.
 */
export function Chat({
  threadId,
  procurement,
}: {
  threadId: string;
  /** For a procurement's channel: its title and both channels, to point from one to the other. */
  procurement?: { title: string; buyersThreadId: string; publicThreadId: string };
}) {
  const { t } = useTranslation();
  const viewer = useViewer();
  const client = useClient();
  const [{ data, fetching, error }] = useQuery({
    query: ThreadQuery,
    variables: { id: threadId },
    requestPolicy: 'network-only',
  });
  const { group } = useGroup();
  const [{ data: people }] = useQuery({ query: MentionCandidatesQuery, variables: { groupId: group.id } });
  const thread = data?.thread;
  const threadTitle = useThreadTitle();
  usePageTitle(thread ? threadTitle(thread) : undefined);
  const [messages, setMessages] = useState(() => new Map<number, Message>());
  const [older, setOlder] = useState<{ has: boolean; cursor: number | null }>({ has: false, cursor: null });
  const [loadingOlder, setLoadingOlder] = useState(false);
  /**
   * The messages that came while the reader was away, which the "new messages" marker stands above:
   * those after the read marker when the thread was opened, up to the last one then; later the ones
   * that came while the tab was hidden. Not those the reader watched arrive.
   */
  const [unseen, setUnseen] = useState<{ after: number; upTo: number } | null>(null);
  const [typing, setTypingPeople] = useState(() => new Map<string, { name: string; until: number }>());
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  /** A first message to the public channel this session, waiting for the viewer to confirm it. */
  const [pending, setPending] = useState<{
    body: string;
    mentions: string[];
    resolve: (sent: boolean) => void;
  } | null>(null);
  const [posted, postMessage] = useMutation(PostMessage);
  const [, setTyping] = useMutation(SetTyping);
  const [, markRead] = useMutation(MarkRead);
  const logRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const typingSent = useRef(false);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  /** Newer facts win: a stream event replaces what a query brought, not the other way round. */
  const merge = useCallback((incoming: readonly Message[], authoritative: boolean) => {
    setMessages((prev) => {
      const next = new Map(prev);
      for (const m of incoming) if (authoritative || !next.has(m.seq)) next.set(m.seq, m);
      return next;
    });
  }, []);

  // Each new query result is folded into the messages during render (React's pattern for state
  // derived from changing input), not in an effect that would render twice.
  const [folded, setFolded] = useState<typeof thread>(undefined);
  if (thread && thread !== folded) {
    setFolded(thread);
    setMessages((prev) => {
      const next = new Map(prev);
      for (const m of thread.messages.nodes) if (!next.has(m.seq)) next.set(m.seq, m);
      return next;
    });
    if (older.cursor === null) {
      setOlder({ has: thread.messages.pageInfo.hasPreviousPage, cursor: thread.messages.pageInfo.startCursor ?? null });
    }
    if (unseen === null) setUnseen({ after: thread.viewerLastReadSeq, upTo: thread.lastSeq });
  }

  const markReadSoon = useCoalesced(() => {
    if (document.visibilityState === 'visible') void markRead({ threadId });
  }, 400);
  useEffect(() => {
    if (messages.size) markReadSoon();
  }, [messages, markReadSoon]);

  // Away in another tab: what arrives meanwhile is new when the reader comes back (and read then).
  const latestSeq = useRef(0);
  useEffect(() => {
    latestSeq.current = Math.max(0, ...messages.keys());
  }, [messages]);
  useEffect(() => {
    let hiddenAt: number | null = null;
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        hiddenAt = latestSeq.current;
        return;
      }
      const since = hiddenAt;
      hiddenAt = null;
      if (since !== null && latestSeq.current > since) setUnseen({ after: since, upTo: latestSeq.current });
      markReadSoon();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [markReadSoon]);

  useStream(
    ThreadEvents,
    { threadId },
    {
      onData: ({ threadEvents: e }) => {
        if (e.message) merge([e.message], true);
        if (e.kind === 'MESSAGE_POSTED' && e.message) {
          setTypingPeople((prev) => {
            if (!prev.has(e.message!.author.id)) return prev;
            const next = new Map(prev);
            next.delete(e.message!.author.id);
            return next;
          });
        }
      },
      onResync: () => {
        void client
          .query(ThreadQuery, { id: threadId }, { requestPolicy: 'network-only' })
          .toPromise()
          .then((r) => r.data && merge(r.data.thread.messages.nodes, true));
      },
    },
  );

  useStream(
    TypingSubscription,
    { threadId },
    {
      onData: ({ typing: e }) => {
        if (e.userId === viewer?.id) return;
        setTypingPeople((prev) => {
          const next = new Map(prev);
          if (e.typing) next.set(e.userId, { name: e.displayName, until: Date.now() + 2 * TYPING_IDLE_MS });
          else next.delete(e.userId);
          return next;
        });
      },
    },
    { resumable: false },
  );

  // A "stopped typing" that never came (a closed tab) must not leave the indicator on for ever.
  useEffect(() => {
    if (typing.size === 0) return;
    const soonest = Math.min(...[...typing.values()].map((v) => v.until));
    const timer = setTimeout(
      () => setTypingPeople((prev) => new Map([...prev].filter(([, v]) => v.until > Date.now()))),
      Math.max(0, soonest - Date.now()) + 50,
    );
    return () => clearTimeout(timer);
  }, [typing]);

  const stopTyping = useCallback(() => {
    clearTimeout(typingTimer.current);
    if (typingSent.current) {
      typingSent.current = false;
      void setTyping({ threadId, typing: false });
    }
  }, [setTyping, threadId]);
  useEffect(() => stopTyping, [stopTyping]);

  const onTyping = () => {
    if (!typingSent.current) {
      typingSent.current = true;
      void setTyping({ threadId, typing: true });
    }
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  // Follow new messages while the reader is at the bottom; leave them be while they read older ones.
  useEffect(() => {
    const log = logRef.current;
    if (log && stickToBottom.current) log.scrollTop = log.scrollHeight;
  }, [messages]);

  const loadOlder = async () => {
    if (older.cursor === null) return;
    setLoadingOlder(true);
    stickToBottom.current = false;
    const r = await client.query(OlderQuery, { id: threadId, before: older.cursor }).toPromise();
    setLoadingOlder(false);
    if (!r.data) return;
    merge(r.data.thread.messages.nodes, false);
    setOlder({
      has: r.data.thread.messages.pageInfo.hasPreviousPage,
      cursor: r.data.thread.messages.pageInfo.startCursor ?? null,
    });
  };

  const candidates = useMemo(() => {
    const all = new Map<string, Person>();
    for (const u of people?.buyerGroup.people ?? []) all.set(u.id, u);
    for (const m of messages.values()) {
      all.set(m.author.id, m.author);
      for (const p of m.mentions) all.set(p.id, p);
    }
    if (viewer) all.delete(viewer.id);
    return [...all.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
  }, [people, messages, viewer]);

  if (!thread) return fetching ? <Loading /> : <ErrorAlert error={error} />;
  const sorted = [...messages.values()].sort((a, b) => a.seq - b.seq);
  const membership = thread.group.viewerMembership;
  const isCoordinator = membership?.status === 'ACTIVE' && membership.role === 'COORDINATOR';
  const firstUnread = sorted.find(
    (m) => unseen !== null && m.seq > unseen.after && m.seq <= unseen.upTo && m.author.id !== viewer?.id,
  );
  const typingNames = [...typing.values()].map((v) => v.name);
  const audience = audienceOf(thread.kind);

  const send = async (body: string, mentions: string[]) => {
    stopTyping();
    stickToBottom.current = true;
    const r = await postMessage({
      input: {
        threadId,
        body,
        idempotencyKey: randomKey(),
        replyToId: replyTo?.id ?? null,
        mentionUserIds: mentions,
      },
    });
    if (!r.data) return false;
    merge([r.data.postMessage], true);
    setReplyTo(null);
    return true;
  };

  return (
    <section className="chat stack" aria-labelledby="chat-heading">
      <Heading level={2} data-size="sm" id="chat-heading">
        {threadTitle(thread)}
        {procurement && <span className="muted small"> · {procurement.title}</span>}
      </Heading>
      {audience && (
        <AudienceMark audience={audience}>
          {procurement && (
            <RouterLink
              to={`/groups/${group.id}/threads/${
                audience === 'PUBLIC' ? procurement.buyersThreadId : procurement.publicThreadId
              }`}
            >
              {audience === 'PUBLIC' ? t('audience.toBuyers') : t('audience.toPublic')}
            </RouterLink>
          )}
        </AudienceMark>
      )}
      {older.has && (
        <div>
          <Button data-size="sm" variant="secondary" onClick={() => void loadOlder()} loading={loadingOlder}>
            {t('chat.loadOlder')}
          </Button>
        </div>
      )}
      <div
        className={sorted.length === 0 ? 'message-log message-log-empty' : 'message-log'}
        ref={logRef}
        role="log"
        aria-label={t('chat.messages')}
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        {/* The log stays (a live region must be there before its first message), as an invitation. */}
        {sorted.length === 0 && (
          <div className="chat-empty">
            <ChatIcon />
            <Paragraph>
              <strong>{t('chat.emptyTitle')}</strong>
            </Paragraph>
            <Paragraph data-size="sm" className="muted">
              {t('chat.emptyText')}
            </Paragraph>
          </div>
        )}
        {sorted.map((m, i) => (
          <div key={m.seq}>
            {m === firstUnread && (
              <div className="unread-marker" role="separator" aria-label={t('chat.newMessages')}>
                <span>{t('chat.newMessages')}</span>
              </div>
            )}
            <MessageItem
              threadId={threadId}
              message={m}
              viewerId={viewer?.id}
              mine={m.author.id === viewer?.id}
              continued={m !== firstUnread && continues(sorted[i - 1], m)}
              canDelete={m.author.id === viewer?.id || isCoordinator}
              candidates={candidates}
              onReply={setReplyTo}
              onChanged={(changed) => merge([changed], true)}
            />
          </div>
        ))}
      </div>
      <div className="typing muted small" aria-live="polite">
        {typingNames.length > 0 && t('chat.typing', { names: typingNames.join(', '), count: typingNames.length })}
      </div>
      {replyTo && (
        <div className="row reply-banner">
          <span>{t('chat.replyingTo', { name: replyTo.author.displayName })}</span>
          <Button data-size="sm" variant="tertiary" onClick={() => setReplyTo(null)}>
            {t('chat.cancelReply')}
          </Button>
        </div>
      )}
      <ErrorAlert error={posted.error} />
      <Composer
        label={audience === 'PUBLIC' ? t('audience.publicComposer') : t('chat.messageLabel')}
        candidates={candidates}
        submitLabel={audience === 'PUBLIC' ? t('audience.publicSend') : t('chat.send')}
        busy={posted.fetching}
        onTyping={onTyping}
        audience={audience}
        onSubmit={(body, mentions) =>
          // The first message to every registered supplier this session is confirmed first.
          audience === 'PUBLIC' && !publicConfirmed(threadId)
            ? new Promise<boolean>((resolve) => setPending({ body, mentions, resolve }))
            : send(body, mentions)
        }
      />
      <ConfirmDialog
        open={pending !== null}
        title={t('audience.confirmTitle')}
        confirmLabel={t('audience.confirmSend')}
        busy={posted.fetching}
        onConfirm={async () => {
          if (!pending) return;
          const sent = await send(pending.body, pending.mentions);
          if (sent) rememberPublicConfirmed(threadId);
          pending.resolve(sent);
          setPending(null);
        }}
        onCancel={() => {
          // Nothing is sent; the text stays in the box.
          pending?.resolve(false);
          setPending(null);
        }}
      >
        <Paragraph>{t('audience.confirmText')}</Paragraph>
        {pending && (
          <figure className="preview stack-sm" aria-label={t('audience.previewLabel')}>
            <figcaption className="small muted">{t('audience.previewLabel')}</figcaption>
            <Paragraph data-size="sm" className="muted">
              {viewer?.displayName}, {viewer?.organisation.name}
            </Paragraph>
            <Markdown>{pending.body}</Markdown>
          </figure>
        )}
        <Paragraph data-size="sm">{t('audience.confirmOnce')}</Paragraph>
      </ConfirmDialog>
    </section>
  );
}
