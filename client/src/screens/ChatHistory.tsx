import { Paragraph } from '@digdir/designsystemet-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { QueryState } from '../components/Feedback';
import { Collapsible } from '../components/Form';
import { Markdown } from '../components/Markdown';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';

/**
 * One message's earlier texts, read when asked for: the thread's window of that one message (by
 * its sequence number), so a thread's page does not carry every old text of every message.
 */
const RevisionsQuery = graphql(`
  query MessageRevisions($threadId: ID!, $after: Int!) {
    thread(id: $threadId) {
      id
      messages(after: $after, first: 1) {
        nodes {
          id
          seq
          editedAt
          deletedAt
          revisions {
            id
            body
            change
            createdAt
          }
        }
      }
    }
  }
`);

/**
 * Under an edited message, its edit history: each earlier text with when it was replaced, oldest
 * first (the message shows the text as it is now). Read afresh each time it is opened (an edit may
 * have come meanwhile). A deleted message has none: deleting withdraws every text.
 */
export function MessageHistory({ threadId, seq, editedAt }: { threadId: string; seq: number; editedAt: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: RevisionsQuery,
    variables: { threadId, after: seq - 1 },
    pause: !open,
    requestPolicy: 'network-only',
  });
  // Edited again while open (the thread's stream brings the new editedAt): the list follows.
  const shown = useRef(editedAt);
  useEffect(() => {
    if (shown.current === editedAt) return;
    shown.current = editedAt;
    if (open) refetch({ requestPolicy: 'network-only' });
  }, [editedAt, open, refetch]);
  const m = data?.thread.messages.nodes.find((x) => x.seq === seq);
  const revisions = m?.revisions ?? [];
  return (
    <div className="message-history" data-size="sm">
      <Collapsible
        summary={t('messageHistory.summary', { date: f.dateTime(editedAt) })}
        open={open}
        onOpenChange={setOpen}
      >
        <QueryState
          error={error}
          loading={open && !data && fetching}
          empty={
            data &&
            revisions.length === 0 &&
            (m?.deletedAt || !m ? t('messageHistory.withdrawn') : t('messageHistory.none'))
          }
          size="sm"
        />
        {revisions.length > 0 && (
          <ol className="plain-list stack-sm" aria-label={t('messageHistory.list')}>
            {revisions.map((r, i) => (
              <li key={r.id} className="message-revision">
                <Paragraph data-size="xs" className="muted">
                  {t('messageHistory.version', { number: i + 1, date: f.dateTime(r.createdAt) })}
                </Paragraph>
                <Markdown>{r.body}</Markdown>
              </li>
            ))}
          </ol>
        )}
      </Collapsible>
    </div>
  );
}
