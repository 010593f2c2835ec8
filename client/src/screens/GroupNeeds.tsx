import { Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { DataTable } from '../components/DataTable';
import { BarChart, DEMAND_FIELDS } from '../components/Demand';
import { QueryState } from '../components/Feedback';
import { CollapsibleForm, MarkdownField } from '../components/Form';
import { SelectField } from '../components/SelectField';
import { useForm } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { useGroup, useGroupRefetch } from './GroupShell';

const NeedsQuery = graphql(`
  query GroupNeeds($id: ID!) {
    buyerGroup(id: $id) {
      id
      needs(first: 100) {
        nodes { id title status updatedAt organisation { id name } demand { ${DEMAND_FIELDS} } }
      }
    }
  }
`);

const CreateNeed = graphql(`
  mutation CreateSharedNeed($input: CreateSharedNeedInput!) {
    createSharedNeed(input: $input) {
      id
    }
  }
`);

/** A member organisation describes a new shared need: the problem and the effects, not a solution. */
function NewNeedForm({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [created, createNeed] = useMutation(CreateNeed);
  const form = useForm({
    title: '',
    problem: '',
    intendedEffects: '',
    successCriteria: '',
    status: 'OPEN' as 'OPEN' | 'DRAFT',
  });

  const submit = async () => {
    if (!form.check(form.missing('title', 'problem'))) return;
    const { title, ...rest } = form.values;
    const r = await createNeed({ input: { groupId, title: title.trim(), ...rest } });
    if (r.data) navigate(`/needs/${r.data.createSharedNeed.id}`);
  };

  return (
    <CollapsibleForm
      summary={t('needs.create')}
      onSubmit={submit}
      intro={t('needs.whatNotHow')}
      result={created}
      submitLabel={t('needs.createSubmit')}
    >
      <Textfield label={t('needs.fieldTitle')} {...form.field('title')} required />
      <MarkdownField label={t('needs.problem')} rows={4} {...form.field('problem')} required />
      <Textfield label={t('needs.intendedEffects')} multiline rows={3} {...form.field('intendedEffects')} />
      <Textfield label={t('needs.successCriteria')} multiline rows={3} {...form.field('successCriteria')} />
      <SelectField
        label={t('needs.status')}
        {...form.field('status')}
        options={[
          { value: 'OPEN', label: t('needStatus.OPEN') },
          { value: 'DRAFT', label: t('needStatus.DRAFT') },
        ]}
      />
    </CollapsibleForm>
  );
}

/** The group's shared needs with their joint demand (table and chart), and describing a new one. */
export function GroupNeeds() {
  const { t } = useTranslation();
  const f = useFormat();
  const { group, actsForOrganisation, isGuest } = useGroup();
  const [{ data, fetching, error }, refetch] = useQuery({ query: NeedsQuery, variables: { id: group.id } });
  useGroupRefetch(['needs'], refetch);
  const needs = data?.buyerGroup.needs.nodes ?? [];
  const currencies = [...new Set(needs.flatMap((n) => n.demand.byCurrency.map((c) => c.currency)))];

  return (
    <div className="stack-lg">
      <Heading level={2} data-size="md">
        {t('needs.title')}
      </Heading>
      <QueryState error={error} loading={!data && fetching} empty={data && needs.length === 0 && t('needs.none')} />
      {needs.length > 0 && (
        <DataTable
          caption={t('needs.tableCaption')}
          showCaption
          columns={[
            t('needs.need'),
            t('needs.status'),
            { label: t('demand.authorities'), num: true },
            t('demand.quantities'),
            t('demand.annualValues'),
          ]}
        >
          {needs.map((n) => (
            <Table.Row key={n.id}>
              <Table.HeaderCell scope="row">
                <RouterLink to={`/needs/${n.id}`}>{n.title}</RouterLink>
                <div className="muted small">{n.organisation.name}</div>
              </Table.HeaderCell>
              <Table.Cell>
                <Tag data-size="sm">{t(`needStatus.${n.status}`)}</Tag>
              </Table.Cell>
              <Table.Cell className="num">{f.number(n.demand.authorityCount)}</Table.Cell>
              <Table.Cell>{n.demand.byUnit.map((u) => `${f.number(u.total)} ${u.unit}`).join(', ') || '–'}</Table.Cell>
              <Table.Cell>
                {n.demand.byCurrency.map((c) => f.currency(c.total, c.currency)).join(', ') || '–'}
              </Table.Cell>
            </Table.Row>
          ))}
        </DataTable>
      )}
      {currencies.map((currency) => (
        <BarChart
          key={currency}
          title={t('needs.chartTitle', { currency })}
          bars={needs
            .map((n) => ({ need: n, c: n.demand.byCurrency.find((c) => c.currency === currency) }))
            .filter((x) => x.c)
            .map(({ need, c }) => ({
              label: need.title,
              value: Number(c!.total),
              text: f.currency(c!.total, currency),
            }))}
        />
      ))}

      {/* Needs are described by member organisations; observers and guests (the server refuses them) are not offered it. */}
      {isGuest && <Paragraph data-size="sm">{t('guests.noNeeds')}</Paragraph>}
      {actsForOrganisation && <NewNeedForm groupId={group.id} />}
    </div>
  );
}
