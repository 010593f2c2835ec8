import { Badge, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { AudienceTag, audienceOf } from '../components/Audience';
import { QueryState } from '../components/Feedback';
import { Form } from '../components/Form';
import { useForm } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { concerns, useViewerEvents } from '../lib/live';
import { useThreadTitle } from '../lib/threads';
import { Chat } from './Chat';
import { useGroup, useGroupRefetch } from './GroupShell';

const ThreadsQuery = graphql(`
  query GroupThreads($id: ID!) {
    buyerGroup(id: $id) {
      id
      threads(first: 100) {
        nodes {
          id
          title
          kind
          lastMessageAt
          unreadCount
          need {
            id
            title
          }
        }
      }
      procurements(first: 100) {
        nodes {
          id
          title
          buyersThread {
            id
          }
          publicThread {
            id
          }
        }
      }
    }
  }
`);

const CreateThread = graphql(`
  mutation CreateThread($input: CreateThreadInput!) {
    createThread(input: $input) {
      id
    }
  }
`);

/** The group's threads (with unread counts) beside the open one. */
export function Discussions() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { threadId } = useParams<{ threadId?: string }>();
  const { group } = useGroup();
  const threadTitle = useThreadTitle();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ThreadsQuery, variables: { id: group.id } });
  const refresh = useGroupRefetch(['messages', 'threads'], refetch);
  // Read markers move through the viewer's own stream (this tab or another one).
  useViewerEvents((e) => {
    if (concerns(e, ['reads'])) refresh();
  });
  const [created, createThread] = useMutation(CreateThread);
  const needId = params.get('need');
  const form = useForm({ title: '' });

  // Without a chosen thread, open the general one (groups formed through the API have one; the
  // list is asked instead of `generalThread`, which fails for groups created without it).
  const threads = data?.buyerGroup.threads.nodes;
  // A procurement's two channels are told apart from other procurements' by its title.
  const procurementOf = new Map<string, { title: string; buyersThreadId: string; publicThreadId: string }>();
  for (const p of data?.buyerGroup.procurements.nodes ?? []) {
    const channels = { title: p.title, buyersThreadId: p.buyersThread.id, publicThreadId: p.publicThread.id };
    procurementOf.set(p.buyersThread.id, channels);
    procurementOf.set(p.publicThread.id, channels);
  }
  const general = (threads?.find((th) => th.kind === 'GENERAL') ?? threads?.[0])?.id;
  useEffect(() => {
    if (!threadId && general && !needId) navigate(general, { replace: true });
  }, [threadId, general, needId, navigate]);

  const submit = async () => {
    if (!form.check(form.missing('title'))) return;
    const r = await createThread({ input: { groupId: group.id, title: form.values.title.trim(), needId } });
    if (r.data) {
      form.reset();
      navigate(`/groups/${group.id}/threads/${r.data.createThread.id}`);
    }
  };

  return (
    <div className="discussions">
      <aside className="thread-list stack" aria-labelledby="threads-heading">
        <Heading level={2} data-size="sm" id="threads-heading">
          {t('threads.title')}
        </Heading>
        <QueryState error={error} loading={!data && fetching} />
        <ul className="plain-list">
          {data?.buyerGroup.threads.nodes.map((th) => (
            <li key={th.id}>
              <NavLink to={`/groups/${group.id}/threads/${th.id}`} className="thread-link">
                <span className="thread-title">
                  {threadTitle(th)}
                  {th.need && <span className="muted small"> · {th.need.title}</span>}
                  {procurementOf.has(th.id) && (
                    <span className="muted small"> · {procurementOf.get(th.id)!.title}</span>
                  )}
                  {audienceOf(th.kind) && (
                    <>
                      {' '}
                      <AudienceTag audience={audienceOf(th.kind)!} />
                    </>
                  )}
                </span>
                {th.unreadCount > 0 && (
                  <span className="unread">
                    <Badge count={th.unreadCount} maxCount={99} data-color="danger" aria-hidden="true" />
                    <span className="visually-hidden">{t('home.unread', { count: th.unreadCount })}</span>
                  </span>
                )}
                {th.lastMessageAt && <span className="muted small">{f.dateTime(th.lastMessageAt)}</span>}
              </NavLink>
            </li>
          ))}
        </ul>
        <Form
          onSubmit={submit}
          className="stack-sm"
          variant="secondary"
          size="sm"
          result={created}
          submitLabel={t('threads.create')}
        >
          <Textfield
            label={needId ? t('threads.newForNeed') : t('threads.new')}
            {...form.field('title')}
            data-size="sm"
          />
        </Form>
      </aside>
      <div className="thread-view">
        {threadId ? (
          <Chat key={threadId} threadId={threadId} procurement={procurementOf.get(threadId)} />
        ) : (
          <Paragraph>{t('threads.choose')}</Paragraph>
        )}
      </div>
    </div>
  );
}
