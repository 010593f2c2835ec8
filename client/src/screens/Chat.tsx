import { Button, Heading, Label, Paragraph, Textarea } from '@digdir/designsystemet-react';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { GuestTag, isGuestOrganisation } from '../components/Guest';
import { Markdown } from '../components/Markdown';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { randomKey } from '../lib/ids';
import { useCoalesced } from '../lib/live';
import { useViewer } from '../lib/session';
import { useStream } from '../lib/stream';
import { useThreadTitle } from '../lib/threads';
import { usePageTitle } from '../lib/title';
import { useGroup } from './GroupShell';

const MESSAGE_FIELDS = `
  id seq body createdAt editedAt deletedAt
  author { id displayName }
  authorGuest
  authorOrganisation { id name kind }
  replyTo { id seq body deletedAt author { id displayName } }
  mentions { id displayName }
  reactions { emoji count viewerReacted }
`;

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
      type
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
const EditMessage = graphql(`
  mutation EditMessage($input: EditMessageInput!) { editMessage(input: $input) { ${MESSAGE_FIELDS} } }
`);
const DeleteMessage = graphql(`
  mutation DeleteMessage($id: ID!) { deleteMessage(messageId: $id) { ${MESSAGE_FIELDS} } }
`);
const SetReaction = graphql(`
  mutation SetReaction($input: SetReactionInput!) { setReaction(input: $input) { ${MESSAGE_FIELDS} } }
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

type Message = ResultOf<typeof PostMessage>['postMessage'];
interface Person {
  id: string;
  displayName: string;
}

const EMOJI = ['👍', '❤️', '🎉', '👀', '✅'] as const;
/** How long after the last keystroke the others stop seeing "is typing". */
const TYPING_IDLE_MS = 4000;

/** The `@word` being typed just before the caret, if any. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)@([^\s@]{0,40})$/.exec(text.slice(0, caret));
  return m ? { start: caret - m[2].length - 1, query: m[2] } : null;
}

/** Mentions whose `@Name` is still in the text when it is sent. */
const mentionedIn = (body: string, people: Map<string, Person>) =>
  [...people.values()].filter((p) => body.includes(`@${p.displayName}`)).map((p) => p.id);

/**
 * Message box with @mention autocomplete: typing @ and part of a name lists matching people
 * (arrow keys move, Enter or Tab picks, Escape closes); Enter sends, Shift+Enter is a new line.
 */
function Composer({
  label,
  candidates,
  initial = '',
  submitLabel,
  onSubmit,
  onTyping,
  onCancel,
  busy,
}: {
  label: string;
  candidates: Person[];
  initial?: string;
  submitLabel: string;
  onSubmit(body: string, mentions: string[]): Promise<boolean>;
  onTyping?(): void;
  onCancel?(): void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(initial);
  const [caret, setCaret] = useState(initial.length);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [picked] = useState(() => new Map<string, Person>());
  const ref = useRef<HTMLTextAreaElement>(null);
  const mention = mentionAt(text, caret);
  const matches = useMemo(() => {
    if (!mention || dismissed === mention.start) return [];
    const q = mention.query.toLowerCase();
    return candidates
      .filter(
        (p) =>
          p.displayName
            .toLowerCase()
            .split(/\s+/)
            .some((w) => w.startsWith(q)) || !q,
      )
      .slice(0, 8);
  }, [mention, dismissed, candidates]);
  const open = matches.length > 0;

  const pick = (p: Person) => {
    if (!mention) return;
    const before = text.slice(0, mention.start);
    const after = text.slice(caret);
    const next = `${before}@${p.displayName} ${after}`;
    picked.set(p.id, p);
    setText(next);
    const pos = before.length + p.displayName.length + 2;
    setCaret(pos);
    requestAnimationFrame(() => ref.current?.setSelectionRange(pos, pos));
  };

  const send = async () => {
    const body = text.trim();
    if (!body || busy) return;
    if (await onSubmit(body, mentionedIn(body, picked))) {
      setText('');
      setCaret(0);
      picked.clear();
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a + step + matches.length) % matches.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(matches[Math.min(active, matches.length - 1)]);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(mention!.start);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void send();
    } else if (e.key === 'Escape' && onCancel) onCancel();
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <Label htmlFor={id}>{label}</Label>
      <div className="composer-input">
        <Textarea
          id={id}
          ref={ref}
          rows={2}
          value={text}
          aria-describedby={`${id}-hint`}
          aria-controls={open ? `${id}-list` : undefined}
          aria-activedescendant={open ? `${id}-opt-${Math.min(active, matches.length - 1)}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
            setActive(0);
            onTyping?.();
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
        />
        {open && (
          <ul id={`${id}-list`} role="listbox" aria-label={t('chat.mentionSuggestions')} className="mention-list">
            {matches.map((p, i) => (
              <li
                key={p.id}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  // Keep focus in the text box.
                  e.preventDefault();
                  pick(p);
                }}
              >
                {p.displayName}
              </li>
            ))}
          </ul>
        )}
      </div>
      <p id={`${id}-hint`} className="muted small">
        {t('chat.composerHint')}
      </p>
      <div role="status" aria-live="polite" className="visually-hidden">
        {open ? t('chat.suggestionsCount', { count: matches.length }) : ''}
      </div>
      <div className="row">
        <Button type="submit" data-size="sm" loading={busy}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button type="button" data-size="sm" variant="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}

function MessageItem({
  message,
  mine,
  canDelete,
  candidates,
  onReply,
  onChanged,
}: {
  message: Message;
  mine: boolean;
  /** Authors delete their own messages; coordinators may delete any (moderation). */
  canDelete: boolean;
  candidates: Person[];
  onReply(m: Message): void;
  onChanged(m: Message): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [picker, setPicker] = useState(false);
  const [edited, editMessage] = useMutation(EditMessage);
  const [deleted, deleteMessage] = useMutation(DeleteMessage);
  const [reacted, setReaction] = useMutation(SetReaction);

  const react = async (emoji: string, on: boolean) => {
    const r = await setReaction({ input: { messageId: message.id, emoji, reacted: on } });
    if (r.data) onChanged(r.data.setReaction);
    setPicker(false);
  };

  return (
    <article className="message" id={`message-${message.seq}`} aria-labelledby={`message-${message.seq}-meta`}>
      <header className="message-meta" id={`message-${message.seq}-meta`}>
        <strong>{message.author.displayName}</strong>{' '}
        {/* Written as a guest of the group: a person for no organisation, whatever the name beside it. */}
        {(message.authorGuest || isGuestOrganisation(message.authorOrganisation)) && (
          <>
            <GuestTag />{' '}
          </>
        )}
        <span className="muted small">
          {message.authorOrganisation.name} · <time dateTime={message.createdAt}>{f.dateTime(message.createdAt)}</time>
          {message.editedAt && !message.deletedAt && <> · {t('chat.edited')}</>}
        </span>
      </header>
      {message.replyTo && (
        <blockquote className="reply-quote">
          <span className="small">{t('chat.replyTo', { name: message.replyTo.author.displayName })}</span>{' '}
          <span className="muted small">
            {message.replyTo.deletedAt ? t('chat.deleted') : (message.replyTo.body ?? '').slice(0, 140)}
          </span>
        </blockquote>
      )}
      {message.deletedAt ? (
        <Paragraph className="muted">{t('chat.deleted')}</Paragraph>
      ) : editing ? (
        <Composer
          label={t('chat.editLabel')}
          candidates={candidates}
          initial={message.body ?? ''}
          submitLabel={t('common.save')}
          busy={edited.fetching}
          onCancel={() => setEditing(false)}
          onSubmit={async (body, mentions) => {
            const previous = message.mentions.map((m) => m.id);
            const r = await editMessage({
              input: { messageId: message.id, body, mentionUserIds: [...new Set([...previous, ...mentions])] },
            });
            if (r.data) {
              onChanged(r.data.editMessage);
              setEditing(false);
              return true;
            }
            return false;
          }}
        />
      ) : (
        <Markdown>{message.body ?? ''}</Markdown>
      )}
      <ErrorAlert error={edited.error ?? deleted.error ?? reacted.error} />
      {!message.deletedAt && (
        <div className="message-actions row">
          {message.reactions.map((r) => (
            <Button
              key={r.emoji}
              data-size="sm"
              variant={r.viewerReacted ? 'secondary' : 'tertiary'}
              aria-pressed={r.viewerReacted}
              aria-label={t('chat.reactionLabel', { emoji: r.emoji, count: r.count })}
              onClick={() => void react(r.emoji, !r.viewerReacted)}
            >
              {r.emoji} {r.count}
            </Button>
          ))}
          <Button data-size="sm" variant="tertiary" aria-expanded={picker} onClick={() => setPicker((p) => !p)}>
            {t('chat.addReaction')}
          </Button>
          {picker && (
            <span role="group" aria-label={t('chat.chooseReaction')} className="row">
              {EMOJI.map((e) => (
                <Button key={e} data-size="sm" variant="tertiary" onClick={() => void react(e, true)}>
                  {e}
                </Button>
              ))}
            </span>
          )}
          <Button data-size="sm" variant="tertiary" onClick={() => onReply(message)}>
            {t('chat.reply')}
          </Button>
          {mine && !editing && (
            <Button data-size="sm" variant="tertiary" onClick={() => setEditing(true)}>
              {t('chat.edit')}
            </Button>
          )}
          {canDelete &&
            (confirmDelete ? (
              <>
                <Button
                  data-size="sm"
                  data-color="danger"
                  onClick={async () => {
                    const r = await deleteMessage({ id: message.id });
                    if (r.data) onChanged(r.data.deleteMessage);
                    setConfirmDelete(false);
                  }}
                >
                  {t('chat.confirmDelete')}
                </Button>
                <Button data-size="sm" variant="secondary" onClick={() => setConfirmDelete(false)}>
                  {t('common.cancel')}
                </Button>
              </>
            ) : (
              <Button data-size="sm" variant="tertiary" onClick={() => setConfirmDelete(true)}>
                {t('chat.delete')}
              </Button>
            ))}
        </div>
      )}
    </article>
  );
}

/**
 * One thread, live: messages arrive, change and disappear through the thread's event stream
 * (resumed after a reconnect), others' typing shows, older messages load on request, and a
 * marker shows where the unread ones began.
 */
export function Chat({ threadId }: { threadId: string }) {
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
  /** The read marker when the thread was opened: messages after it are "new" for this visit. */
  const [unreadFrom, setUnreadFrom] = useState<number | null>(null);
  const [typing, setTypingPeople] = useState(() => new Map<string, { name: string; until: number }>());
  const [replyTo, setReplyTo] = useState<Message | null>(null);
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
    if (unreadFrom === null) setUnreadFrom(thread.viewerLastReadSeq);
  }

  const markReadSoon = useCoalesced(() => {
    if (document.visibilityState === 'visible') void markRead({ threadId });
  }, 400);
  useEffect(() => {
    if (messages.size) markReadSoon();
  }, [messages, markReadSoon]);

  useStream(
    ThreadEvents,
    { threadId },
    {
      onData: ({ threadEvents: e }) => {
        if (e.message) merge([e.message], true);
        if (e.type === 'message.posted' && e.message) {
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
  const firstUnread = sorted.find((m) => unreadFrom !== null && m.seq > unreadFrom && m.author.id !== viewer?.id);
  const typingNames = [...typing.values()].map((v) => v.name);

  return (
    <section className="chat stack" aria-labelledby="chat-heading">
      <Heading level={2} data-size="sm" id="chat-heading">
        {threadTitle(thread)}
      </Heading>
      {older.has && (
        <div>
          <Button data-size="sm" variant="secondary" onClick={() => void loadOlder()} loading={loadingOlder}>
            {t('chat.loadOlder')}
          </Button>
        </div>
      )}
      <div
        className="message-log"
        ref={logRef}
        role="log"
        aria-label={t('chat.messages')}
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        {sorted.length === 0 && <Paragraph className="muted">{t('chat.empty')}</Paragraph>}
        {sorted.map((m) => (
          <div key={m.seq}>
            {m === firstUnread && (
              <div className="unread-marker" role="separator" aria-label={t('chat.newMessages')}>
                <span>{t('chat.newMessages')}</span>
              </div>
            )}
            <MessageItem
              message={m}
              mine={m.author.id === viewer?.id}
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
        label={t('chat.messageLabel')}
        candidates={candidates}
        submitLabel={t('chat.send')}
        busy={posted.fetching}
        onTyping={onTyping}
        onSubmit={async (body, mentions) => {
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
        }}
      />
    </section>
  );
}
