import { Alert, Button, Checkbox, Fieldset, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Form } from '../components/Form';
import { ProblemAlert } from '../components/Feedback';
import { Section } from '../components/Section';
import { fieldProblems } from '../lib/errors';
import { useForm } from '../lib/form';
import { graphql, type ResultOf } from '../lib/graphql';
import { USER_RESULT } from './AdminPeople';

// How people join an organisation, and the operators' part: its registry name and administrators.

const ORGANISATION_FIELDS = `id name kind country organisationNumber municipalityCode emailDomains allowSubdomains requiresApproval nutsCode streetAddress postcode city contactPoint contactEmail contactPhone`;

export const OrganisationQuery = graphql(`
  query AdminOrganisation($id: ID!) { organisation(id: $id) { ${ORGANISATION_FIELDS} } }
`);
const UpdateAccess = graphql(`
  mutation UpdateOrganisationAccess($id: ID!, $input: OrganisationAccessInput!) {
    updateOrganisationAccess(id: $id, input: $input) { ${ORGANISATION_FIELDS} }
  }
`);
const UpdateOrganisation = graphql(`
  mutation UpdateOrganisation($id: ID!, $input: UpdateOrganisationInput!) {
    updateOrganisation(id: $id, input: $input) { ${ORGANISATION_FIELDS} }
  }
`);
const AddAdmin = graphql(`
  mutation AddOrganisationAdmin($id: ID!, $input: OrganisationAdminInput!) {
    addOrganisationAdmin(id: $id, input: $input) { ${USER_RESULT} email }
  }
`);

type Organisation = ResultOf<typeof OrganisationQuery>['organisation'];

/** A domain name as the server accepts it (lower case, at least one dot). */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * How people join: e-mail domains, subdomains, approval. An organisation's own admins may only
 * narrow the domains (remove one, add a subdomain of one); new domains are the operators' to verify.
 */
export function AccessSettings({
  organisation,
  platformAdmin,
}: {
  organisation: Organisation;
  platformAdmin: boolean;
}) {
  const { t } = useTranslation();
  const [domains, setDomains] = useState<string[]>(organisation.emailDomains ?? []);
  const [newDomain, setNewDomain] = useState('');
  const [addError, setAddError] = useState<string>();
  const [domainsError, setDomainsError] = useState<string>();
  const [allowSubdomains, setAllowSubdomains] = useState(organisation.allowSubdomains);
  const [requiresApproval, setRequiresApproval] = useState(organisation.requiresApproval);
  const [status, setStatus] = useState('');
  const [result, update] = useMutation(UpdateAccess);
  const saved = organisation.emailDomains ?? [];

  const add = () => {
    const d = newDomain.trim().toLowerCase().replace(/^@/, '');
    if (!DOMAIN.test(d)) return setAddError(t('adminOrg.access.invalidDomain'));
    if (domains.includes(d)) return setAddError(t('adminOrg.access.duplicate', { domain: d }));
    // The server's rule for an organisation's own admins, said before they press save.
    if (!platformAdmin && !saved.some((s) => d === s || d.endsWith(`.${s}`))) {
      return setAddError(t('adminOrg.access.verifiedDomain', { domain: d }));
    }
    setAddError(undefined);
    setDomains((list) => [...list, d]);
    setNewDomain('');
  };

  const submit = async () => {
    setStatus('');
    setDomainsError(undefined);
    const r = await update({
      id: organisation.id,
      input: { emailDomains: domains, allowSubdomains, requiresApproval },
    });
    if (!r.error) {
      setStatus(t('adminOrg.access.saved'));
      return;
    }
    const problem = fieldProblems(r.error).find((p) => p.field.startsWith('emailDomains'));
    if (problem) {
      const index = Number(/\[(\d+)\]/.exec(problem.field)?.[1]);
      const domain = Number.isInteger(index) ? domains[index] : '';
      setDomainsError(
        problem.rule === 'verifiedDomain'
          ? t('adminOrg.access.verifiedDomain', { domain })
          : problem.rule === 'domainTaken'
            ? t('adminOrg.access.domainTaken')
            : t('adminOrg.access.invalidDomain'),
      );
    }
  };

  return (
    <Section headingId="access-heading" title={t('adminOrg.access.title')}>
      <Form
        onSubmit={submit}
        error={domainsError ? undefined : result.error}
        status={status}
        submitLabel={t('adminOrg.access.save')}
        busy={result.fetching}
      >
        <Fieldset>
          <Fieldset.Legend>{t('adminOrg.access.domains')}</Fieldset.Legend>
          <Fieldset.Description>
            {platformAdmin ? t('adminOrg.access.domainsHelpPlatform') : t('adminOrg.access.domainsHelp')}
          </Fieldset.Description>
          {domains.length === 0 && (
            <Alert data-color="warning" data-size="sm">
              <Paragraph data-size="sm">{t('adminOrg.access.noDomains')}</Paragraph>
            </Alert>
          )}
          <ul className="plain-list stack-sm">
            {domains.map((d) => (
              <li key={d} className="row spread domain-item">
                <span className="break-anywhere">{d}</span>
                <Button
                  type="button"
                  data-size="sm"
                  variant="tertiary"
                  onClick={() => setDomains((list) => list.filter((x) => x !== d))}
                >
                  {t('adminOrg.access.removeDomain', { domain: d })}
                </Button>
              </li>
            ))}
          </ul>
          <ProblemAlert text={domainsError} size="sm" />
          <div className="row add-domain">
            <Textfield
              label={t('adminOrg.access.addDomain')}
              value={newDomain}
              onChange={(e) => setNewDomain(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  add();
                }
              }}
              error={addError}
              autoComplete="off"
            />
            <Button type="button" variant="secondary" onClick={add}>
              {t('adminOrg.access.add')}
            </Button>
          </div>
        </Fieldset>
        <Checkbox
          label={t('adminOrg.access.allowSubdomains')}
          description={t('adminOrg.access.allowSubdomainsHelp')}
          checked={allowSubdomains}
          onChange={(e) => setAllowSubdomains(e.target.checked)}
        />
        <Checkbox
          label={t('adminOrg.access.requiresApproval')}
          description={t('adminOrg.access.requiresApprovalHelp')}
          checked={requiresApproval}
          onChange={(e) => setRequiresApproval(e.target.checked)}
        />
      </Form>
    </Section>
  );
}

const DETAIL_FIELDS = [
  'nutsCode',
  'streetAddress',
  'postcode',
  'city',
  'contactPoint',
  'contactEmail',
  'contactPhone',
] as const;
type DetailField = (typeof DETAIL_FIELDS)[number];

/**
 * The address and contact the organisation's eForms notices name (a buyer's NUTS region, postal
 * address, contact point, e-mail and telephone); a notice naming it is refused while one is missing.
 */
export function NoticeDetails({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const form = useForm(
    () => Object.fromEntries(DETAIL_FIELDS.map((k) => [k, organisation[k] ?? ''])) as Record<DetailField, string>,
  );
  const [status, setStatus] = useState('');
  const [result, update] = useMutation(UpdateAccess);

  const submit = async () => {
    setStatus('');
    form.check({});
    const input = Object.fromEntries(DETAIL_FIELDS.map((k) => [k, form.values[k].trim()]));
    const r = await update({ id: organisation.id, input });
    if (!r.error) {
      setStatus(t('adminOrg.details.saved'));
      return;
    }
    const problems = fieldProblems(r.error);
    form.check(
      Object.fromEntries(
        problems
          .filter((p) => (DETAIL_FIELDS as readonly string[]).includes(p.field))
          .map((p) => [p.field, t(`adminOrg.details.invalid.${p.field as DetailField}`)]),
      ),
    );
  };

  return (
    <Section headingId="notice-details-heading" title={t('adminOrg.details.title')}>
      <Form
        onSubmit={submit}
        intro={t('adminOrg.details.intro')}
        error={Object.keys(form.errors).length ? undefined : result.error}
        status={status}
        submitLabel={t('adminOrg.details.save')}
        busy={result.fetching}
      >
        {DETAIL_FIELDS.map((k) => (
          <Textfield
            key={k}
            label={t(`adminOrg.details.${k}`)}
            type={k === 'contactEmail' ? 'email' : k === 'contactPhone' ? 'tel' : 'text'}
            {...form.field(k)}
          />
        ))}
      </Form>
    </Section>
  );
}

/** The operators' part: the registry name, and more administrators. */
export function PlatformTools({ organisation, onChange }: { organisation: Organisation; onChange: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(organisation.name);
  const [nameStatus, setNameStatus] = useState('');
  const [renamed, rename] = useMutation(UpdateOrganisation);
  const admin = useForm({ displayName: '', email: '' });
  const [adminStatus, setAdminStatus] = useState('');
  const [added, addAdmin] = useMutation(AddAdmin);

  const submitName = async () => {
    setNameStatus('');
    const r = await rename({ id: organisation.id, input: { name: name.trim() } });
    if (!r.error) setNameStatus(t('adminOrg.registry.saved'));
  };

  const submitAdmin = async () => {
    setAdminStatus('');
    if (!admin.check(admin.missing('displayName', 'email'))) return;
    const { displayName, email } = admin.values;
    const r = await addAdmin({ id: organisation.id, input: { displayName: displayName.trim(), email: email.trim() } });
    if (!r.error) {
      setAdminStatus(t('adminOrg.registry.adminAdded', { name: r.data!.addOrganisationAdmin.displayName }));
      admin.reset();
      onChange();
      return;
    }
    const problems = fieldProblems(r.error);
    const emailProblem = problems.find((p) => p.field === 'email');
    admin.check({
      email:
        emailProblem &&
        (emailProblem.rule === 'otherOrganisation' ? t('adminOrg.registry.otherOrganisation') : t('link.invalidEmail')),
      displayName: problems.some((p) => p.field === 'displayName') && t('common.required'),
    });
  };

  return (
    <Section headingId="registry-heading" title={t('adminOrg.registry.title')}>
      <Form
        onSubmit={submitName}
        className="row align-end"
        variant="secondary"
        result={renamed}
        status={nameStatus}
        submitLabel={t('adminOrg.registry.saveName')}
      >
        <Textfield label={t('adminOrg.registry.name')} value={name} onChange={(e) => setName(e.target.value)} />
      </Form>
      <Form
        onSubmit={submitAdmin}
        className="stack panel"
        intro={t('adminOrg.registry.addAdminHelp')}
        error={admin.errors.email || admin.errors.displayName ? undefined : added.error}
        status={adminStatus}
        submitLabel={t('adminOrg.registry.addAdminSubmit')}
        busy={added.fetching}
      >
        <Heading level={3} data-size="xs">
          {t('adminOrg.registry.addAdmin')}
        </Heading>
        <Textfield label={t('adminOrg.registry.adminName')} {...admin.field('displayName')} required />
        <Textfield label={t('adminOrg.registry.adminEmail')} type="email" {...admin.field('email')} required />
      </Form>
    </Section>
  );
}
