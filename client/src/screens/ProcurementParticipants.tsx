import { Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { DataTable } from '../components/DataTable';
import { LiveStatus } from '../components/Feedback';
import { CheckboxGroup, CollapsibleForm, Form } from '../components/Form';
import { Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { useForm, useStatus } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { useRefusal } from '../lib/refusals';
import { useGroup } from './GroupShell';
import type { ProcurementData, ProcurementSectionProps } from './ProcurementData';
import { ValueForm } from './ProcurementLots';
import { AddParticipantForm, useParticipantRemoval } from './ProcurementParticipantEdit';

/** What a change to the viewer's mandate answers with: its participant's new mandate state. */
const MANDATE_RESULT = `id mandate { status }`;
const SignMandate = graphql(
  `mutation SignMandate($input: SignMandateInput!) { signMandate(input: $input) { ${MANDATE_RESULT} } }`,
);
const WithdrawMandate = graphql(
  `mutation WithdrawMandate($input: WithdrawMandateInput!) { withdrawMandate(input: $input) { ${MANDATE_RESULT} } }`,
);

/** The procurement's documents: those of kind MANDATE may be named as the signed mandate. */
const MandateDocumentsQuery = graphql(`
  query MandateDocuments($id: ID!) {
    jointProcurement(id: $id) {
      id
      documents(first: 100) {
        nodes {
          id
          title
          kind
        }
      }
    }
  }
`);

type Participant = ProcurementData['participants'][number];

/** Phases in which participants still state their values (before the competition). */
const LATE = ['COMPETITION', 'CONTRACT_FOLLOW_UP', 'BENEFITS_REALISATION', 'CLOSED', 'CANCELLED'];

/**
 * The forms for one state of the viewer's mandate: sign a requested one, withdraw it. Keyed by the
 * state, so a new state starts with empty fields; what a form did is said by the panel around it.
 */
function MandateForms({
  p,
  me,
  report,
}: {
  p: ProcurementData;
  me: Participant;
  report: (result: { error?: unknown }, text: string) => boolean;
}) {
  const { t } = useTranslation();
  const mandate = me.mandate;
  const sign = useForm({ reference: '', date: '', documentId: '' });
  const { group } = useGroup();
  // Read once when the form opens: a document removed meanwhile is refused in words by the server.
  const [{ data: docs }] = useQuery({
    query: MandateDocumentsQuery,
    variables: { id: p.id },
    pause: mandate.status !== 'REQUESTED',
  });
  const mandateDocuments = (docs?.jointProcurement.documents.nodes ?? []).filter((d) => d.kind === 'MANDATE');
  const withdrawal = useForm({ reason: '' });
  const [lotIds, setLotIds] = useState<string[]>(() => p.lots.map((l) => l.id));
  const [signed, signMandate] = useMutation(SignMandate);
  const [withdrawn, withdraw] = useMutation(WithdrawMandate);

  const refused = useRefusal()(signed.error, {
    fields: ['decisionReference', 'decisionDate', 'documentId', 'lotIds'],
    words: { 'phase before COMPETITION': t('mandate.fixed') },
  });
  const submitSign = async () => {
    const lotsMissing = p.lots.length > 0 && lotIds.length === 0;
    if (!sign.check({ ...sign.missing('reference', 'date'), lots: lotsMissing && t('mandate.chooseLots') })) return;
    const { reference, date, documentId } = sign.values;
    const input = { procurementId: p.id, decisionReference: reference.trim(), decisionDate: date };
    report(
      await signMandate({
        input: { ...input, lotIds: p.lots.length ? lotIds : null, documentId: documentId || null },
      }),
      t('mandate.signedStatus'),
    );
  };
  const submitWithdraw = async () => {
    if (!withdrawal.check(withdrawal.missing('reason'))) return;
    const reason = withdrawal.values.reason.trim();
    report(await withdraw({ input: { procurementId: p.id, reason } }), t('mandate.withdrawnStatus'));
  };

  return (
    <>
      {mandate.status === 'REQUESTED' && (
        <Form
          onSubmit={submitSign}
          intro={t('mandate.intro')}
          busy={signed.fetching}
          error={refused.error}
          problem={refused.problem}
          submitLabel={t('mandate.sign')}
        >
          <div className="row">
            <Textfield
              label={t('mandate.decisionReference')}
              description={t('mandate.decisionReferenceHelp')}
              {...sign.field('reference')}
              error={sign.errors.reference ?? refused.fields.decisionReference}
              required
            />
            <Textfield
              label={t('mandate.decisionDate')}
              type="date"
              {...sign.field('date')}
              error={sign.errors.date ?? refused.fields.decisionDate}
              required
            />
          </div>
          {mandateDocuments.length > 0 ? (
            <SelectField
              label={t('mandate.document')}
              {...sign.field('documentId')}
              error={refused.fields.documentId}
              options={[
                { value: '', label: t('mandate.noDocument') },
                ...mandateDocuments.map((d) => ({ value: d.id, label: d.title })),
              ]}
            />
          ) : (
            <Paragraph data-size="sm" className="muted">
              {t('mandate.documentHelp')}{' '}
              <RouterLink to={`/groups/${group.id}/procurements/${p.id}#documents`}>
                {t('mandate.toDocuments')}
              </RouterLink>
            </Paragraph>
          )}
          {p.lots.length > 0 && (
            <CheckboxGroup
              legend={t('mandate.lots')}
              options={p.lots.map((l) => ({
                value: l.id,
                label: t('lots.lotTitle', { number: l.number, title: l.title }),
              }))}
              chosen={lotIds}
              onChange={setLotIds}
              error={sign.errors.lots ?? refused.fields.lotIds}
            />
          )}
        </Form>
      )}
      {mandate.status === 'SIGNED' && (
        <Paragraph data-size="sm">
          {t('mandate.signedInfo', { reference: mandate.decisionReference ?? '' })}
          {mandate.document && (
            <>
              {' '}
              <MandateDocumentLink document={mandate.document} />
            </>
          )}
        </Paragraph>
      )}
      {mandate.status !== 'WITHDRAWN' && !me.isLead && (
        <CollapsibleForm
          summary={t('mandate.withdraw')}
          onSubmit={submitWithdraw}
          result={withdrawn}
          submitLabel={t('mandate.withdrawSubmit')}
          danger
        >
          <Textfield label={t('mandate.withdrawReason')} {...withdrawal.field('reason')} required />
        </CollapsibleForm>
      )}
    </>
  );
}

/**
 * The viewer's organisation signs its mandate (decision reference, date, lots) or withdraws it.
 * The confirmation stays in this panel's live region while the forms start afresh on the new state.
 */
function MandatePanel({ p, onChange }: ProcurementSectionProps) {
  const { t } = useTranslation();
  const { status, report } = useStatus(onChange);
  const me = p.participants.find((x) => x.id === p.viewerParticipant?.id);
  if (!me) return null;
  return (
    <div className="panel stack" aria-labelledby="my-mandate-heading" role="region">
      <Heading level={3} data-size="xs" id="my-mandate-heading">
        {t('mandate.mine', { organisation: me.organisation.name })}
      </Heading>
      <LiveStatus>{status}</LiveStatus>
      <MandateForms key={me.mandate.status} p={p} me={me} report={report} />
    </div>
  );
}

/** The signed mandate document, opened with the way back to the procurement. */
function MandateDocumentLink({ document }: { document: { id: string; title: string } }) {
  const { t } = useTranslation();
  const { group } = useGroup();
  const { procurementId } = useParams<{ procurementId: string }>();
  return (
    <RouterLink
      to={`/groups/${group.id}/documents/${document.id}`}
      state={{ backTo: `/groups/${group.id}/procurements/${procurementId}#participants` }}
    >
      {t('mandate.documentLink', { title: document.title })}
    </RouterLink>
  );
}

const mandateColor = (status: string) =>
  status === 'SIGNED' ? 'success' : status === 'WITHDRAWN' ? 'danger' : 'warning';

/**
 * The participating authorities, their mandates (with the signed document) and stated values;
 * coordinators add and remove participants before the competition; the viewer's own forms below.
 */
export function ParticipantsSection({
  p,
  actsForOrganisation,
  onChange,
}: ProcurementSectionProps & {
  /** Mandates and values are an authority's own: a guest or observer viewer is offered neither. */
  actsForOrganisation: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const lotColumns = p.lots.map((l) => ({ label: t('lots.lotNumber', { number: l.number }), num: true }));
  // Coordinators add and remove participants until the competition starts.
  const manages = p.viewerIsCoordinator && !LATE.includes(p.phase);
  const removal = useParticipantRemoval(p, onChange);
  return (
    <Section id="participants" title={t('participants.title')}>
      {manages && removal.feedback}
      <DataTable
        caption={t('participants.title')}
        columns={[
          t('members.organisation'),
          t('participants.mandate'),
          t('participants.decision'),
          ...lotColumns,
          manages && t('common.actions'),
        ]}
      >
        {p.participants.map((x) => (
          <Table.Row key={x.id}>
            <Table.HeaderCell scope="row">
              {x.organisation.name}
              {x.isLead && (
                <>
                  {' '}
                  <Tag data-size="sm">{t('participants.lead')}</Tag>
                </>
              )}
            </Table.HeaderCell>
            <Table.Cell>
              <Tag data-size="sm" data-color={mandateColor(x.mandate.status)}>
                {t(`mandateStatus.${x.mandate.status}`)}
              </Tag>
              {x.mandate.status === 'SIGNED' && x.mandate.lots.length > 0 && (
                <div className="small muted">
                  {t('participants.coversLots', { lots: x.mandate.lots.map((l) => l.number).join(', ') })}
                </div>
              )}
              {x.mandate.status === 'WITHDRAWN' && x.mandate.withdrawalReason && (
                <div className="small muted">{x.mandate.withdrawalReason}</div>
              )}
            </Table.Cell>
            <Table.Cell>
              {x.mandate.decisionReference
                ? `${x.mandate.decisionReference}${x.mandate.decisionDate ? `, ${f.localDate(x.mandate.decisionDate)}` : ''}`
                : '–'}
              {x.mandate.document && (
                <div className="small">
                  <MandateDocumentLink document={x.mandate.document} />
                </div>
              )}
            </Table.Cell>
            {p.lots.map((l) => {
              const v = x.statedValues.find((s) => s.lotId === l.id);
              return (
                <Table.Cell key={l.id} className="num">
                  {v ? f.currency(v.amount, v.currency) : '–'}
                </Table.Cell>
              );
            })}
            {manages && <Table.Cell>{removal.cell(x)}</Table.Cell>}
          </Table.Row>
        ))}
      </DataTable>
      {manages && removal.dialog}
      {manages && <AddParticipantForm p={p} onChange={onChange} />}
      {p.viewerParticipant && actsForOrganisation && p.phase !== 'CLOSED' && p.phase !== 'CANCELLED' && (
        <div className="stack">
          <MandatePanel p={p} onChange={onChange} />
          {!LATE.includes(p.phase) && <ValueForm p={p} onChange={onChange} />}
        </div>
      )}
    </Section>
  );
}
