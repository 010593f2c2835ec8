import { Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { DataTable } from '../components/DataTable';
import { QueryState } from '../components/Feedback';
import { CheckboxGroup, CollapsibleForm, MarkdownField } from '../components/Form';
import { SelectField } from '../components/SelectField';
import { CONTRACT_TYPES, PROCEDURE_TYPES } from '../lib/enums';
import { useForm } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql, MONEY, type ResultOf } from '../lib/graphql';
import { useGroup, useGroupRefetch } from './GroupShell';

const ProcurementsQuery = graphql(`
  query GroupProcurements($id: ID!) {
    buyerGroup(id: $id) {
      id
      procurements(first: 100) {
        nodes { id title phase phaseChangedAt leadAuthority { id name } estimatedValue { ${MONEY} } }
      }
      needs(first: 100, status: [OPEN, CONSOLIDATED]) { nodes { id title } }
      memberships(first: 100) { nodes { id role organisation { id name } } }
    }
  }
`);

const CreateProcurement = graphql(`
  mutation CreateJointProcurement($input: CreateJointProcurementInput!) {
    createJointProcurement(input: $input) {
      id
    }
  }
`);

type ProcedureType = (typeof PROCEDURE_TYPES)[number];
type ContractType = (typeof CONTRACT_TYPES)[number];
type Group = ResultOf<typeof ProcurementsQuery>['buyerGroup'];

/** A coordinator brokers a joint procurement from some of the group's needs, led by one member. */
function NewProcurementForm({ group }: { group: Group }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [created, createProcurement] = useMutation(CreateProcurement);
  const [needIds, setNeedIds] = useState<string[]>([]);
  const form = useForm({
    title: '',
    description: '',
    lead: '',
    procedureType: 'OPEN' as ProcedureType,
    contractType: 'SERVICES' as ContractType,
  });
  const members = group.memberships.nodes;
  const leadId = form.values.lead || members.find((m) => m.role === 'COORDINATOR')?.organisation.id || '';

  const submit = async () => {
    const found = {
      ...form.missing('title'),
      needs: needIds.length === 0 && t('procurements.chooseNeeds'),
      lead: !leadId && t('common.required'),
    };
    if (!form.check(found)) return;
    const { title, description, procedureType, contractType } = form.values;
    const r = await createProcurement({
      input: {
        groupId: group.id,
        title: title.trim(),
        description,
        needIds,
        leadOrganisationId: leadId,
        procedureType,
        contractType,
      },
    });
    if (r.data) navigate(`/groups/${group.id}/procurements/${r.data.createJointProcurement.id}`);
  };

  return (
    <CollapsibleForm
      summary={t('procurements.create')}
      onSubmit={submit}
      intro={t('procurements.createHelp')}
      result={created}
      submitLabel={t('procurements.createSubmit')}
    >
      <Textfield label={t('procurements.fieldTitle')} {...form.field('title')} required />
      <MarkdownField label={t('procurements.description')} {...form.field('description')} />
      <CheckboxGroup
        legend={t('procurements.needs')}
        description={t('procurements.needsHelp')}
        options={group.needs.nodes.map((n) => ({ value: n.id, label: n.title }))}
        chosen={needIds}
        onChange={setNeedIds}
        error={form.errors.needs}
      >
        {group.needs.nodes.length === 0 && <Paragraph data-size="sm">{t('needs.none')}</Paragraph>}
      </CheckboxGroup>
      <div className="row">
        <SelectField
          label={t('procurements.lead')}
          {...form.field('lead')}
          value={leadId}
          options={members.map((m) => ({ value: m.organisation.id, label: m.organisation.name }))}
        />
        <SelectField
          label={t('procurements.procedureType')}
          {...form.field('procedureType')}
          options={PROCEDURE_TYPES.map((p) => ({ value: p, label: t(`procedureType.${p}`) }))}
        />
        <SelectField
          label={t('procurements.contractType')}
          {...form.field('contractType')}
          options={CONTRACT_TYPES.map((c) => ({ value: c, label: t(`contractType.${c}`) }))}
        />
      </div>
    </CollapsibleForm>
  );
}

/** The group's joint procurements, and (coordinators) brokering a new one from the group's needs. */
export function GroupProcurements() {
  const { t } = useTranslation();
  const f = useFormat();
  const { group, isCoordinator } = useGroup();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ProcurementsQuery, variables: { id: group.id } });
  useGroupRefetch(['procurement', 'needs'], refetch);
  const procurements = data?.buyerGroup.procurements.nodes ?? [];

  return (
    <div className="stack-lg">
      <Heading level={2} data-size="md">
        {t('procurements.title')}
      </Heading>
      <QueryState
        error={error}
        loading={!data && fetching}
        empty={data && procurements.length === 0 && t('procurements.none')}
      />
      {procurements.length > 0 && (
        <DataTable
          caption={t('procurements.title')}
          columns={[
            t('procurements.procurement'),
            t('procurements.phase'),
            t('procurements.lead'),
            { label: t('lots.estimatedValue'), num: true },
          ]}
        >
          {procurements.map((p) => (
            <Table.Row key={p.id}>
              <Table.HeaderCell scope="row">
                <RouterLink to={`/groups/${group.id}/procurements/${p.id}`}>{p.title}</RouterLink>
              </Table.HeaderCell>
              <Table.Cell>
                <Tag data-size="sm">{t(`phase.${p.phase}`)}</Tag>
                <div className="small muted">{t('procurement.since', { date: f.date(p.phaseChangedAt) })}</div>
              </Table.Cell>
              <Table.Cell>{p.leadAuthority.name}</Table.Cell>
              <Table.Cell className="num">
                {p.estimatedValue.map((v) => f.currency(v.amount, v.currency)).join(', ') || '–'}
              </Table.Cell>
            </Table.Row>
          ))}
        </DataTable>
      )}
      {isCoordinator && data && <NewProcurementForm group={data.buyerGroup} />}
    </div>
  );
}
