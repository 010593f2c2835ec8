import {
  Button,
  Checkbox,
  Details,
  Fieldset,
  Heading,
  Paragraph,
  Table,
  Tag,
  Textfield,
} from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { SelectField } from '../components/SelectField';
import { CONTRACT_TYPES, PROCEDURE_TYPES } from '../lib/enums';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { useCoalesced } from '../lib/live';
import { useGroup, useGroupListener } from './GroupShell';

const ProcurementsQuery = graphql(`
  query GroupProcurements($id: ID!) {
    buyerGroup(id: $id) {
      id
      procurements(first: 100) {
        nodes {
          id
          title
          phase
          phaseChangedAt
          leadAuthority {
            id
            name
          }
          estimatedValue {
            amount
            currency
          }
        }
      }
      needs(first: 100, status: [OPEN, CONSOLIDATED]) {
        nodes {
          id
          title
        }
      }
      memberships(first: 100) {
        nodes {
          id
          role
          organisation {
            id
            name
          }
        }
      }
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

/** The group's joint procurements, and (coordinators) brokering a new one from the group's needs. */
export function GroupProcurements() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { group, isCoordinator } = useGroup();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ProcurementsQuery, variables: { id: group.id } });
  const refresh = useCoalesced(() => refetch({ requestPolicy: 'network-only' }));
  useGroupListener((e) => {
    if (e.type.startsWith('procurement.') || e.type.startsWith('need.') || e.type === 'resync') refresh();
  });
  const [created, createProcurement] = useMutation(CreateProcurement);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [needIds, setNeedIds] = useState<string[]>([]);
  const [lead, setLead] = useState('');
  const [procedureType, setProcedureType] = useState<ProcedureType>('OPEN');
  const [contractType, setContractType] = useState<ContractType>('SERVICES');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const procurements = data?.buyerGroup.procurements.nodes ?? [];
  const needs = data?.buyerGroup.needs.nodes ?? [];
  const members = data?.buyerGroup.memberships.nodes ?? [];
  const leadId = lead || members.find((m) => m.role === 'COORDINATOR')?.organisation.id || '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!title.trim()) local.title = t('common.required');
    if (needIds.length === 0) local.needs = t('procurements.chooseNeeds');
    if (!leadId) local.lead = t('common.required');
    setErrors(local);
    if (Object.keys(local).length) return;
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
    <div className="stack-lg">
      <Heading level={2} data-size="md">
        {t('procurements.title')}
      </Heading>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {data && procurements.length === 0 && <Paragraph>{t('procurements.none')}</Paragraph>}
      {procurements.length > 0 && (
        <Table data-size="sm" zebra>
          <caption className="visually-hidden">{t('procurements.title')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('procurements.procurement')}</Table.HeaderCell>
              <Table.HeaderCell>{t('procurements.phase')}</Table.HeaderCell>
              <Table.HeaderCell>{t('procurements.lead')}</Table.HeaderCell>
              <Table.HeaderCell className="num">{t('lots.estimatedValue')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
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
          </Table.Body>
        </Table>
      )}
      {isCoordinator && (
        <Details>
          <Details.Summary>{t('procurements.create')}</Details.Summary>
          <Details.Content>
            <form onSubmit={submit} className="stack" noValidate>
              <Paragraph data-size="sm">{t('procurements.createHelp')}</Paragraph>
              <ErrorAlert error={created.error} />
              <Textfield
                label={t('procurements.fieldTitle')}
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                error={errors.title}
                required
              />
              <Textfield
                label={t('procurements.description')}
                description={t('common.markdownHelp')}
                multiline
                rows={3}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
              <Fieldset>
                <Fieldset.Legend>{t('procurements.needs')}</Fieldset.Legend>
                <Fieldset.Description>{t('procurements.needsHelp')}</Fieldset.Description>
                {needs.length === 0 && <Paragraph data-size="sm">{t('needs.none')}</Paragraph>}
                {needs.map((n) => (
                  <Checkbox
                    key={n.id}
                    label={n.title}
                    checked={needIds.includes(n.id)}
                    onChange={(e) =>
                      setNeedIds((ids) => (e.target.checked ? [...ids, n.id] : ids.filter((id) => id !== n.id)))
                    }
                  />
                ))}
                {errors.needs && (
                  <Paragraph data-size="sm" className="error-text">
                    {errors.needs}
                  </Paragraph>
                )}
              </Fieldset>
              <div className="row">
                <SelectField
                  label={t('procurements.lead')}
                  value={leadId}
                  onChange={(e) => setLead(e.target.value)}
                  options={members.map((m) => ({ value: m.organisation.id, label: m.organisation.name }))}
                  error={errors.lead}
                />
                <SelectField
                  label={t('procurements.procedureType')}
                  value={procedureType}
                  onChange={(e) => setProcedureType(e.target.value as ProcedureType)}
                  options={PROCEDURE_TYPES.map((p) => ({ value: p, label: t(`procedureType.${p}`) }))}
                />
                <SelectField
                  label={t('procurements.contractType')}
                  value={contractType}
                  onChange={(e) => setContractType(e.target.value as ContractType)}
                  options={CONTRACT_TYPES.map((c) => ({ value: c, label: t(`contractType.${c}`) }))}
                />
              </div>
              <div>
                <Button type="submit" loading={created.fetching}>
                  {t('procurements.createSubmit')}
                </Button>
              </div>
            </form>
          </Details.Content>
        </Details>
      )}
    </div>
  );
}
