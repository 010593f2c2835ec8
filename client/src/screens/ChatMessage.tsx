import { Button, Dropdown, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { ErrorAlert } from '../components/Feedback';
import { GuestTag, isGuestOrganisation } from '../components/Guest';
import { Markdown } from '../components/Markdown';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { mentionsViewer } from '../lib/mentions';
import { Composer, type Person } from './ChatComposer';
import { MessageHistory } from './ChatHistory';

/** A message as the thread shows it, in the query, the stream and every change's answer. */
export const MESSAGE_FIELDS = `
  id seq body createdAt editedAt deletedAt
  author { id displayName }
  authorGuest
  authorOrganisation { id name kind }
  replyTo { id seq body deletedAt author { id displayName } }
  mentions { id displayName }
  reactions { emoji count viewerReacted }
`;

const EditMessage = graphql(`
  mutation EditMessage($input: EditMessageInput!) { editMessage(input: $input) { ${MESSAGE_FIELDS} } }
`);
const DeleteMessage = graphql(`
  mutation DeleteMessage($id: ID!) { deleteMessage(messageId: $id) { ${MESSAGE_FIELDS} } }
`);
const SetReaction = graphql(`
  mutation SetReaction($input: SetReactionInput!) { setReaction(input: $input) { ${MESSAGE_FIELDS} } }
`);
export type Message = ResultOf<typeof EditMessage>['editMessage'];

const EMOJI = ['👍', '❤️', '🎉', '👀', '✅'] as const;

/** Three dots: the icon of a message's menu button (its name says what it is for). */
function MoreIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
      <circle cx="5" cy="12" r="2" fill="currentColor" />
      <circle cx="12" cy="12" r="2" fill="currentColor" />
      <circle cx="19" cy="12" r="2" fill="currentColor" />
    </svg>
  );
}

/** Markdown as plain words, for a one-line quote: links by their text, no emphasis or heading marks. */
const plain = (markdown: string) =>
  markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]+|^#+\s*|^>\s*/gm, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The time of a message: the hour alone today, with the date before that (the full one on hover). */
function useMessageTime() {
  const f = useFormat();
  return (iso: string) => (new Date(iso).toDateString() === new Date().toDateString() ? f.time(iso) : f.dateTime(iso));
}

/**
 * One message with its reply quote and reactions. What one can do with it (react, reply, edit,
 * delete) is in one menu behind a button named after the message: a thread of many messages is not
 * a wall of buttons, and the menu opens the same way by mouse, touch and keyboard. `continued`
 * (the same author again, soon after) shows the message without its byline, which screen readers
 * still read as its name.
 */
export function MessageItem({
  threadId,
  message,
  viewerId,
  mine,
  canDelete,
  continued,
  candidates,
  onReply,
  onChanged,
}: {
  /** The message's thread, where its edit history is read. */
  threadId?: string;
  message: Message;
  /** The reader, whose mentions stand out. */
  viewerId: string | null | undefined;
  mine: boolean;
  /** Authors delete their own messages; coordinators may delete any (moderation). */
  canDelete: boolean;
  continued: boolean;
  candidates: Person[];
  onReply(m: Message): void;
  onChanged(m: Message): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const when = useMessageTime();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [edited, editMessage] = useMutation(EditMessage);
  const [deleted, deleteMessage] = useMutation(DeleteMessage);
  const [reacted, setReaction] = useMutation(SetReaction);
  const metaId = `message-${message.seq}-meta`;

  const react = async (emoji: string, on: boolean) => {
    setMenuOpen(false);
    const r = await setReaction({ input: { messageId: message.id, emoji, reacted: on } });
    if (r.data) onChanged(r.data.setReaction);
  };
  /** Runs a menu choice once the menu has closed (focus goes back to its button first). */
  const choose = (action: () => void) => () => {
    setMenuOpen(false);
    action();
  };

  const mentionsYou = !message.deletedAt && mentionsViewer(message.mentions, viewerId);
  // A message that mentions the reader keeps its byline, where the "mentions you" tag stands.
  const bylineHidden = continued && !mentionsYou;

  return (
    <article
      className={mentionsYou ? 'message message-mentions-you' : 'message'}
      data-continued={bylineHidden || undefined}
      id={`message-${message.seq}`}
      aria-labelledby={metaId}
    >
      <header className={bylineHidden ? 'message-meta visually-hidden' : 'message-meta'} id={metaId}>
        <strong>{message.author.displayName}</strong>{' '}
        {/* Written as a guest of the group: a person for no organisation, whatever the name beside it. */}
        {(message.authorGuest || isGuestOrganisation(message.authorOrganisation)) && (
          <>
            <GuestTag />{' '}
          </>
        )}
        {/* One line: the organisation gives way (cut short on screen, whole for screen readers). */}
        <span className="muted small message-org">{message.authorOrganisation.name}</span>
        <span className="muted small message-time">
          {'· '}
          <time dateTime={message.createdAt} title={f.dateTime(message.createdAt)}>
            {when(message.createdAt)}
          </time>
          {message.editedAt && !message.deletedAt && <> · {t('chat.edited')}</>}
        </span>
        {mentionsYou && (
          <>
            {' '}
            <Tag data-size="sm" data-color="warning" className="mentions-you-tag">
              {t('chat.mentionsYou')}
            </Tag>
          </>
        )}
      </header>
      {message.replyTo && (
        <blockquote className="reply-quote">
          <span className="small">{t('chat.replyTo', { name: message.replyTo.author.displayName })}</span>{' '}
          <span className="muted small">
            {message.replyTo.deletedAt ? t('chat.deleted') : plain(message.replyTo.body ?? '').slice(0, 140)}
          </span>
        </blockquote>
      )}
      {message.deletedAt ? (
        <Paragraph className="muted" data-size="sm">
          {t('chat.deleted')}
        </Paragraph>
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
        <Markdown mentions={{ people: message.mentions, viewerId, youText: t('chat.mentionYouHint') }}>
          {message.body ?? ''}
        </Markdown>
      )}
      {threadId && message.editedAt && !message.deletedAt && !editing && (
        <MessageHistory threadId={threadId} seq={message.seq} editedAt={message.editedAt} />
      )}
      <ErrorAlert error={edited.error ?? deleted.error ?? reacted.error} />
      {!message.deletedAt && message.reactions.length > 0 && (
        <div className="message-reactions row">
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
        </div>
      )}
      {confirmDelete && (
        <div className="row" role="group" aria-label={t('chat.confirmDeleteQuestion')}>
          <span className="small">{t('chat.confirmDeleteQuestion')}</span>
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
        </div>
      )}
      {!message.deletedAt && !editing && (
        <Dropdown.TriggerContext>
          <Dropdown.Trigger
            data-size="sm"
            variant="tertiary"
            icon
            className="message-menu-button"
            aria-label={t('chat.actions', { name: message.author.displayName, time: when(message.createdAt) })}
          >
            <MoreIcon />
          </Dropdown.Trigger>
          <Dropdown
            placement="bottom-end"
            data-size="sm"
            open={menuOpen}
            onOpen={() => setMenuOpen(true)}
            onClose={() => setMenuOpen(false)}
          >
            <div className="message-menu-reactions" role="group" aria-label={t('chat.chooseReaction')}>
              {EMOJI.map((e) => (
                <Button
                  key={e}
                  data-size="sm"
                  variant="tertiary"
                  aria-label={t('chat.reactWith', { emoji: e })}
                  onClick={() => void react(e, true)}
                >
                  {e}
                </Button>
              ))}
            </div>
            <Dropdown.List>
              <Dropdown.Item>
                <Dropdown.Button onClick={choose(() => onReply(message))}>{t('chat.reply')}</Dropdown.Button>
              </Dropdown.Item>
              {mine && (
                <Dropdown.Item>
                  <Dropdown.Button onClick={choose(() => setEditing(true))}>{t('chat.edit')}</Dropdown.Button>
                </Dropdown.Item>
              )}
              {canDelete && (
                <Dropdown.Item>
                  <Dropdown.Button onClick={choose(() => setConfirmDelete(true))}>{t('chat.delete')}</Dropdown.Button>
                </Dropdown.Item>
              )}
            </Dropdown.List>
          </Dropdown>
        </Dropdown.TriggerContext>
      )}
    </article>
  );
}
