import { Button, Paragraph, Tag } from '@digdir/designsystemet-react';
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
/**
 * One message with its reply quote, reactions, and the author's edit and delete. Its @mentions are
 * marked in the text; one of the reader is highlighted and the message says so in words (its
 * header, which names the article), so it does not rest on colour.
 */
export function MessageItem({
  threadId,
  message,
  viewerId,
  mine,
  canDelete,
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

  const mentionsYou = !message.deletedAt && mentionsViewer(message.mentions, viewerId);

  return (
    <article
      className={mentionsYou ? 'message message-mentions-you' : 'message'}
      id={`message-${message.seq}`}
      aria-labelledby={`message-${message.seq}-meta`}
    >
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
        <Markdown mentions={{ people: message.mentions, viewerId, youText: t('chat.mentionYouHint') }}>
          {message.body ?? ''}
        </Markdown>
      )}
      {threadId && message.editedAt && !message.deletedAt && !editing && (
        <MessageHistory threadId={threadId} seq={message.seq} editedAt={message.editedAt} />
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
