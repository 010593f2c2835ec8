import { Button, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, type CombinedError } from 'urql';
import { DataTable } from '../components/DataTable';
import { ErrorAlert, LiveStatus } from '../components/Feedback';
import { Collapsible, Form } from '../components/Form';
import { Markdown } from '../components/Markdown';
import { Section } from '../components/Section';
import { useForm } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';

// The market dialogue's parts that only registered suppliers (and the buyers) see.

/** What only registered suppliers (and the buyers) see. */
export const DialogueInsideQuery = graphql(`
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

type Inside = NonNullable<ResultOf<typeof DialogueInsideQuery>['marketDialogue']>;
type Report = (result: { error?: unknown }, text: string) => boolean;

/** The documents the buyers published to the registered suppliers, to download or read here. */
export function PublishedDocuments({ documents }: { documents: Inside['documents'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Section headingId="published-documents-heading" title={t('dialogue.documents')} className="stack-sm">
      {documents.length === 0 ? (
        <Paragraph data-size="sm">{t('dialogue.noDocuments')}</Paragraph>
      ) : (
        <ul className="plain-list stack-sm">
          {documents.map((doc) => (
            <li key={doc.id} className="panel stack-sm">
              <div className="row">
                <a href={doc.downloadUrl} download={doc.fileName ?? undefined}>
                  {t('dialogue.download', { title: doc.title, version: doc.version })}
                </a>
                <Tag data-size="sm">{t(`documentKind.${doc.kind}`)}</Tag>
                <span className="small muted">{f.dateTime(doc.publishedAt)}</span>
              </div>
              {doc.text && (
                <Collapsible summary={t('dialogue.readText', { title: doc.title })}>
                  <Markdown>{doc.text}</Markdown>
                </Collapsible>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** The answers published to every registered supplier, each with its earlier revisions. */
export function Answers({ questions }: { questions: Inside['questions'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Section headingId="answers-heading" title={t('dialogue.answers')} className="stack-sm">
      <Paragraph data-size="sm">{t('dialogue.answersIntro')}</Paragraph>
      {questions.length === 0 ? (
        <Paragraph data-size="sm">{t('dialogue.noAnswers')}</Paragraph>
      ) : (
        <ul className="plain-list stack">
          {questions.map((q) => (
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
                <Collapsible summary={t('dialogue.revisions', { count: q.revisions.length })}>
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
                </Collapsible>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** The supplier's own questions (withdrawn while unanswered) and, while the dialogue is open, a new one. */
export function MyQuestions({
  procurementId,
  open,
  x,
  report,
  onChange,
}: {
  procurementId: string;
  open: boolean;
  x: Inside;
  report: Report;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const [asked, ask] = useMutation(AskQuestion);
  const [withdrawn, withdraw] = useMutation(WithdrawQuestion);
  const form = useForm({ question: '' });

  const submitQuestion = async () => {
    if (!form.check(form.missing('question'))) return;
    const r = await ask({ input: { procurementId, text: form.values.question.trim() } });
    if (r.data && report(r, t('dialogue.asked', { number: r.data.askDialogueQuestion.number }))) form.reset();
  };

  return (
    <Section headingId="my-questions-heading" title={t('dialogue.myQuestions')} className="stack-sm">
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
                    onChange();
                  }}
                >
                  {t('dialogue.withdrawQuestion', { number: q.number })}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {open && (
        <Form onSubmit={submitQuestion} className="stack-sm panel" result={asked} submitLabel={t('dialogue.askSubmit')}>
          <Textfield
            label={t('dialogue.ask')}
            description={t('dialogue.askHelp')}
            multiline
            rows={3}
            {...form.field('question')}
            required
          />
        </Form>
      )}
    </Section>
  );
}

/** The equal meeting slots: the supplier books up to its limit while the dialogue is open. */
export function MeetingSlots({
  open,
  maxBookings,
  x,
  report,
}: {
  open: boolean;
  maxBookings: number;
  x: Inside;
  report: Report;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [booked, book] = useMutation(BookSlot);
  const [freed, cancelBooking] = useMutation(CancelBooking);
  const myBookings = x.slots.filter((s) => s.bookedByMyOrganisation).length;
  // Free, but not bookable now: the dialogue is closed or the supplier's limit reached.
  const full = !open || myBookings >= maxBookings;
  return (
    <Section headingId="slots-heading" title={t('dialogue.meetings')} className="stack-sm">
      <Paragraph data-size="sm">{t('dialogue.meetingsIntro', { count: maxBookings, booked: myBookings })}</Paragraph>
      <ErrorAlert error={booked.error ?? freed.error} />
      {x.slots.length === 0 ? (
        <Paragraph data-size="sm">{t('dialogue.noSlots')}</Paragraph>
      ) : (
        <DataTable
          caption={t('dialogue.meetings')}
          columns={[t('dialogue.when'), t('dialogue.where'), t('common.actions')]}
        >
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
                        onClick={async () =>
                          report(await cancelBooking({ id: s.id }), t('dialogue.bookingCancelled', { when }))
                        }
                      >
                        {t('dialogue.cancelBooking', { when })}
                      </Button>
                    </div>
                  ) : !s.available ? (
                    <span className="muted">{t('dialogue.taken')}</span>
                  ) : full ? (
                    <span className="muted">{t('dialogue.free')}</span>
                  ) : (
                    <Button
                      data-size="sm"
                      variant="secondary"
                      onClick={async () => report(await book({ id: s.id }), t('dialogue.bookedStatus', { when }))}
                    >
                      {t('dialogue.book', { when })}
                    </Button>
                  )}
                </Table.Cell>
              </Table.Row>
            );
          })}
        </DataTable>
      )}
    </Section>
  );
}

/** Older messages of the public channel, a page before the earliest shown. */
const OlderPublicMessages = graphql(`
  query OlderPublicMessages($id: ID!, $before: Int!) {
    marketDialogue(procurementId: $id) {
      id
      publicMessages(beforeSeq: $before, last: 50) {
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

type PublicMessage = Inside['publicMessages'][number];

/** The messages by sequence number, the later facts winning (an edit, a deletion). */
const bySeq = (into: ReadonlyMap<number, PublicMessage>, messages: readonly PublicMessage[]) => {
  const next = new Map(into);
  for (const m of messages) next.set(m.seq, m);
  return next;
};

/**
 * The procurement's public channel, read-only here: what the buyers say to every supplier. The
 * page brings the latest 50; older ones load a page at a time before the earliest shown (sequence
 * numbers have no gaps, so there are older ones while the earliest is not the first). What was
 * shown stays as newer messages arrive, so a window moving on leaves no hole.
 */
export function PublicChannel({
  procurementId,
  messages,
}: {
  procurementId: string;
  messages: Inside['publicMessages'];
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useClient();
  const [seen, setSeen] = useState(() => bySeq(new Map(), messages));
  const [latest, setLatest] = useState(messages);
  if (latest !== messages) {
    setLatest(messages);
    setSeen((prev) => bySeq(prev, messages));
  }
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState<CombinedError | undefined>();
  const [status, setStatus] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const shown = [...seen.values()].sort((a, b) => a.seq - b.seq);
  const earliest = shown[0]?.seq;

  const loadOlder = async () => {
    if (earliest === undefined) return;
    setLoading(true);
    const r = await client
      .query(OlderPublicMessages, { id: procurementId, before: earliest }, { requestPolicy: 'network-only' })
      .toPromise();
    setLoading(false);
    setFailed(r.error);
    const page = r.data?.marketDialogue.publicMessages;
    if (!page) return;
    setSeen((prev) => bySeq(prev, page));
    setStatus(t('dialogue.olderLoaded', { count: page.length }));
    // The button goes with the first message: the reader continues at the top of the list.
    if (page[0]?.seq === 1) list.current?.focus();
  };

  return (
    <Section headingId="public-channel-heading" title={t('dialogue.channel')} className="stack-sm">
      {shown.length === 0 ? (
        <Paragraph data-size="sm">{t('dialogue.noMessages')}</Paragraph>
      ) : (
        <>
          <ErrorAlert error={failed} />
          <LiveStatus>{status}</LiveStatus>
          {earliest !== undefined && earliest > 1 && (
            <div>
              <Button variant="secondary" data-size="sm" loading={loading} onClick={() => void loadOlder()}>
                {t('dialogue.loadOlder')}
              </Button>
            </div>
          )}
          <ol className="plain-list stack-sm" aria-labelledby="public-channel-heading" ref={list} tabIndex={-1}>
            {shown.map((m) => (
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
        </>
      )}
    </Section>
  );
}
