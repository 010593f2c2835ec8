import { Button, Checkbox, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CpvField } from '../components/CpvField';
import { CollapsibleForm } from '../components/Form';
import { SelectField } from '../components/SelectField';
import { useForm, useStatus } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { cpvList, useRefusal } from '../lib/refusals';
import type { ProcurementData, ProcurementSectionProps } from './ProcurementData';

type Lot = ProcurementData['lots'][number];

const AddLot = graphql(`
  mutation AddProcurementLot($procurementId: ID!, $input: LotInput!) {
    addProcurementLot(procurementId: $procurementId, input: $input) {
      id
      number
      title
    }
  }
`);

const UpdateLot = graphql(`
  mutation UpdateProcurementLot($id: ID!, $input: UpdateLotInput!) {
    updateProcurementLot(id: $id, input: $input) {
      id
      title
      description
      cpvCodes
    }
  }
`);

const RemoveLot = graphql(`
  mutation RemoveProcurementLot($id: ID!) {
    removeProcurementLot(id: $id) {
      id
    }
  }
`);

const FORM_FIELDS = ['title', 'description', 'cpvCodes', 'needId'] as const;

/** Lots change only before the competition: the words for the server's refusal once it has begun. */
function useLotWords() {
  const { t } = useTranslation();
  return {
    'phase before COMPETITION': t('lotEdit.fixed'),
    'an open procurement': t('lotEdit.fixed'),
  };
}

/** A coordinator adds a lot: its title, what it covers, and the need its values start from. */
export function NewLotForm({ p, onChange }: ProcurementSectionProps) {
  const { t } = useTranslation();
  const form = useForm({ title: '', description: '', cpvCodes: '', needId: '' });
  const [framework, setFramework] = useState(false);
  const [added, addLot] = useMutation(AddLot);
  const { status, setStatus, report } = useStatus(onChange);
  const refusal = useRefusal();
  const sent = cpvList(form.values.cpvCodes);
  const refused = refusal(added.error, { fields: FORM_FIELDS, sent: { cpvCodes: sent }, words: useLotWords() });
  const field = (name: (typeof FORM_FIELDS)[number]) => ({
    ...form.field(name),
    error: form.errors[name] ?? refused.fields[name],
  });

  const submit = async () => {
    setStatus('');
    if (!form.check(form.missing('title'))) return;
    const v = form.values;
    const r = await addLot({
      procurementId: p.id,
      input: {
        title: v.title.trim(),
        description: v.description.trim(),
        cpvCodes: cpvList(v.cpvCodes),
        needId: v.needId || null,
        frameworkAgreement: framework,
      },
    });
    if (r.data && report(r, t('lotEdit.added', { number: r.data.addProcurementLot.number }))) {
      form.reset();
      setFramework(false);
    }
  };

  return (
    <CollapsibleForm
      summary={t('lotEdit.add')}
      onSubmit={submit}
      intro={t('lotEdit.addHelp')}
      busy={added.fetching}
      error={refused.error}
      problem={refused.problem}
      status={status}
      submitLabel={t('lotEdit.addSubmit')}
    >
      <Textfield label={t('lotEdit.title')} {...field('title')} required />
      <Textfield label={t('lotEdit.description')} multiline rows={2} {...field('description')} />
      <CpvField {...field('cpvCodes')} />
      {p.needs.length > 0 && (
        <SelectField
          label={t('lotEdit.need')}
          {...field('needId')}
          options={[
            { value: '', label: t('lotEdit.noNeed') },
            ...p.needs.map((n) => ({ value: n.id, label: n.title })),
          ]}
        />
      )}
      <Checkbox
        label={t('period.frameworkAgreement')}
        checked={framework}
        onChange={(e) => setFramework(e.target.checked)}
      />
    </CollapsibleForm>
  );
}

/**
 * A coordinator renames a lot, describes it and sets its CPV codes, or removes it after a dialog
 * that says what goes with it (the values stated for it; mandates stop naming it).
 */
export function LotDetailsForm({ lot, onChange }: { lot: Lot; onChange: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const form = useForm({ title: lot.title, description: lot.description, cpvCodes: lot.cpvCodes.join(', ') });
  const [saved, update] = useMutation(UpdateLot);
  const [removed, remove] = useMutation(RemoveLot);
  const [confirming, setConfirming] = useState(false);
  const { status, setStatus, report } = useStatus(onChange);
  const refusal = useRefusal();
  const words = useLotWords();
  const refused = refusal(saved.error, {
    fields: FORM_FIELDS,
    sent: { cpvCodes: cpvList(form.values.cpvCodes) },
    words,
  });
  const removal = refusal(removed.error, { words });
  const field = (name: 'title' | 'description' | 'cpvCodes') => ({
    ...form.field(name),
    error: form.errors[name] ?? refused.fields[name],
  });
  const label = t('lots.lotTitle', { number: lot.number, title: lot.title });
  const authorities = Math.max(0, ...lot.statedValue.map((v) => v.authorityCount));

  const submit = async () => {
    setStatus('');
    if (!form.check(form.missing('title'))) return;
    const v = form.values;
    const r = await update({
      id: lot.id,
      input: { title: v.title.trim(), description: v.description.trim(), cpvCodes: cpvList(v.cpvCodes) },
    });
    report(r, t('lotEdit.saved', { number: lot.number }));
  };

  return (
    <>
      <CollapsibleForm
        summary={t('lotEdit.edit', { number: lot.number, title: lot.title })}
        onSubmit={submit}
        busy={saved.fetching}
        error={refused.error ?? removal.error}
        problem={refused.problem ?? removal.problem}
        status={status}
        submitLabel={t('lotEdit.save')}
        actions={
          <Button type="button" variant="tertiary" data-color="danger" onClick={() => setConfirming(true)}>
            {t('lotEdit.remove', { number: lot.number })}
          </Button>
        }
      >
        <Textfield label={t('lotEdit.title')} {...field('title')} required />
        <Textfield label={t('lotEdit.description')} multiline rows={2} {...field('description')} />
        <CpvField {...field('cpvCodes')} />
      </CollapsibleForm>
      <ConfirmDialog
        open={confirming}
        title={t('lotEdit.removeTitle', { lot: label })}
        confirmLabel={t('lotEdit.removeConfirm', { number: lot.number })}
        danger
        busy={removed.fetching}
        onConfirm={async () => {
          const r = await remove({ id: lot.id });
          setConfirming(false);
          report(r, t('lotEdit.removed', { lot: label }));
        }}
        onCancel={() => setConfirming(false)}
      >
        <dl className="preview facts">
          <dt>{t('lots.lot')}</dt>
          <dd>{label}</dd>
          <dt>{t('lots.stated')}</dt>
          <dd>
            {lot.statedValue.length
              ? lot.statedValue.map((v) => f.currency(v.amount, v.currency)).join(', ')
              : t('lotEdit.noValues')}
          </dd>
        </dl>
        <Paragraph>{t('lotEdit.removeEffect', { count: authorities })}</Paragraph>
      </ConfirmDialog>
    </>
  );
}
