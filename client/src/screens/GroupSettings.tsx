import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CpvField } from '../components/CpvField';
import { ErrorAlert, LiveStatus, ProblemAlert } from '../components/Feedback';
import { Form, MarkdownField } from '../components/Form';
import { Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { FOCUS_AREAS } from '../lib/enums';
import { useForm, useStatus } from '../lib/form';
import { graphql } from '../lib/graphql';
import { cpvList, useRefusal } from '../lib/refusals';
import { usePageTitle } from '../lib/title';
import { useGroup, type ShellGroup } from './GroupShell';

const UpdateGroup = graphql(`
  mutation UpdateBuyerGroup($id: ID!, $input: UpdateBuyerGroupInput!) {
    updateBuyerGroup(id: $id, input: $input) {
      id
      name
      description
      focusArea
      visibility
      status
      cpvCodes
    }
  }
`);

type FocusArea = (typeof FOCUS_AREAS)[number];
type Visibility = 'LISTED' | 'UNLISTED';
type Status = ShellGroup['status'];

const FIELDS = ['name', 'description', 'focusArea', 'visibility', 'cpvCodes'] as const;
type Field = (typeof FIELDS)[number];

const asForm = (g: ShellGroup): Record<Field, string> => ({
  name: g.name,
  description: g.description,
  focusArea: g.focusArea,
  visibility: g.visibility,
  cpvCodes: g.cpvCodes.join(', '),
});

/** The group's name, description, focus area, visibility and CPV codes; what is changed is sent. */
function DetailsForm({ group, onChange }: { group: ShellGroup; onChange: () => void }) {
  const { t } = useTranslation();
  const [base, setBase] = useState(() => asForm(group));
  const form = useForm(base);
  const [saved, update] = useMutation(UpdateGroup);
  const { status, setStatus, report } = useStatus(onChange);
  const refused = useRefusal()(saved.error, {
    fields: FIELDS,
    sent: { cpvCodes: cpvList(form.values.cpvCodes) },
    words: { 'group status ACTIVE': t('groupSettings.archived') },
  });
  const field = (name: Field) => ({ ...form.field(name), error: form.errors[name] ?? refused.fields[name] });

  const submit = async () => {
    setStatus('');
    if (!form.check(form.missing('name'))) return;
    const v = form.values;
    const changed = (k: Field) => (v[k].trim() !== base[k] ? v[k].trim() : undefined);
    const input = {
      name: changed('name'),
      description: changed('description'),
      focusArea: changed('focusArea') as FocusArea | undefined,
      visibility: changed('visibility') as Visibility | undefined,
      cpvCodes: changed('cpvCodes') === undefined ? undefined : cpvList(v.cpvCodes),
    };
    if (Object.values(input).every((x) => x === undefined)) {
      report({}, t('groupSettings.unchanged'));
      return;
    }
    const r = await update({ id: group.id, input });
    if (report(r, t('groupSettings.saved')) && r.data) {
      setBase(asForm({ ...group, ...r.data.updateBuyerGroup }));
    }
  };

  return (
    <Form
      onSubmit={submit}
      className="stack panel"
      aria-labelledby="group-details-heading"
      busy={saved.fetching}
      error={refused.error}
      problem={refused.problem}
      status={status}
      submitLabel={t('groupSettings.save')}
    >
      <Heading level={3} data-size="xs" id="group-details-heading">
        {t('groupSettings.details')}
      </Heading>
      <Textfield label={t('groups.name')} {...field('name')} required />
      <SelectField
        label={t('groups.focusArea')}
        {...field('focusArea')}
        options={FOCUS_AREAS.map((a) => ({ value: a, label: t(`focusArea.${a}`) }))}
      />
      <SelectField
        label={t('groups.visibility')}
        {...field('visibility')}
        options={[
          { value: 'UNLISTED', label: t('groups.visibilityUnlisted') },
          { value: 'LISTED', label: t('groups.visibilityListed') },
        ]}
      />
      <MarkdownField label={t('groups.description')} rows={5} {...field('description')} />
      <CpvField {...field('cpvCodes')} />
    </Form>
  );
}

/** Where a group's status may go from each (the API's rule). */
type Target = Exclude<Status, 'FORMING'>;
const NEXT: Record<Status, Target[]> = { FORMING: ['ACTIVE', 'ARCHIVED'], ACTIVE: ['ARCHIVED'], ARCHIVED: ['ACTIVE'] };

/**
 * The group's status, what it means and where it may go: a forming group is marked active once
 * its members are in place; archiving (asked in a dialog, since everything stops) and reactivating.
 */
function StatusPanel({ group, onChange }: { group: ShellGroup; onChange: () => void }) {
  const { t } = useTranslation();
  const [changed, update] = useMutation(UpdateGroup);
  const [archiving, setArchiving] = useState(false);
  const { status, report } = useStatus(onChange);
  const refused = useRefusal()(changed.error, {});
  const move = async (to: Target) => {
    const r = await update({ id: group.id, input: { status: to } });
    setArchiving(false);
    report(r, t(`groupSettings.movedTo.${to}`));
  };
  return (
    <Section
      headingId="group-status-heading"
      title={t('groupSettings.status')}
      level={3}
      size="xs"
      className="stack panel"
    >
      <Paragraph>
        <strong>{t(`groupStatus.${group.status}`)}</strong>: {t(`groupSettings.meaning.${group.status}`)}
      </Paragraph>
      <ErrorAlert error={refused.error} />
      <ProblemAlert text={refused.problem} />
      <LiveStatus>{status}</LiveStatus>
      <div className="row">
        {NEXT[group.status].map((to) => (
          <Button
            key={to}
            variant={to === 'ARCHIVED' ? 'secondary' : 'primary'}
            data-color={to === 'ARCHIVED' ? 'danger' : undefined}
            loading={changed.fetching && !archiving}
            onClick={() => (to === 'ARCHIVED' ? setArchiving(true) : void move(to))}
          >
            {t(`groupSettings.moveTo.${to}`)}
          </Button>
        ))}
      </div>
      <ConfirmDialog
        open={archiving}
        title={t('groupSettings.archiveTitle', { group: group.name })}
        confirmLabel={t('groupSettings.moveTo.ARCHIVED')}
        danger
        busy={changed.fetching}
        onConfirm={() => move('ARCHIVED')}
        onCancel={() => setArchiving(false)}
      >
        <Paragraph>{t('groupSettings.archiveEffect', { group: group.name })}</Paragraph>
      </ConfirmDialog>
    </Section>
  );
}

/** The coordinators' settings of the group: its details and its status. Others are told it is theirs. */
export function GroupSettings() {
  const { t } = useTranslation();
  const { group, isCoordinator, refetch } = useGroup();
  usePageTitle(`${t('groupSettings.title')} – ${group.name}`);
  if (!isCoordinator) {
    return (
      <Alert data-color="warning">
        <Paragraph>{t('groupSettings.coordinatorsOnly')}</Paragraph>
      </Alert>
    );
  }
  return (
    <div className="stack-lg">
      <Heading level={2} data-size="md">
        {t('groupSettings.title')}
      </Heading>
      {group.status === 'ARCHIVED' ? (
        <Alert data-color="info">
          <Paragraph>{t('groupSettings.archived')}</Paragraph>
        </Alert>
      ) : (
        <DetailsForm group={group} onChange={refetch} />
      )}
      <StatusPanel group={group} onChange={refetch} />
    </div>
  );
}
