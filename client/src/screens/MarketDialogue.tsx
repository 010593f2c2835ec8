import { Button, Details, Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { Markdown } from '../components/Markdown';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { useCoalesced } from '../lib/live';
import { useViewer } from '../lib/session';
import { useStream } from '../lib/stream';
import { usePageTitle } from '../lib/title';

const MarketDialogueQuery = graphql(`
  query MarketDialogue($id: ID!) {
    marketDialogue(procurementId: $id) {
      id
      title
      notice
      phase
      open
      publishedAt
      questionDeadline
      maxBookingsPerSupplier
      registered
      leadAuthority {
        name
        country
      }
      contractingAuthorities {
        name
      }
      lots {
        number
        title
        description
        cpvCodes
      }
    }
  }
`);

/** What only registered suppliers (and the buyers) see. */
const DialogueInsideQuery = graphql(`
  query MarketDialogueInside($id: ID!) {
    marketDialogue(procurementId: $id) {
      id
      documents {
        id
        title
        kind
        version
        publishedAt
        downloadUrl
        fileName
        text
      }
      questions {
        id
        number
        question
        answer
        answeredAt
        updatedAt
        revision
        askedByMyOrganisation
        revisions {
          revision
          question
          answer
          publishedAt
        }
      }
      myQuestions {
        id
        number
        text
        status
        askedAt
        publishedQuestion
      }
      slots {
        id
        startsAt
        endsAt
        location
        available
        bookedByMyOrganisation
      }
      publicMessages(last: 50) {
        id
        seq
        authorName
        authorOrganisationName
        body
        createdAt
        editedAt
      }
    }
  }
`);

const DialogueEventsSubscription = graphql(`
  subscription DialogueEvents($procurementId: ID!, $after: ID) {
    dialogueEvents(procurementId: $procurementId, after: $after) {
      id
      type
      scopeType
      scopeId
    }
  }
`);

const RegisterForDialogue = graphql(`
  mutation RegisterForDialogue($id: ID!) {
    registerForDialogue(procurementId: $id) {
      id
      registered
    }
  }
`);
const AskQuestion = graphql(`
  mutation AskDialogueQuestion($input: AskQuestionInput!) {
    askDialogueQuestion(input: $input) {
      id
      number
      status
    }
  }
`);
const WithdrawQuestion = graphql(`
  mutation WithdrawDialogueQuestion($id: ID!) {
    withdrawDialogueQuestion(questionId: $id) {
      id
      status
    }
  }
`);
const BookSlot = graphql(`
  mutation BookDialogueSlot($id: ID!) {
    bookDialogueSlot(slotId: $id) {
      id
      available
      bookedByMyOrganisation
    }
  }
`);
const CancelBooking = graphql(`
  mutation CancelDialogueBooking($id: ID!) {
    cancelDialogueBooking(slotId: $id) {
      id
      available
      bookedByMyOrganisation
    }
  }
`);

/**
 * A procurement's market dialogue as a supplier sees it: the notice for anyone signed in; once
 * registered, the published documents, the answers published to all, the supplier's own questions,
 * the meeting slots and the public channel, kept live by the dialogue's public events.
 */
export function MarketDialogue() {
  const { t } = useTranslation();
  const f = useFormat();
  const viewer = useViewer();
  const { procurementId } = useParams<{ procurementId: string }>();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MarketDialogueQuery,
    variables: { id: procurementId! },
  });
  const d = data?.marketDialogue;
  usePageTitle(d?.title);
  const registered = !!d?.registered;
  const [inside, refetchInside] = useQuery({
    query: DialogueInsideQuery,
    variables: { id: procurementId! },
    pause: !registered,
  });
  const refresh = useCoalesced(() => {
    refetch({ requestPolicy: 'network-only' });
    if (registered) refetchInside({ requestPolicy: 'network-only' });
  });
  useStream(DialogueEventsSubscription, registered ? { procurementId: procurementId! } : null, {
    onData: () => refresh(),
    onResync: () => refresh(),
  });
  const [registration, register] = useMutation(RegisterForDialogue);
  const [asked, ask] = useMutation(AskQuestion);
  const [withdrawn, withdraw] = useMutation(WithdrawQuestion);
  const [booked, book] = useMutation(BookSlot);
  const [freed, cancelBooking] = useMutation(CancelBooking);
  const [question, setQuestion] = useState('');
  const [questionError, setQuestionError] = useState<string>();
  const [status, setStatus] = useState('');

  if (!d) return fetching ? <Loading /> : <ErrorAlert error={error} />;
  const isSupplier = viewer?.organisation.kind === 'SUPPLIER';
  const x = inside.data?.marketDialogue;
  const myBookings = x?.slots.filter((s) => s.bookedByMyOrganisation).length ?? 0;

  const submitQuestion = async (e: FormEvent) => {
    e.preventDefault();
    if (!question.trim()) return setQuestionError(t('common.required'));
    setQuestionError(undefined);
    const r = await ask({ input: { procurementId: d.id, text: question.trim() } });
    if (r.data) {
      setQuestion('');
      setStatus(t('dialogue.asked', { number: r.data.askDialogueQuestion.number }));
      refresh();
    }
  };

  return (
    <article className="stack-lg" aria-labelledby="dialogue-title">
      <div className="stack-sm">
        <Paragraph data-size="sm">
          <RouterLink to="/market-dialogues">{t('dialogue.all')}</RouterLink>
        </Paragraph>
        <Heading level={1} data-size="lg" id="dialogue-title">
          {d.title}
        </Heading>
        <div className="row">
          <Tag data-size="sm" data-color={d.open ? 'success' : 'neutral'}>
            {d.open ? t('dialogue.open') : t('dialogue.closed')}
          </Tag>
          <Tag data-size="sm" data-color="neutral">
            {t(`phase.${d.phase}`)}
          </Tag>
          {d.registered && (
            <Tag data-size="sm" data-color="info">
              {t('dialogue.registered')}
            </Tag>
          )}
        </div>
        <dl className="facts">
          <dt>{t('dialogue.leadAuthority')}</dt>
          <dd>{d.leadAuthority.name}</dd>
          <dt>{t('dialogue.authorities')}</dt>
          <dd>{d.contractingAuthorities.map((a) => a.name).join(', ')}</dd>
          {d.questionDeadline && (
            <>
              <dt>{t('dialogue.deadline')}</dt>
              <dd>{f.dateTime(d.questionDeadline)}</dd>
            </>
          )}
          {d.publishedAt && (
            <>
              <dt>{t('dialogue.published')}</dt>
              <dd>{f.dateTime(d.publishedAt)}</dd>
            </>
          )}
        </dl>
      </div>
      <div role="status" aria-live="polite">
        {status}
      </div>

      <section aria-labelledby="notice-heading" className="stack-sm">
        <Heading level={2} data-size="md" id="notice-heading">
          {t('dialogue.notice')}
        </Heading>
        <Markdown>{d.notice}</Markdown>
      </section>

      <section aria-labelledby="public-lots-heading" className="stack-sm">
        <Heading level={2} data-size="md" id="public-lots-heading">
          {t('dialogue.lots')}
        </Heading>
        <ul>
          {d.lots.map((l) => (
            <li key={l.number}>
              <strong>{t('lots.lotTitle', { number: l.number, title: l.title })}</strong>
              {l.cpvCodes.length > 0 && ` (CPV ${l.cpvCodes.join(', ')})`}
              {l.description && <div className="small">{l.description}</div>}
            </li>
          ))}
        </ul>
      </section>

      {!d.registered && (
        <div className="panel stack-sm">
          {isSupplier ? (
            <>
              <Paragraph>{t('dialogue.registerIntro')}</Paragraph>
              <ErrorAlert error={registration.error} />
              <div>
                <Button
                  loading={registration.fetching}
                  onClick={async () => {
                    const r = await register({ id: d.id });
                    if (!r.error) setStatus(t('dialogue.registeredStatus'));
                    refresh();
                  }}
                >
                  {t('dialogue.register')}
                </Button>
              </div>
            </>
          ) : (
            <Paragraph>{t('dialogue.suppliersOnly')}</Paragraph>
          )}
        </div>
      )}

      {d.registered && !x && (inside.fetching ? <Loading /> : <ErrorAlert error={inside.error} />)}
      {x && (
        <>
          <section aria-labelledby="published-documents-heading" className="stack-sm">
            <Heading level={2} data-size="md" id="published-documents-heading">
              {t('dialogue.documents')}
            </Heading>
            {x.documents.length === 0 ? (
              <Paragraph data-size="sm">{t('dialogue.noDocuments')}</Paragraph>
            ) : (
              <ul className="plain-list stack-sm">
                {x.documents.map((doc) => (
                  <li key={doc.id} className="panel stack-sm">
                    <div className="row">
                      <a href={doc.downloadUrl} download={doc.fileName ?? undefined}>
                        {t('dialogue.download', { title: doc.title, version: doc.version })}
                      </a>
                      <Tag data-size="sm">{t(`documentKind.${doc.kind}`)}</Tag>
                      <span className="small muted">{f.dateTime(doc.publishedAt)}</span>
                    </div>
                    {doc.text && (
                      <Details>
                        <Details.Summary>{t('dialogue.readText', { title: doc.title })}</Details.Summary>
                        <Details.Content>
                          <Markdown>{doc.text}</Markdown>
                        </Details.Content>
                      </Details>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="answers-heading" className="stack-sm">
            <Heading level={2} data-size="md" id="answers-heading">
              {t('dialogue.answers')}
            </Heading>
            <Paragraph data-size="sm">{t('dialogue.answersIntro')}</Paragraph>
            {x.questions.length === 0 ? (
              <Paragraph data-size="sm">{t('dialogue.noAnswers')}</Paragraph>
            ) : (
              <ul className="plain-list stack">
                {x.questions.map((q) => (
                  <li key={q.id} className="panel stack-sm">
                    <Paragraph>
                      <strong>{t('dialogue.questionNumber', { number: q.number })}</strong> {q.question}
                    </Paragraph>
                    <Markdown>{q.answer}</Markdown>
                    <Paragraph data-size="sm" className="muted">
                      {t('dialogue.answeredOn', { date: f.dateTime(q.answeredAt) })}
                      {q.askedByMyOrganisation && ` · ${t('dialogue.yourQuestion')}`}
                    </Paragraph>
                    {q.revisions.length > 1 && (
                      <Details>
                        <Details.Summary>{t('dialogue.revisions', { count: q.revisions.length })}</Details.Summary>
                        <Details.Content>
                          <ol className="plain-list stack-sm">
                            {q.revisions.map((r) => (
                              <li key={r.revision}>
                                <Paragraph data-size="sm">
                                  {t('dialogue.revision', { revision: r.revision, date: f.dateTime(r.publishedAt) })}
                                </Paragraph>
                                <Paragraph data-size="sm">{r.question}</Paragraph>
                                <Markdown>{r.answer}</Markdown>
                              </li>
                            ))}
                          </ol>
                        </Details.Content>
                      </Details>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="my-questions-heading" className="stack-sm">
            <Heading level={2} data-size="md" id="my-questions-heading">
              {t('dialogue.myQuestions')}
            </Heading>
            <ErrorAlert error={withdrawn.error} />
            {x.myQuestions.length === 0 ? (
              <Paragraph data-size="sm">{t('dialogue.noOwnQuestions')}</Paragraph>
            ) : (
              <ul className="plain-list stack-sm">
                {x.myQuestions.map((q) => (
                  <li key={q.id} className="row">
                    <span>
                      <strong>{t('dialogue.questionNumber', { number: q.number })}</strong> {q.text}
                    </span>
                    <Tag
                      data-size="sm"
                      data-color={q.status === 'ANSWERED' ? 'success' : q.status === 'PENDING' ? 'warning' : 'neutral'}
                    >
                      {t(`questionStatus.${q.status}`)}
                    </Tag>
                    {q.status === 'PENDING' && (
                      <Button
                        data-size="sm"
                        variant="tertiary"
                        onClick={async () => {
                          await withdraw({ id: q.id });
                          refresh();
                        }}
                      >
                        {t('dialogue.withdrawQuestion', { number: q.number })}
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {d.open && (
              <form onSubmit={submitQuestion} className="stack-sm panel" noValidate>
                <ErrorAlert error={asked.error} />
                <Textfield
                  label={t('dialogue.ask')}
                  description={t('dialogue.askHelp')}
                  multiline
                  rows={3}
                  value={question}
                  onChange={(e) => setQuestion(e.target.value)}
                  error={questionError}
                  required
                />
                <div>
                  <Button type="submit" loading={asked.fetching}>
                    {t('dialogue.askSubmit')}
                  </Button>
                </div>
              </form>
            )}
          </section>

          <section aria-labelledby="slots-heading" className="stack-sm">
            <Heading level={2} data-size="md" id="slots-heading">
              {t('dialogue.meetings')}
            </Heading>
            <Paragraph data-size="sm">
              {t('dialogue.meetingsIntro', { count: d.maxBookingsPerSupplier, booked: myBookings })}
            </Paragraph>
            <ErrorAlert error={booked.error ?? freed.error} />
            {x.slots.length === 0 ? (
              <Paragraph data-size="sm">{t('dialogue.noSlots')}</Paragraph>
            ) : (
              <Table data-size="sm" zebra>
                <caption className="visually-hidden">{t('dialogue.meetings')}</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{t('dialogue.when')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('dialogue.where')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('common.actions')}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {x.slots.map((s) => {
                    const when = `${f.dateTime(s.startsAt)}–${f.time(s.endsAt)}`;
                    return (
                      <Table.Row key={s.id}>
                        <Table.HeaderCell scope="row">{when}</Table.HeaderCell>
                        <Table.Cell>{s.location || '–'}</Table.Cell>
                        <Table.Cell>
                          {s.bookedByMyOrganisation ? (
                            <div className="row">
                              <Tag data-size="sm" data-color="success">
                                {t('dialogue.bookedByYou')}
                              </Tag>
                              <Button
                                data-size="sm"
                                variant="tertiary"
                                onClick={async () => {
                                  const r = await cancelBooking({ id: s.id });
                                  if (!r.error) setStatus(t('dialogue.bookingCancelled', { when }));
                                  refresh();
                                }}
                              >
                                {t('dialogue.cancelBooking', { when })}
                              </Button>
                            </div>
                          ) : s.available ? (
                            // Free, but not bookable now (dialogue closed or the supplier's limit reached).
                            !d.open || myBookings >= d.maxBookingsPerSupplier ? (
                              <span className="muted">{t('dialogue.free')}</span>
                            ) : (
                              <Button
                                data-size="sm"
                                variant="secondary"
                                onClick={async () => {
                                  const r = await book({ id: s.id });
                                  if (!r.error) setStatus(t('dialogue.bookedStatus', { when }));
                                  refresh();
                                }}
                              >
                                {t('dialogue.book', { when })}
                              </Button>
                            )
                          ) : (
                            <span className="muted">{t('dialogue.taken')}</span>
                          )}
                        </Table.Cell>
                      </Table.Row>
                    );
                  })}
                </Table.Body>
              </Table>
            )}
          </section>

          <section aria-labelledby="public-channel-heading" className="stack-sm">
            <Heading level={2} data-size="md" id="public-channel-heading">
              {t('dialogue.channel')}
            </Heading>
            {x.publicMessages.length === 0 ? (
              <Paragraph data-size="sm">{t('dialogue.noMessages')}</Paragraph>
            ) : (
              <ol className="plain-list stack-sm" aria-labelledby="public-channel-heading">
                {x.publicMessages.map((m) => (
                  <li key={m.id} className="panel">
                    <Paragraph data-size="sm" className="muted">
                      {m.authorName}, {m.authorOrganisationName} · {f.dateTime(m.createdAt)}
                      {m.editedAt && ` · ${t('dialogue.edited')}`}
                    </Paragraph>
                    {m.body === null ? (
                      <Paragraph data-size="sm">{t('dialogue.deleted')}</Paragraph>
                    ) : (
                      <Markdown>{m.body}</Markdown>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      )}
    </article>
  );
}
