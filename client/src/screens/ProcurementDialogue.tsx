import { Button, Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { DataTable } from '../components/DataTable';
import { ErrorAlert, LiveStatus, QueryState } from '../components/Feedback';
import { CollapsibleForm } from '../components/Form';
import { Markdown } from '../components/Markdown';
import { Section } from '../components/Section';
import { useForm, useStatus } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { isoToLocal, localToIso, useProcurementRefetch } from '../lib/procurement';
import { DialogueQuestions } from './ProcurementDialogueQuestions';

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

type Dialogue = ResultOf<typeof DialogueAdminQuery>['jointProcurement']['dialogue'];
export type Question = NonNullable<Dialogue['questions']>[number];
type Report = (result: { error?: unknown }, text: string) => boolean;

/** Phases in which the dialogue is over (the competition has started). */
const LATE: string[] = ['COMPETITION', 'CONTRACT_FOLLOW_UP', 'BENEFITS_REALISATION', 'CLOSED', 'CANCELLED'];

/** A whole number, as the count fields take it. */
const isCount = (v: string) => /^\d+$/.test(v.trim());

/**
 * The coordinators publish the dialogue notice (or update it): the text, the question deadline and
 * how many meetings a supplier may book. Fields not edited yet follow the published notice.
 */
function NoticeForm({ procurementId, d, report }: { procurementId: string; d: Dialogue; report: Report }) {
  const { t } = useTranslation();
  const [edited, setEdited] = useState<{ notice?: string; deadline?: string; max?: string }>({});
  const [errors, setErrors] = useState<Record<string, string | false>>({});
  const [publishedNotice, publishNotice] = useMutation(PublishNotice);
  const values = {
    notice: edited.notice ?? d.notice ?? '',
    deadline: edited.deadline ?? isoToLocal(d.questionDeadline),
    max: edited.max ?? String(d.maxBookingsPerSupplier),
  };
  const field = (name: keyof typeof values) => ({
    value: values[name],
    onChange: (e: { target: { value: string } }) => setEdited((v) => ({ ...v, [name]: e.target.value })),
    error: errors[name] || undefined,
  });

  const submit = async () => {
    const due = localToIso(values.deadline);
    const found = {
      notice: !values.notice.trim() && t('common.required'),
      deadline: !due && t('common.required'),
      max: !isCount(values.max) && t('decisions.quorumInvalid'),
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    const input = {
      procurementId,
      notice: values.notice,
      questionDeadline: due!,
      maxBookingsPerSupplier: Number(values.max.trim()),
    };
    report(await publishNotice({ input }), t('dialogueAdmin.noticePublished'));
  };

  return (
    <CollapsibleForm
      summary={d.published ? t('dialogueAdmin.updateNotice') : t('dialogueAdmin.publishNotice')}
      defaultOpen={!d.published}
      onSubmit={submit}
      result={publishedNotice}
      submitLabel={d.published ? t('dialogueAdmin.updateSubmit') : t('dialogueAdmin.publishSubmit')}
    >
      <Textfield
        label={t('dialogueAdmin.notice')}
        description={t('dialogueAdmin.noticeHelp')}
        multiline
        rows={5}
        {...field('notice')}
        required
      />
      <div className="row">
        <Textfield label={t('dialogueAdmin.deadline')} type="datetime-local" {...field('deadline')} required />
        <Textfield label={t('dialogueAdmin.maxBookings')} inputMode="numeric" {...field('max')} />
      </div>
    </CollapsibleForm>
  );
}

/** The coordinators open a row of equal meeting slots for the suppliers to book. */
function SlotsForm({ procurementId, report }: { procurementId: string; report: Report }) {
  const { t } = useTranslation();
  const [slotsOpened, openSlots] = useMutation(OpenSlots);
  const form = useForm({ start: '', minutes: '60', count: '4', location: '' });

  const submit = async () => {
    const { start, minutes, count, location } = form.values;
    const startsAt = localToIso(start);
    const found = {
      start: !startsAt && t('common.required'),
      minutes: !isCount(minutes) && t('decisions.quorumInvalid'),
      count: !isCount(count) && t('decisions.quorumInvalid'),
    };
    if (!form.check(found)) return;
    const input = {
      procurementId,
      startsAt: startsAt!,
      durationMinutes: Number(minutes.trim()),
      count: Number(count.trim()),
      location: location.trim(),
    };
    report(await openSlots({ input }), t('dialogueAdmin.slotsOpened', { count: Number(count.trim()) }));
  };

  return (
    <CollapsibleForm
      summary={t('dialogueAdmin.openSlots')}
      onSubmit={submit}
      result={slotsOpened}
      submitLabel={t('dialogueAdmin.openSlotsSubmit')}
    >
      <div className="row">
        <Textfield label={t('dialogueAdmin.firstStart')} type="datetime-local" {...form.field('start')} required />
        <Textfield label={t('dialogueAdmin.minutes')} inputMode="numeric" {...form.field('minutes')} />
        <Textfield label={t('dialogueAdmin.count')} inputMode="numeric" {...form.field('count')} />
      </div>
      <Textfield label={t('dialogueAdmin.location')} {...form.field('location')} />
    </CollapsibleForm>
  );
}

/** The meeting slots, who booked each, and the coordinators' removal of one. */
function SlotTable({
  slots,
  isCoordinator,
  onChange,
}: {
  slots: Dialogue['slots'];
  isCoordinator: boolean;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [slotRemoved, removeSlot] = useMutation(RemoveSlot);
  return (
    <>
      <ErrorAlert error={slotRemoved.error} />
      <DataTable
        caption={t('dialogueAdmin.slots')}
        columns={[
          t('dialogue.when'),
          t('dialogue.where'),
          t('dialogueAdmin.bookedBy'),
          isCoordinator && t('common.actions'),
        ]}
      >
        {slots.map((s) => (
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
                    onChange();
                  }}
                >
                  {t('dialogueAdmin.removeSlot', { when: f.dateTime(s.startsAt) })}
                </Button>
              </Table.Cell>
            )}
          </Table.Row>
        ))}
      </DataTable>
    </>
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
  const refresh = useProcurementRefetch(['dialogue', 'questions', 'slots', 'procurement'], refetch);
  const { status, report } = useStatus(refresh);
  const d = data?.jointProcurement.dialogue;
  if (!d) {
    return (
      <Section id="dialogue" title={t('dialogueAdmin.title')}>
        <QueryState error={fetching ? undefined : error} loading={fetching} />
      </Section>
    );
  }
  // `open` is a published dialogue before the competition; an unpublished one may still be published.
  const writable = isCoordinator && (d.open || (!d.published && !LATE.includes(data!.jointProcurement.phase)));

  return (
    <Section id="dialogue" title={t('dialogueAdmin.title')}>
      <LiveStatus>{status}</LiveStatus>
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
      {writable && <NoticeForm procurementId={procurementId} d={d} report={report} />}

      <DialogueQuestions
        questions={d.questions}
        isCoordinator={isCoordinator}
        report={report}
        suppliers={new Set(d.registrations.map((r) => r.organisation.id)).size}
      />

      <Heading level={3} data-size="sm">
        {t('dialogueAdmin.slots')}
      </Heading>
      {d.slots.length === 0 ? (
        <Paragraph data-size="sm">{t('dialogue.noSlots')}</Paragraph>
      ) : (
        <SlotTable slots={d.slots} isCoordinator={isCoordinator} onChange={refresh} />
      )}
      {writable && <SlotsForm procurementId={procurementId} report={report} />}

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
    </Section>
  );
}
