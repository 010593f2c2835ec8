import { Button, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { DataTable } from '../components/DataTable';
import { QueryState } from '../components/Feedback';
import { CollapsibleForm } from '../components/Form';
import { Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { MILESTONE_KINDS } from '../lib/enums';
import { useForm, useStatus } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { localToIso, useMilestoneTitle, useProcurementRefetch } from '../lib/procurement';

const MilestonesQuery = graphql(`
  query ProcurementMilestones($id: ID!) {
    jointProcurement(id: $id) {
      id
      milestones {
        id
        kind
        title
        dueAt
        status
        completedAt
      }
    }
  }
`);
const SetMilestone = graphql(`
  mutation SetProcurementMilestone($input: SetMilestoneInput!) {
    setProcurementMilestone(input: $input) {
      id
    }
  }
`);
const CompleteMilestone = graphql(`
  mutation CompleteProcurementMilestone($id: ID!, $completed: Boolean!) {
    completeProcurementMilestone(id: $id, completed: $completed) {
      id
      status
      completedAt
    }
  }
`);

type MilestoneKind = (typeof MILESTONE_KINDS)[number];

const statusColor = (status: string) => (status === 'OVERDUE' ? 'danger' : status === 'COMPLETED' ? 'success' : 'info');

/** The procurement's dates (deadlines, meetings, contract start), and the coordinator's changes to them. */
export function MilestonesSection({ procurementId, isCoordinator }: { procurementId: string; isCoordinator: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const milestoneTitle = useMilestoneTitle();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MilestonesQuery, variables: { id: procurementId } });
  const refresh = useProcurementRefetch(['milestones', 'dialogue', 'procurement'], refetch);
  const [saved, setMilestone] = useMutation(SetMilestone);
  const [completed, complete] = useMutation(CompleteMilestone);
  const form = useForm({ kind: 'TENDER_DEADLINE' as MilestoneKind, title: '', dueAt: '' });
  const { status, report } = useStatus(refresh);

  const submit = async () => {
    const { kind, title, dueAt } = form.values;
    const due = localToIso(dueAt);
    if (!form.check({ dueAt: !due && t('common.required') })) return;
    const r = await setMilestone({ input: { procurementId, kind, dueAt: due!, title: title.trim() || null } });
    if (report(r, t('milestones.saved'))) form.reset('title');
  };

  const milestones = data?.jointProcurement.milestones ?? [];
  return (
    <Section id="milestones" title={t('milestones.title')}>
      <QueryState
        error={error ?? completed.error}
        loading={!data && fetching}
        empty={data && milestones.length === 0 && t('milestones.none')}
      />
      {milestones.length > 0 && (
        <DataTable
          caption={t('milestones.title')}
          columns={[
            t('milestones.milestone'),
            t('milestones.due'),
            t('milestones.status'),
            isCoordinator && t('common.actions'),
          ]}
        >
          {milestones.map((m) => (
            <Table.Row key={m.id}>
              <Table.HeaderCell scope="row">
                {milestoneTitle(m)}
                {/* The kind under the title, unless the title already says it. */}
                {milestoneTitle(m) !== t(`milestoneKind.${m.kind}`) && (
                  <div className="small muted">{t(`milestoneKind.${m.kind}`)}</div>
                )}
              </Table.HeaderCell>
              <Table.Cell>{f.dateTime(m.dueAt)}</Table.Cell>
              <Table.Cell>
                <Tag data-size="sm" data-color={statusColor(m.status)}>
                  {t(`milestoneStatus.${m.status}`)}
                </Tag>
                {m.completedAt && <div className="small muted">{f.dateTime(m.completedAt)}</div>}
              </Table.Cell>
              {isCoordinator && (
                <Table.Cell>
                  <Button
                    data-size="sm"
                    variant="secondary"
                    onClick={async () => {
                      await complete({ id: m.id, completed: m.status !== 'COMPLETED' });
                      refresh();
                    }}
                  >
                    {m.status === 'COMPLETED'
                      ? t('milestones.reopen', { title: milestoneTitle(m) })
                      : t('milestones.complete', { title: milestoneTitle(m) })}
                  </Button>
                </Table.Cell>
              )}
            </Table.Row>
          ))}
        </DataTable>
      )}
      {isCoordinator && (
        <CollapsibleForm
          summary={t('milestones.set')}
          onSubmit={submit}
          intro={t('milestones.setHelp')}
          result={saved}
          status={status}
          submitLabel={t('milestones.save')}
        >
          <div className="row">
            <SelectField
              label={t('milestones.kind')}
              {...form.field('kind')}
              options={MILESTONE_KINDS.map((k) => ({ value: k, label: t(`milestoneKind.${k}`) }))}
            />
            <Textfield label={t('milestones.due')} type="datetime-local" {...form.field('dueAt')} required />
          </div>
          <Textfield
            label={t('milestones.titleField')}
            description={t('milestones.titleHelp')}
            {...form.field('title')}
          />
        </CollapsibleForm>
      )}
    </Section>
  );
}
