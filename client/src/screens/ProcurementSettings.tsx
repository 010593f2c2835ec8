import { Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { CollapsibleForm, MarkdownField } from '../components/Form';
import { SelectField } from '../components/SelectField';
import { CONTRACT_TYPES, PROCEDURE_TYPES } from '../lib/enums';
import { useForm, useStatus } from '../lib/form';
import { graphql } from '../lib/graphql';
import { useRefusal } from '../lib/refusals';
import type { ProcurementSectionProps } from './ProcurementData';

const UpdateProcurement = graphql(`
  mutation UpdateJointProcurement($id: ID!, $input: UpdateJointProcurementInput!) {
    updateJointProcurement(id: $id, input: $input) {
      id
      title
      description
      procedureType
      procedureCode
      contractType
      leadAuthority {
        id
        name
      }
    }
  }
`);

/** Phases in which the procedure, contract type and lead are fixed (the API's rule). */
const FIXED = ['COMPETITION', 'CONTRACT_FOLLOW_UP', 'BENEFITS_REALISATION', 'CLOSED', 'CANCELLED'];

type Procedure = (typeof PROCEDURE_TYPES)[number];
type ContractType = (typeof CONTRACT_TYPES)[number];

/**
 * A coordinator changes the procurement's title and description, and before the competition its
 * procedure, contract type and lead authority (one of the participants that has not withdrawn:
 * the lead runs the procurement on behalf of the others). Only what changed is sent.
 */
export function ProcurementSettingsForm({ p, onChange }: ProcurementSectionProps) {
  const { t } = useTranslation();
  // What the form started from: a field left as it was is not sent, so a change someone else made
  // meanwhile (another lead, say) is not undone by saving the title.
  const [base, setBase] = useState(() => ({
    title: p.title,
    description: p.description,
    procedureType: p.procedureType as string,
    contractType: p.contractType as string,
    leadOrganisationId: p.leadAuthority.id,
  }));
  const form = useForm(base);
  const [saved, update] = useMutation(UpdateProcurement);
  const { status, setStatus, report } = useStatus(onChange);
  const refused = useRefusal()(saved.error, {
    fields: ['title', 'description', 'leadOrganisationId'],
    words: {
      'phase before COMPETITION': t('procurementEdit.fixed'),
      'an open procurement': t('procurementEdit.closed'),
    },
  });
  const field = (name: 'title' | 'description' | 'leadOrganisationId') => ({
    ...form.field(name),
    error: form.errors[name] ?? refused.fields[name],
  });
  const early = !FIXED.includes(p.phase);
  const leads = p.participants.filter((x) => x.mandate.status !== 'WITHDRAWN');

  const submit = async () => {
    setStatus('');
    if (!form.check(form.missing('title'))) return;
    const v = form.values;
    const changed = (k: keyof typeof v) => (v[k].trim() !== base[k] ? v[k].trim() : undefined);
    const input = {
      title: changed('title'),
      description: changed('description'),
      ...(early && {
        procedureType: changed('procedureType') as Procedure | undefined,
        contractType: changed('contractType') as ContractType | undefined,
        leadOrganisationId: changed('leadOrganisationId'),
      }),
    };
    const lead = leads.find((x) => x.organisation.id === input.leadOrganisationId)?.organisation.name;
    const r = await update({ id: p.id, input });
    if (report(r, lead ? t('procurementEdit.savedLead', { organisation: lead }) : t('procurementEdit.saved'))) {
      setBase({ ...v, title: v.title.trim(), description: v.description.trim() });
    }
  };

  return (
    <CollapsibleForm
      summary={early ? t('procurementEdit.summary') : t('procurementEdit.summaryLate')}
      onSubmit={submit}
      intro={early ? t('procurementEdit.help') : t('procurementEdit.helpLate')}
      busy={saved.fetching}
      error={refused.error}
      problem={refused.problem}
      status={status}
      submitLabel={t('procurementEdit.save')}
    >
      <Textfield label={t('procurementEdit.title')} {...field('title')} required />
      <MarkdownField label={t('procurementEdit.description')} rows={3} {...field('description')} />
      {early && (
        <>
          <SelectField
            label={t('procurementEdit.procedure')}
            {...form.field('procedureType')}
            options={PROCEDURE_TYPES.map((x) => ({ value: x, label: t(`procedureType.${x}`) }))}
          />
          <SelectField
            label={t('procurementEdit.contractType')}
            {...form.field('contractType')}
            options={CONTRACT_TYPES.map((x) => ({ value: x, label: t(`contractType.${x}`) }))}
          />
          <SelectField
            label={t('procurementEdit.lead')}
            {...field('leadOrganisationId')}
            options={leads.map((x) => ({ value: x.organisation.id, label: x.organisation.name }))}
          />
        </>
      )}
    </CollapsibleForm>
  );
}
