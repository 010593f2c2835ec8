import { Button, Paragraph } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert, LiveStatus, ProblemAlert } from '../components/Feedback';
import { CollapsibleForm } from '../components/Form';
import { SelectField } from '../components/SelectField';
import { useForm, useStatus } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { useRefusal } from '../lib/refusals';
import { useGroup } from './GroupShell';
import type { ProcurementData } from './ProcurementData';

type Participant = ProcurementData['participants'][number];

/** The group's active member organisations: those that may take part are offered. */
const CandidatesQuery = graphql(`
  query ParticipantCandidates($id: ID!) {
    buyerGroup(id: $id) {
      id
      memberships(first: 100, status: [ACTIVE]) {
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

const AddParticipant = graphql(`
  mutation AddProcurementParticipant($input: ParticipantInput!) {
    addProcurementParticipant(input: $input) {
      id
      mandate {
        status
      }
    }
  }
`);

const RemoveParticipant = graphql(`
  mutation RemoveProcurementParticipant($input: ParticipantInput!) {
    removeProcurementParticipant(input: $input) {
      id
    }
  }
`);

/** The refusals a coordinator may meet changing participants, in the screen's words. */
function useParticipantWords() {
  const { t } = useTranslation();
  return {
    'phase before COMPETITION': t('participantEdit.fixed'),
    'an open procurement': t('participantEdit.fixed'),
    'another lead authority': t('participantEdit.leadStays'),
    'mandate not signed': t('participantEdit.signedStays'),
    CONFLICT: t('participantEdit.already'),
  };
}

/**
 * A coordinator adds a member organisation of the group (before the competition): it is asked for
 * its mandate. One that withdrew may be asked back. Observers do not take part, so they are not
 * offered. The candidates are read once: one that left the group meanwhile is refused in words.
 */
export function AddParticipantForm({ p, onChange }: { p: ProcurementData; onChange: () => void }) {
  const { t } = useTranslation();
  const { group } = useGroup();
  const [{ data }] = useQuery({ query: CandidatesQuery, variables: { id: group.id } });
  const form = useForm({ organisationId: '' });
  const [added, add] = useMutation(AddParticipant);
  const { status, setStatus, report } = useStatus(onChange);
  const refusal = useRefusal();
  const refused = refusal(added.error, { fields: ['organisationId'], words: useParticipantWords() });
  const taking = new Set(p.participants.filter((x) => x.mandate.status !== 'WITHDRAWN').map((x) => x.organisation.id));
  const candidates = (data?.buyerGroup.memberships.nodes ?? []).filter(
    (m) => m.role !== 'OBSERVER' && !taking.has(m.organisation.id),
  );
  const withdrawn = new Set(
    p.participants.filter((x) => x.mandate.status === 'WITHDRAWN').map((x) => x.organisation.id),
  );
  const nameOf = (id: string) => candidates.find((m) => m.organisation.id === id)?.organisation.name ?? '';

  const submit = async () => {
    setStatus('');
    const organisationId = form.values.organisationId;
    if (!form.check({ organisationId: !organisationId && t('participantEdit.choose') })) return;
    const r = await add({ input: { procurementId: p.id, organisationId } });
    if (report(r, t('participantEdit.added', { organisation: nameOf(organisationId) }))) form.reset();
  };

  return (
    <CollapsibleForm
      summary={t('participantEdit.add')}
      onSubmit={submit}
      intro={t('participantEdit.addHelp')}
      busy={added.fetching}
      error={refused.error}
      problem={refused.problem}
      status={status}
      submitLabel={t('participantEdit.addSubmit')}
    >
      {data && candidates.length === 0 ? (
        <Paragraph data-size="sm">{t('participantEdit.noCandidates')}</Paragraph>
      ) : (
        <SelectField
          label={t('participantEdit.organisation')}
          {...form.field('organisationId')}
          error={form.errors.organisationId ?? refused.fields.organisationId}
          options={[
            { value: '', label: t('participantEdit.chooseOption') },
            ...candidates.map((m) => ({
              value: m.organisation.id,
              label: withdrawn.has(m.organisation.id)
                ? t('participantEdit.askedBack', { organisation: m.organisation.name })
                : m.organisation.name,
            })),
          ]}
        />
      )}
    </CollapsibleForm>
  );
}

/**
 * Removing participants (coordinators, before the competition): a button on each row that may go,
 * the reason in words on the rows that may not (the lead, a signed mandate), and the dialog that
 * says what the removal takes with it.
 */
export function useParticipantRemoval(p: ProcurementData, onChange: () => void) {
  const { t } = useTranslation();
  const f = useFormat();
  const [removing, setRemoving] = useState<Participant | null>(null);
  const [removed, remove] = useMutation(RemoveParticipant);
  const { status, report } = useStatus(onChange);
  const refused = useRefusal()(removed.error, { words: useParticipantWords() });
  const name = removing?.organisation.name ?? '';

  const cell = (x: Participant) =>
    x.isLead ? (
      <span className="small muted">{t('participantEdit.leadStays')}</span>
    ) : x.mandate.status === 'SIGNED' ? (
      <span className="small muted">{t('participantEdit.signedStays')}</span>
    ) : (
      <Button data-size="sm" variant="tertiary" data-color="danger" onClick={() => setRemoving(x)}>
        {t('participantEdit.remove', { organisation: x.organisation.name })}
      </Button>
    );

  const feedback = (
    <>
      <ErrorAlert error={refused.error} />
      <ProblemAlert text={refused.problem} />
      <LiveStatus>{status}</LiveStatus>
    </>
  );

  const dialog = (
    <ConfirmDialog
      open={removing !== null}
      title={t('participantEdit.removeTitle', { organisation: name })}
      confirmLabel={t('participantEdit.remove', { organisation: name })}
      danger
      busy={removed.fetching}
      onConfirm={async () => {
        if (!removing) return;
        const r = await remove({ input: { procurementId: p.id, organisationId: removing.organisation.id } });
        setRemoving(null);
        report(r, t('participantEdit.removed', { organisation: name }));
      }}
      onCancel={() => setRemoving(null)}
    >
      {removing && (
        <>
          <dl className="preview facts">
            <dt>{t('members.organisation')}</dt>
            <dd>{name}</dd>
            <dt>{t('participants.mandate')}</dt>
            <dd>{t(`mandateStatus.${removing.mandate.status}`)}</dd>
            <dt>{t('lots.stated')}</dt>
            <dd>
              {removing.statedValues.length
                ? removing.statedValues.map((v) => f.currency(v.amount, v.currency)).join(', ')
                : t('lotEdit.noValues')}
            </dd>
          </dl>
          <Paragraph>{t('participantEdit.removeEffect', { organisation: name })}</Paragraph>
        </>
      )}
    </ConfirmDialog>
  );

  return { cell, feedback, dialog };
}
