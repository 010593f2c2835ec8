import { Button, Details, Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { BarChart } from '../components/Demand';
import { ErrorAlert, Loading } from '../components/Feedback';
import { SelectField } from '../components/SelectField';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { useCoalesced } from '../lib/live';
import { useGroup, useGroupListener } from './GroupShell';

const NeedsQuery = graphql(`
  query GroupNeeds($id: ID!) {
    buyerGroup(id: $id) {
      id
      needs(first: 100) {
        nodes {
          id
          title
          status
          updatedAt
          organisation {
            id
            name
          }
          demand {
            authorityCount
            byUnit {
              unit
              total
              authorities
            }
            byCurrency {
              currency
              total
              authorities
            }
          }
        }
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

/** The group's shared needs with their joint demand (table and chart), and describing a new one. */
export function GroupNeeds() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { group, actsForOrganisation, isGuest } = useGroup();
  const [{ data, fetching, error }, refetch] = useQuery({ query: NeedsQuery, variables: { id: group.id } });
  const refresh = useCoalesced(() => refetch({ requestPolicy: 'network-only' }));
  useGroupListener((e) => {
    if (e.type.startsWith('need.') || e.type.startsWith('interest.') || e.type === 'resync') refresh();
  });
  const [created, createNeed] = useMutation(CreateNeed);
  const [title, setTitle] = useState('');
  const [problem, setProblem] = useState('');
  const [intendedEffects, setIntendedEffects] = useState('');
  const [successCriteria, setSuccessCriteria] = useState('');
  const [status, setStatus] = useState<'OPEN' | 'DRAFT'>('OPEN');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!title.trim()) local.title = t('common.required');
    if (!problem.trim()) local.problem = t('common.required');
    setErrors(local);
    if (Object.keys(local).length) return;
    const r = await createNeed({
      input: { groupId: group.id, title: title.trim(), problem, intendedEffects, successCriteria, status },
    });
    if (r.data) navigate(`/needs/${r.data.createSharedNeed.id}`);
  };

  const needs = data?.buyerGroup.needs.nodes ?? [];
  const currencies = [...new Set(needs.flatMap((n) => n.demand.byCurrency.map((c) => c.currency)))];

  return (
    <div className="stack-lg">
      <Heading level={2} data-size="md">
        {t('needs.title')}
      </Heading>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {data && needs.length === 0 && <Paragraph>{t('needs.none')}</Paragraph>}
      {needs.length > 0 && (
        <Table data-size="sm" zebra>
          <caption>{t('needs.tableCaption')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('needs.need')}</Table.HeaderCell>
              <Table.HeaderCell>{t('needs.status')}</Table.HeaderCell>
              <Table.HeaderCell className="num">{t('demand.authorities')}</Table.HeaderCell>
              <Table.HeaderCell>{t('demand.quantities')}</Table.HeaderCell>
              <Table.HeaderCell>{t('demand.annualValues')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
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
                <Table.Cell>
                  {n.demand.byUnit.map((u) => `${f.number(u.total)} ${u.unit}`).join(', ') || '–'}
                </Table.Cell>
                <Table.Cell>
                  {n.demand.byCurrency.map((c) => f.currency(c.total, c.currency)).join(', ') || '–'}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
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
      {actsForOrganisation && (
        <Details>
          <Details.Summary>{t('needs.create')}</Details.Summary>
          <Details.Content>
            <form onSubmit={submit} className="stack" noValidate>
              <Paragraph data-size="sm">{t('needs.whatNotHow')}</Paragraph>
              <ErrorAlert error={created.error} />
              <Textfield
                label={t('needs.fieldTitle')}
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                error={errors.title}
                required
              />
              <Textfield
                label={t('needs.problem')}
                description={t('common.markdownHelp')}
                multiline
                rows={4}
                value={problem}
                onChange={(e) => setProblem(e.target.value)}
                error={errors.problem}
                required
              />
              <Textfield
                label={t('needs.intendedEffects')}
                multiline
                rows={3}
                value={intendedEffects}
                onChange={(e) => setIntendedEffects(e.target.value)}
              />
              <Textfield
                label={t('needs.successCriteria')}
                multiline
                rows={3}
                value={successCriteria}
                onChange={(e) => setSuccessCriteria(e.target.value)}
              />
              <SelectField
                label={t('needs.status')}
                value={status}
                onChange={(e) => setStatus(e.target.value as 'OPEN' | 'DRAFT')}
                options={[
                  { value: 'OPEN', label: t('needStatus.OPEN') },
                  { value: 'DRAFT', label: t('needStatus.DRAFT') },
                ]}
              />
              <div>
                <Button type="submit" loading={created.fetching}>
                  {t('needs.createSubmit')}
                </Button>
              </div>
            </form>
          </Details.Content>
        </Details>
      )}
    </div>
  );
}
