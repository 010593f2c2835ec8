import { Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { CpvField } from '../components/CpvField';
import { CollapsibleForm, MarkdownField } from '../components/Form';
import { useForm, useStatus } from '../lib/form';
import { graphql } from '../lib/graphql';
import { cpvList, useRefusal } from '../lib/refusals';

const UpdateNeed = graphql(`
  mutation UpdateSharedNeed($id: ID!, $input: UpdateSharedNeedInput!) {
    updateSharedNeed(id: $id, input: $input) {
      id
      title
      problem
      intendedEffects
      successCriteria
      cpvCodes
      updatedAt
    }
  }
`);

export interface EditableNeed {
  id: string;
  title: string;
  status: string;
  problem: string;
  intendedEffects: string;
  successCriteria: string;
  cpvCodes: readonly string[];
}

const FIELDS = ['title', 'problem', 'intendedEffects', 'successCriteria', 'cpvCodes'] as const;
type Field = (typeof FIELDS)[number];

const asForm = (n: EditableNeed): Record<Field, string> => ({
  title: n.title,
  problem: n.problem,
  intendedEffects: n.intendedEffects,
  successCriteria: n.successCriteria,
  cpvCodes: n.cpvCodes.join(', '),
});

/**
 * The authority that described a need, or a coordinator, rewrites it while it is a draft or open
 * for interest: title, problem, intended effects, success criteria and CPV codes. Only the fields
 * changed in the form are sent, so what another person changed meanwhile in another field stays.
 * A consolidated or closed need is fixed: the form says so instead.
 */
export function NeedEditForm({ need, onChange }: { need: EditableNeed; onChange: () => void }) {
  const { t } = useTranslation();
  const [base, setBase] = useState(() => asForm(need));
  const form = useForm(base);
  const [saved, update] = useMutation(UpdateNeed);
  const { status, setStatus, report } = useStatus(onChange);
  const refused = useRefusal()(saved.error, {
    fields: FIELDS,
    sent: { cpvCodes: cpvList(form.values.cpvCodes) },
    words: { 'status DRAFT or OPEN': t('needEdit.fixed') },
  });
  const field = (name: Field) => ({ ...form.field(name), error: form.errors[name] ?? refused.fields[name] });

  if (need.status !== 'DRAFT' && need.status !== 'OPEN') {
    return (
      <Paragraph data-size="sm" className="muted">
        {t('needEdit.fixed')}
      </Paragraph>
    );
  }

  const submit = async () => {
    setStatus('');
    if (!form.check(form.missing('title', 'problem'))) return;
    const v = form.values;
    const changed = (k: Field) => (v[k].trim() !== base[k] ? v[k].trim() : undefined);
    const input = {
      title: changed('title'),
      problem: changed('problem'),
      intendedEffects: changed('intendedEffects'),
      successCriteria: changed('successCriteria'),
      cpvCodes: changed('cpvCodes') === undefined ? undefined : cpvList(v.cpvCodes),
    };
    if (Object.values(input).every((x) => x === undefined)) {
      report({}, t('needEdit.unchanged'));
      return;
    }
    const r = await update({ id: need.id, input });
    if (report(r, t('needEdit.saved')) && r.data) setBase(asForm({ ...need, ...r.data.updateSharedNeed }));
  };

  return (
    <CollapsibleForm
      summary={t('needEdit.summary')}
      onSubmit={submit}
      intro={t('needs.whatNotHow')}
      busy={saved.fetching}
      error={refused.error}
      problem={refused.problem}
      status={status}
      submitLabel={t('needEdit.save')}
    >
      <Textfield label={t('needs.fieldTitle')} {...field('title')} required />
      <MarkdownField label={t('needs.problem')} rows={4} {...field('problem')} required />
      <MarkdownField label={t('needs.intendedEffects')} rows={3} {...field('intendedEffects')} />
      <MarkdownField label={t('needs.successCriteria')} rows={3} {...field('successCriteria')} />
      <CpvField {...field('cpvCodes')} />
    </CollapsibleForm>
  );
}
