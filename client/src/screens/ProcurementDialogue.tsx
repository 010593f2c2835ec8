import { Button, Details, Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { Markdown } from '../components/Markdown';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { useCoalesced } from '../lib/live';
import { localToIso, useProcurementListener } from '../lib/procurement';

const DialogueAdminQuery = graphql(`
  query DialogueAdmin($id: ID!) {
    jointProcurement(id: $id) {
      id
      phase
      dialogue {
        published
        publishedAt
        open
        notice
        questionDeadline
        maxBookingsPerSupplier
        questions {
          id
          number
          status
          text
          publishedQuestion
          answer
          answeredAt
          askedAt
          revision
          askedByOrganisation {
            id
            name
          }
        }
        slots {
          id
          startsAt
          endsAt
          location
          bookedAt
          bookedBy {
            id
            displayName
          }
          bookedByOrganisation {
            id
            name
          }
        }
        registrations {
          registeredAt
          organisation {
            id
            name
          }
          user {
            id
            displayName
          }
        }
      }
    }
  }
`);
const PublishNotice = graphql(`
  mutation PublishDialogueNotice($input: PublishDialogueNoticeInput!) {
    publishDialogueNotice(input: $input) {
      id
    }
  }
`);
const AnswerQuestion = graphql(`
  mutation AnswerDialogueQuestion($input: AnswerQuestionInput!) {
    answerDialogueQuestion(input: $input) {
      id
      status
    }
  }
`);
const EditAnswer = graphql(`
  mutation EditDialogueAnswer($input: AnswerQuestionInput!) {
    editDialogueAnswer(input: $input) {
      id
      revision
    }
  }
`);
const OpenSlots = graphql(`
  mutation OpenDialogueSlots($input: OpenSlotsInput!) {
    openDialogueSlots(input: $input) {
      id
    }
  }
`);
const RemoveSlot = graphql(`
  mutation RemoveDialogueSlot($slotId: ID!) {
    removeDialogueSlot(slotId: $slotId) {
      id
    }
  }
`);

type Question = NonNullable<ResultOf<typeof DialogueAdminQuery>['jointProcurement']['dialogue']['questions']>[number];

/** Phases in which the dialogue is over (the competition has started). */
const LATE: string[] = ['COMPETITION', 'CONTRACT_FOLLOW_UP', 'BENEFITS_REALISATION', 'CLOSED', 'CANCELLED'];

/** The ISO instant as a datetime-local value in the browser's time zone. */
const isoToLocal = (iso: string | null | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** Answers a question to every registered supplier at once (or publishes a revised answer). */
function AnswerForm({ question, onDone }: { question: Question; onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const revise = question.status === 'ANSWERED';
  const [published, setPublished] = useState(question.publishedQuestion ?? question.text);
  const [answer, setAnswer] = useState(question.answer ?? '');
  const [error, setError] = useState<string>();
  const [answered, answerQuestion] = useMutation(AnswerQuestion);
  const [edited, editAnswer] = useMutation(EditAnswer);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!answer.trim()) return setError(t('common.required'));
    setError(undefined);
    const input = { questionId: question.id, answer: answer.trim(), publishedQuestion: published.trim() || null };
    const r = revise ? await editAnswer({ input }) : await answerQuestion({ input });
    if (!r.error) onDone(t(revise ? 'dialogueAdmin.revised' : 'dialogueAdmin.answered', { number: question.number }));
  };
  return (
    <form onSubmit={submit} className="stack" noValidate>
      <ErrorAlert error={answered.error ?? edited.error} />
      <Textfield
        label={t('dialogueAdmin.publishedQuestion', { number: question.number })}
        description={t('dialogueAdmin.publishedQuestionHelp')}
        multiline
        rows={2}
        value={published}
        onChange={(e) => setPublished(e.target.value)}
      />
      <Textfield
        label={t('dialogueAdmin.answer', { number: question.number })}
        description={t('common.markdownHelp')}
        multiline
        rows={4}
        value={answer}
        onChange={(e) => setAnswer(e.target.value)}
        error={error}
        required
      />
      <div>
        <Button type="submit" loading={answered.fetching || edited.fetching}>
          {revise
            ? t('dialogueAdmin.publishRevision', { number: question.number })
            : t('dialogueAdmin.publishAnswer', { number: question.number })}
        </Button>
      </div>
    </form>
  );
}

/** The market dialogue as the buyers run it: notice, questions and answers, meeting slots, registrations. */
export function DialogueAdminSection({
  procurementId,
  isCoordinator,
}: {
  procurementId: string;
  isCoordinator: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: DialogueAdminQuery,
    variables: { id: procurementId },
  });
  const refresh = useCoalesced(() => refetch({ requestPolicy: 'network-only' }));
  useProcurementListener((e) => {
    if (
      e.type === 'resync' ||
      ['dialogue.', 'question.', 'answer.', 'slot', 'procurement.'].some((p) => e.type.startsWith(p))
    )
      refresh();
  });
  const d = data?.jointProcurement.dialogue;
  const [notice, setNotice] = useState<string | null>(null);
  const [deadline, setDeadline] = useState<string | null>(null);
  const [maxBookings, setMaxBookings] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [publishedNotice, publishNotice] = useMutation(PublishNotice);
  const [slotsOpened, openSlots] = useMutation(OpenSlots);
  const [slotRemoved, removeSlot] = useMutation(RemoveSlot);
  const [slotStart, setSlotStart] = useState('');
  const [slotMinutes, setSlotMinutes] = useState('60');
  const [slotCount, setSlotCount] = useState('4');
  const [slotLocation, setSlotLocation] = useState('');

  if (!d) {
    return (
      <section aria-labelledby="dialogue-heading" className="stack" id="dialogue">
        <Heading level={2} data-size="md" id="dialogue-heading">
          {t('dialogueAdmin.title')}
        </Heading>
        {fetching ? <Loading /> : <ErrorAlert error={error} />}
      </section>
    );
  }
  const noticeValue = notice ?? d.notice ?? '';
  const deadlineValue = deadline ?? isoToLocal(d.questionDeadline);
  const maxValue = maxBookings ?? String(d.maxBookingsPerSupplier);
  // `open` is a published dialogue before the competition; an unpublished one may still be published.
  const writable = d.open || (!d.published && !LATE.includes(data!.jointProcurement.phase));
  const pending = d.questions.filter((q) => q.status === 'PENDING');
  const answered = d.questions.filter((q) => q.status === 'ANSWERED');

  const submitNotice = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!noticeValue.trim()) local.notice = t('common.required');
    const due = localToIso(deadlineValue);
    if (!due) local.deadline = t('common.required');
    if (!/^\d+$/.test(maxValue.trim())) local.max = t('decisions.quorumInvalid');
    setErrors(local);
    if (Object.keys(local).length) return;
    const r = await publishNotice({
      input: {
        procurementId,
        notice: noticeValue,
        questionDeadline: due!,
        maxBookingsPerSupplier: Number(maxValue.trim()),
      },
    });
    if (!r.error) {
      setStatus(t('dialogueAdmin.noticePublished'));
      refresh();
    }
  };
  const submitSlots = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    const start = localToIso(slotStart);
    if (!start) local.slotStart = t('common.required');
    if (!/^\d+$/.test(slotMinutes.trim())) local.slotMinutes = t('decisions.quorumInvalid');
    if (!/^\d+$/.test(slotCount.trim())) local.slotCount = t('decisions.quorumInvalid');
    setErrors(local);
    if (Object.keys(local).length) return;
    const r = await openSlots({
      input: {
        procurementId,
        startsAt: start!,
        durationMinutes: Number(slotMinutes.trim()),
        count: Number(slotCount.trim()),
        location: slotLocation.trim(),
      },
    });
    if (!r.error) {
      setStatus(t('dialogueAdmin.slotsOpened', { count: Number(slotCount.trim()) }));
      refresh();
    }
  };

  return (
    <section aria-labelledby="dialogue-heading" className="stack" id="dialogue">
      <Heading level={2} data-size="md" id="dialogue-heading">
        {t('dialogueAdmin.title')}
      </Heading>
      <div role="status" aria-live="polite">
        {status}
      </div>
      <div className="row">
        <Tag data-size="sm" data-color={d.published ? 'success' : 'neutral'}>
          {d.published && d.publishedAt
            ? t('dialogueAdmin.publishedOn', { date: f.dateTime(d.publishedAt) })
            : t('dialogueAdmin.notPublished')}
        </Tag>
        {d.questionDeadline && (
          <span className="small muted">
            {t('dialogue.questionDeadline', { date: f.dateTime(d.questionDeadline) })}
          </span>
        )}
        {d.published && <span className="small muted">{d.open ? t('dialogue.open') : t('dialogue.closed')}</span>}
      </div>
      {d.notice && <Markdown>{d.notice}</Markdown>}
      {isCoordinator && writable && (
        <Details defaultOpen={!d.published}>
          <Details.Summary>
            {d.published ? t('dialogueAdmin.updateNotice') : t('dialogueAdmin.publishNotice')}
          </Details.Summary>
          <Details.Content>
            <form onSubmit={submitNotice} className="stack" noValidate>
              <ErrorAlert error={publishedNotice.error} />
              <Textfield
                label={t('dialogueAdmin.notice')}
                description={t('dialogueAdmin.noticeHelp')}
                multiline
                rows={5}
                value={noticeValue}
                onChange={(e) => setNotice(e.target.value)}
                error={errors.notice}
                required
              />
              <div className="row">
                <Textfield
                  label={t('dialogueAdmin.deadline')}
                  type="datetime-local"
                  value={deadlineValue}
                  onChange={(e) => setDeadline(e.target.value)}
                  error={errors.deadline}
                  required
                />
                <Textfield
                  label={t('dialogueAdmin.maxBookings')}
                  inputMode="numeric"
                  value={maxValue}
                  onChange={(e) => setMaxBookings(e.target.value)}
                  error={errors.max}
                />
              </div>
              <div>
                <Button type="submit" loading={publishedNotice.fetching}>
                  {d.published ? t('dialogueAdmin.updateSubmit') : t('dialogueAdmin.publishSubmit')}
                </Button>
              </div>
            </form>
          </Details.Content>
        </Details>
      )}

      <Heading level={3} data-size="sm" id="pending-heading">
        {t('dialogueAdmin.pending', { count: pending.length })}
      </Heading>
      {pending.length === 0 ? (
        <Paragraph data-size="sm">{t('dialogueAdmin.noPending')}</Paragraph>
      ) : (
        <ul className="plain-list stack" aria-labelledby="pending-heading">
          {pending.map((q) => (
            <li key={q.id} className="panel stack-sm">
              <Paragraph>
                <strong>{t('dialogue.questionNumber', { number: q.number })}</strong> {q.text}
              </Paragraph>
              <Paragraph data-size="sm" className="muted">
                {t('dialogueAdmin.askedBy', { organisation: q.askedByOrganisation.name, date: f.dateTime(q.askedAt) })}
              </Paragraph>
              {isCoordinator && (
                <AnswerForm
                  question={q}
                  onDone={(msg) => {
                    setStatus(msg);
                    refresh();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}

      <Heading level={3} data-size="sm" id="answered-heading">
        {t('dialogueAdmin.answeredTitle', { count: answered.length })}
      </Heading>
      {answered.length === 0 ? (
        <Paragraph data-size="sm">{t('dialogue.noAnswers')}</Paragraph>
      ) : (
        <ul className="plain-list stack" aria-labelledby="answered-heading">
          {answered.map((q) => (
            <li key={q.id} className="panel stack-sm">
              <Paragraph>
                <strong>{t('dialogue.questionNumber', { number: q.number })}</strong> {q.publishedQuestion ?? q.text}
              </Paragraph>
              <Markdown>{q.answer ?? ''}</Markdown>
              <Paragraph data-size="sm" className="muted">
                {t('dialogueAdmin.answeredMeta', {
                  organisation: q.askedByOrganisation.name,
                  date: q.answeredAt ? f.dateTime(q.answeredAt) : '',
                  revision: q.revision,
                })}
              </Paragraph>
              {isCoordinator && (
                <Details>
                  <Details.Summary>{t('dialogueAdmin.editAnswer', { number: q.number })}</Details.Summary>
                  <Details.Content>
                    <AnswerForm
                      key={q.revision}
                      question={q}
                      onDone={(msg) => {
                        setStatus(msg);
                        refresh();
                      }}
                    />
                  </Details.Content>
                </Details>
              )}
            </li>
          ))}
        </ul>
      )}

      <Heading level={3} data-size="sm">
        {t('dialogueAdmin.slots')}
      </Heading>
      <ErrorAlert error={slotRemoved.error} />
      {d.slots.length === 0 ? (
        <Paragraph data-size="sm">{t('dialogue.noSlots')}</Paragraph>
      ) : (
        <Table data-size="sm" zebra>
          <caption className="visually-hidden">{t('dialogueAdmin.slots')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('dialogue.when')}</Table.HeaderCell>
              <Table.HeaderCell>{t('dialogue.where')}</Table.HeaderCell>
              <Table.HeaderCell>{t('dialogueAdmin.bookedBy')}</Table.HeaderCell>
              {isCoordinator && <Table.HeaderCell>{t('common.actions')}</Table.HeaderCell>}
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {d.slots.map((s) => (
              <Table.Row key={s.id}>
                <Table.HeaderCell scope="row">
                  {f.dateTime(s.startsAt)}–{f.time(s.endsAt)}
                </Table.HeaderCell>
                <Table.Cell>{s.location || '–'}</Table.Cell>
                <Table.Cell>
                  {s.bookedByOrganisation
                    ? `${s.bookedByOrganisation.name}${s.bookedBy ? ` (${s.bookedBy.displayName})` : ''}`
                    : t('dialogue.free')}
                </Table.Cell>
                {isCoordinator && (
                  <Table.Cell>
                    <Button
                      data-size="sm"
                      variant="tertiary"
                      onClick={async () => {
                        await removeSlot({ slotId: s.id });
                        refresh();
                      }}
                    >
                      {t('dialogueAdmin.removeSlot', { when: f.dateTime(s.startsAt) })}
                    </Button>
                  </Table.Cell>
                )}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {isCoordinator && writable && (
        <Details>
          <Details.Summary>{t('dialogueAdmin.openSlots')}</Details.Summary>
          <Details.Content>
            <form onSubmit={submitSlots} className="stack" noValidate>
              <ErrorAlert error={slotsOpened.error} />
              <div className="row">
                <Textfield
                  label={t('dialogueAdmin.firstStart')}
                  type="datetime-local"
                  value={slotStart}
                  onChange={(e) => setSlotStart(e.target.value)}
                  error={errors.slotStart}
                  required
                />
                <Textfield
                  label={t('dialogueAdmin.minutes')}
                  inputMode="numeric"
                  value={slotMinutes}
                  onChange={(e) => setSlotMinutes(e.target.value)}
                  error={errors.slotMinutes}
                />
                <Textfield
                  label={t('dialogueAdmin.count')}
                  inputMode="numeric"
                  value={slotCount}
                  onChange={(e) => setSlotCount(e.target.value)}
                  error={errors.slotCount}
                />
              </div>
              <Textfield
                label={t('dialogueAdmin.location')}
                value={slotLocation}
                onChange={(e) => setSlotLocation(e.target.value)}
              />
              <div>
                <Button type="submit" loading={slotsOpened.fetching}>
                  {t('dialogueAdmin.openSlotsSubmit')}
                </Button>
              </div>
            </form>
          </Details.Content>
        </Details>
      )}

      <Heading level={3} data-size="sm">
        {t('dialogueAdmin.registrations', { count: d.registrations.length })}
      </Heading>
      {d.registrations.length > 0 && (
        <ul>
          {d.registrations.map((r) => (
            <li key={`${r.organisation.id}-${r.user.id}`}>
              {r.organisation.name} ({r.user.displayName}, {f.date(r.registeredAt)})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
