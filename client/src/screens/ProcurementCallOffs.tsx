import { Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { DataTable } from '../components/DataTable';
import { CollapsibleForm, MarkdownField } from '../components/Form';
import { Markdown } from '../components/Markdown';
import { SelectField } from '../components/SelectField';
import { useForm } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import type { Report } from './ProcurementAwardData';
import { useRefusedFields } from './ProcurementTenders';

const UpdateCallOffRight = graphql(`
  mutation UpdateCallOffRight($input: UpdateCallOffRightInput!) {
    updateCallOffRight(input: $input) {
      kind
      status
      reference
      startsOn
      note
    }
  }
`);

const CALL_OFF_STATUSES = ['NOT_STARTED', 'ACTIVE', 'ENDED'] as const;
type CallOffStatus = (typeof CALL_OFF_STATUSES)[number];

export interface CallOffRightRow {
  kind: 'OWN_AGREEMENT' | 'CALL_OFF';
  status: CallOffStatus;
  reference: string | null;
  startsOn: string | null;
  note: string;
  organisation: { id: string; name: string };
}

const statusColor = (s: CallOffStatus) => (s === 'ACTIVE' ? 'success' : s === 'ENDED' ? 'neutral' : 'info');

/**
 * The viewer's authority keeps its own right under the contract up to date: where it stands, its
 * own agreement's reference and start, notes. Also after the procurement has closed.
 */
function CallOffForm({ contractId, right, report }: { contractId: string; right: CallOffRightRow; report: Report }) {
  const { t } = useTranslation();
  const [saved, update] = useMutation(UpdateCallOffRight);
  const form = useForm({
    status: right.status as string,
    reference: right.reference ?? '',
    startsOn: right.startsOn ?? '',
    note: right.note,
  });
  const refused = useRefusedFields(saved.error);
  const field = (name: Parameters<typeof form.field>[0]) => ({
    ...form.field(name),
    error: form.errors[name] ?? refused[name],
  });

  const submit = async () => {
    const v = form.values;
    const r = await update({
      input: {
        contractId,
        status: v.status as CallOffStatus,
        reference: v.reference.trim() || null,
        startsOn: v.startsOn || null,
        note: v.note,
      },
    });
    report(r, t('callOff.saved', { organisation: right.organisation.name }));
  };

  return (
    <CollapsibleForm
      summary={t('callOff.update', { organisation: right.organisation.name })}
      intro={t(`callOff.help.${right.kind}`)}
      onSubmit={submit}
      busy={saved.fetching}
      error={Object.keys(refused).length ? undefined : saved.error}
      submitLabel={t('callOff.save')}
    >
      <div className="row">
        <SelectField
          label={t('callOff.status')}
          {...field('status')}
          options={CALL_OFF_STATUSES.map((s) => ({ value: s, label: t(`callOffStatus.${s}`) }))}
        />
        <Textfield label={t('callOff.reference')} {...field('reference')} />
        <Textfield label={t('callOff.startsOn')} type="date" {...field('startsOn')} />
      </div>
      <MarkdownField label={t('callOff.note')} {...field('note')} />
    </CollapsibleForm>
  );
}

/**
 * Each participating authority's right under a contract (its own agreement, or call-offs from the
 * framework), where it stands; the viewer's own authority updates its own.
 */
export function CallOffRights({
  contractId,
  caption,
  rights,
  myOrganisationId,
  report,
}: {
  contractId: string;
  caption: string;
  rights: readonly CallOffRightRow[];
  myOrganisationId: string | null;
  report: Report;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const mine = rights.find((r) => r.organisation.id === myOrganisationId);
  if (rights.length === 0) return <Paragraph data-size="sm">{t('callOff.none')}</Paragraph>;
  return (
    <div className="stack-sm">
      <DataTable
        caption={caption}
        showCaption
        columns={[
          t('callOff.organisation'),
          t('callOff.kind'),
          t('callOff.status'),
          t('callOff.reference'),
          t('callOff.startsOn'),
          t('callOff.note'),
        ]}
      >
        {rights.map((r) => (
          <Table.Row key={r.organisation.id}>
            <Table.HeaderCell scope="row">{r.organisation.name}</Table.HeaderCell>
            <Table.Cell>{t(`callOffKind.${r.kind}`)}</Table.Cell>
            <Table.Cell>
              <Tag data-size="sm" data-color={statusColor(r.status)}>
                {t(`callOffStatus.${r.status}`)}
              </Tag>
            </Table.Cell>
            <Table.Cell>{r.reference ?? '–'}</Table.Cell>
            <Table.Cell>{r.startsOn ? f.localDate(r.startsOn) : '–'}</Table.Cell>
            <Table.Cell>{r.note ? <Markdown>{r.note}</Markdown> : '–'}</Table.Cell>
          </Table.Row>
        ))}
      </DataTable>
      {mine && <CallOffForm contractId={contractId} right={mine} report={report} />}
    </div>
  );
}
