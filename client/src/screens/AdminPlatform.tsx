import { Alert, Button, Checkbox, Fieldset, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../lib/error-text';
import { Link as RouterLink } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { NotAllowed } from '../components/Feedback';
import { Form } from '../components/Form';
import { pageOf, PersonTags, ResultList, SearchField, usePagedSearch } from '../components/Lists';
import { Page, Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { COUNTRIES, ORGANISATION_KINDS, USER_STATUSES } from '../lib/enums';
import { errorCode, errorExtensions, fieldProblems, type FieldProblem } from '../lib/errors';
import { useForm, type FieldErrors, type Found } from '../lib/form';
import { graphql } from '../lib/graphql';
import { useViewer } from '../lib/session';

const CreateOrganisation = graphql(`
  mutation CreateOrganisation($input: CreateOrganisationInput!) {
    createOrganisation(input: $input) {
      id
      name
    }
  }
`);
const OrganisationsQuery = graphql(`
  query PlatformOrganisations($search: String, $after: String) {
    organisations(search: $search, first: 20, after: $after) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        id
        name
        kind
        country
        organisationNumber
        emailDomains
        requiresApproval
      }
    }
  }
`);
const PeopleQuery = graphql(`
  query PlatformPeople($search: String!, $status: [UserStatus!]) {
    users(allOrganisations: true, search: $search, status: $status, first: 30) {
      totalCount
      nodes {
        id
        displayName
        email
        role
        status
        isAdmin
        organisation {
          id
          name
        }
      }
    }
  }
`);

type Kind = (typeof ORGANISATION_KINDS)[number];
type Country = (typeof COUNTRIES)[number];
interface AdminRow {
  displayName: string;
  email: string;
}

const adminLink = (id: string) => `/admin/organisation?organisation=${encodeURIComponent(id)}`;

/**
 * Registers an organisation with its first administrators (who get a mail to choose a password).
 * Each refused rule is shown on its own field: input.organisationNumber, input.admins[1].email, …
 */
function CreateOrganisationForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const { problem } = useErrorText();
  const form = useForm({
    name: '',
    kind: 'MUNICIPALITY' as Kind,
    country: 'NO' as Country,
    organisationNumber: '',
    municipalityCode: '',
    domains: '',
  });
  const { name, kind, country, organisationNumber, municipalityCode, domains } = form.values;
  const { errors } = form;
  // Public bodies vet their people by default, suppliers do not; a choice made here wins.
  const [requiresApproval, setRequiresApproval] = useState<boolean | null>(null);
  const [admins, setAdmins] = useState<AdminRow[]>([{ displayName: '', email: '' }]);
  const [created, setCreated] = useState<{ id: string; name: string } | null>(null);
  const [result, create] = useMutation(CreateOrganisation);
  const approval = requiresApproval ?? kind !== 'SUPPLIER';

  /** A refused rule in the interface language; rules this form does not know keep the server's words. */
  const explain = (p: FieldProblem): string => {
    const known: Record<string, string | undefined> = {
      organisationNumber: t('adminPlatform.create.errors.organisationNumber', { country: t(`country.${country}`) }),
      municipalityCode: t('adminPlatform.create.errors.municipalityCode'),
      onlyMunicipalities: t('adminPlatform.create.errors.onlyMunicipalities'),
      domainTaken: t('adminPlatform.create.errors.domainTaken'),
      isFqdn: t('adminPlatform.create.errors.invalidDomain'),
      isEmail: t('link.invalidEmail'),
      otherOrganisation: t('adminPlatform.create.errors.otherOrganisation'),
      matches: t('common.required'),
      required:
        p.field === 'municipalityCode' ? t('adminPlatform.create.errors.municipalityRequired') : t('common.required'),
    };
    return known[p.rule] ?? problem(p);
  };

  const submit = async () => {
    setCreated(null);
    // Rows left empty are not sent; the rest keep their place, so errors name the right row.
    const sent = admins.map((a, row) => ({ ...a, row })).filter((a) => a.displayName.trim() || a.email.trim());
    const found: Found = {
      ...form.missing('name', 'organisationNumber'),
      municipalityCode:
        kind === 'MUNICIPALITY' && !municipalityCode.trim() && t('adminPlatform.create.errors.municipalityRequired'),
    };
    for (const a of sent) {
      found[`admins[${a.row}].displayName`] = !a.displayName.trim() && t('common.required');
      found[`admins[${a.row}].email`] = !a.email.trim() && t('common.required');
    }
    if (!form.check(found)) return;
    const r = await create({
      input: {
        name: name.trim(),
        kind,
        country,
        organisationNumber: organisationNumber.trim(),
        municipalityCode: kind === 'MUNICIPALITY' ? municipalityCode.trim() : null,
        emailDomains: domains
          .split(/[\s,;]+/)
          .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
          .filter(Boolean),
        requiresApproval: approval,
        admins: sent.map((a) => ({ displayName: a.displayName.trim(), email: a.email.trim() })),
      },
    });
    if (r.data) {
      setCreated(r.data.createOrganisation);
      form.reset('name', 'organisationNumber', 'municipalityCode', 'domains');
      setRequiresApproval(null);
      setAdmins([{ displayName: '', email: '' }]);
      onCreated();
      return;
    }
    const next: FieldErrors = {};
    for (const p of fieldProblems(r.error)) {
      // admins[i] of the request is row sent[i] of the form; domain errors name the list as a whole.
      const field = p.field
        .replace(/^admins\[(\d+)\]/, (_, i: string) => `admins[${sent[Number(i)]?.row ?? i}]`)
        .replace(/^emailDomains\[\d+\]$/, 'emailDomains');
      next[field] ??= explain(p);
    }
    if (
      errorCode(r.error) === 'CONFLICT' &&
      String(errorExtensions(r.error).field ?? '').endsWith('organisationNumber')
    ) {
      next.organisationNumber = t('adminPlatform.create.errors.duplicate');
    }
    form.setErrors(next);
  };

  /** Row i's name or address: its value, change and message. */
  const adminField = (i: number, key: keyof AdminRow) => ({
    value: admins[i][key],
    onChange: (e: { target: { value: string } }) =>
      setAdmins((rows) => rows.map((r, j) => (j === i ? { ...r, [key]: e.target.value } : r))),
    error: errors[`admins[${i}].${key}`],
    autoComplete: 'off',
  });
  const count = Object.values(errors).filter(Boolean).length;
  return (
    <Section headingId="create-heading" title={t('adminPlatform.create.title')}>
      {created && (
        <Alert data-color="success" role="status">
          <Paragraph>{t('adminPlatform.create.created', { name: created.name })}</Paragraph>
          <Paragraph>
            <RouterLink to={adminLink(created.id)}>
              {t('adminPlatform.organisations.administer', { name: created.name })}
            </RouterLink>
          </Paragraph>
        </Alert>
      )}
      <Form
        onSubmit={submit}
        className="stack panel"
        problem={count > 0 ? t('adminPlatform.create.checkFields', { count }) : undefined}
        error={count > 0 ? undefined : result.error}
        submitLabel={t('adminPlatform.create.submit')}
        busy={result.fetching}
      >
        <Textfield label={t('adminPlatform.create.name')} {...form.field('name')} required />
        <div className="row">
          <SelectField
            label={t('adminPlatform.create.kind')}
            {...form.field('kind')}
            options={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`organisationKind.${k}`) }))}
          />
          <SelectField
            label={t('adminPlatform.create.country')}
            {...form.field('country')}
            options={COUNTRIES.map((c) => ({ value: c, label: t(`country.${c}`) }))}
          />
        </div>
        <Textfield
          label={t('adminPlatform.create.number')}
          description={t('adminPlatform.create.numberHelp')}
          {...form.field('organisationNumber')}
          inputMode="numeric"
          required
        />
        {kind === 'MUNICIPALITY' && (
          <Textfield
            label={t('adminPlatform.create.municipalityCode')}
            {...form.field('municipalityCode')}
            inputMode="numeric"
            required
          />
        )}
        {kind !== 'MUNICIPALITY' && errors.municipalityCode && (
          <Paragraph data-size="sm" className="error-text">
            {errors.municipalityCode}
          </Paragraph>
        )}
        <Textfield
          label={t('adminPlatform.create.domains')}
          description={t('adminPlatform.create.domainsHelp')}
          {...form.field('domains')}
          error={errors.emailDomains}
          autoComplete="off"
        />
        <Checkbox
          label={t('adminOrg.access.requiresApproval')}
          description={t('adminOrg.access.requiresApprovalHelp')}
          checked={approval}
          onChange={(e) => setRequiresApproval(e.target.checked)}
        />
        <Fieldset>
          <Fieldset.Legend>{t('adminPlatform.create.admins')}</Fieldset.Legend>
          <Fieldset.Description>{t('adminPlatform.create.adminsHelp')}</Fieldset.Description>
          {errors.admins && (
            <Paragraph data-size="sm" className="error-text">
              {errors.admins}
            </Paragraph>
          )}
          <ol className="plain-list stack">
            {admins.map((a, i) => (
              <li key={i} className="stack-sm admin-row">
                <div className="row">
                  <Textfield
                    label={t('adminPlatform.create.adminName', { n: i + 1 })}
                    {...adminField(i, 'displayName')}
                  />
                  <Textfield
                    label={t('adminPlatform.create.adminEmail', { n: i + 1 })}
                    type="email"
                    {...adminField(i, 'email')}
                  />
                </div>
                {admins.length > 1 && (
                  <div>
                    <Button
                      type="button"
                      variant="tertiary"
                      data-size="sm"
                      onClick={() => setAdmins((rows) => rows.filter((_, j) => j !== i))}
                    >
                      {t('adminPlatform.create.removeAdmin', { n: i + 1 })}
                    </Button>
                  </div>
                )}
              </li>
            ))}
          </ol>
          {admins.length < 10 && (
            <div>
              <Button
                type="button"
                variant="secondary"
                data-size="sm"
                onClick={() => setAdmins((rows) => [...rows, { displayName: '', email: '' }])}
              >
                {t('adminPlatform.create.addAdmin')}
              </Button>
            </div>
          )}
        </Fieldset>
      </Form>
    </Section>
  );
}

function OrganisationsPage({
  search,
  after,
  onMore,
}: {
  search: string;
  after: string | null;
  onMore: (cursor: string) => void;
}) {
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({
    query: OrganisationsQuery,
    variables: { search: search || null, after },
  });
  const organisations = data?.organisations;
  return (
    <ResultList
      error={error}
      loading={!data && fetching}
      {...pageOf(
        organisations,
        after === null,
        (count) => t('adminPlatform.organisations.count', { count }),
        t('adminPlatform.organisations.none'),
      )}
      moreLabel={t('adminPlatform.organisations.more')}
      onMore={onMore}
    >
      {organisations?.nodes.map((o) => (
        <li key={o.id} className="panel stack-sm">
          <RouterLink to={adminLink(o.id)} aria-label={t('adminPlatform.organisations.administer', { name: o.name })}>
            <strong>{o.name}</strong>
          </RouterLink>
          <span className="small muted">
            {t(`organisationKind.${o.kind}`)} · {t(`country.${o.country}`)} · {o.organisationNumber}
            {o.emailDomains?.length ? ` · ${o.emailDomains.join(', ')}` : ''}
          </span>
        </li>
      ))}
    </ResultList>
  );
}

function Organisations({ refreshKey }: { refreshKey: number }) {
  const { t } = useTranslation();
  const paged = usePagedSearch();
  return (
    <Section headingId="organisations-heading" title={t('adminPlatform.organisations.title')}>
      <SearchField label={t('adminPlatform.organisations.search')} value={paged.search} onChange={paged.setSearch} />
      {paged.cursors.map((after) => (
        // Keyed by refreshKey too: after a registration every page is asked for again.
        <OrganisationsPage
          key={`${refreshKey}:${paged.query}:${after ?? ''}`}
          search={paged.query}
          after={after}
          onMore={paged.more}
        />
      ))}
    </Section>
  );
}

/** People in every organisation, by name or address: the operators' way to find an account. */
function FindPeople() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const query = search.trim();
  const [{ data, fetching, error }] = useQuery({
    query: PeopleQuery,
    variables: { search: query, status: [...USER_STATUSES] },
    pause: query.length < 2,
  });
  const people = data?.users.nodes ?? [];
  return (
    <Section headingId="people-heading" title={t('adminPlatform.people.title')}>
      <SearchField label={t('adminPlatform.people.search')} value={search} onChange={setSearch} />
      <ResultList
        error={error}
        loading={fetching}
        {...pageOf(
          data?.users,
          query.length >= 2,
          (count) => t('adminPlatform.people.count', { count }),
          t('adminPlatform.people.none'),
        )}
      >
        {people.map((p) => (
          <li key={p.id} className="panel stack-sm">
            <strong>{p.displayName}</strong>
            <span className="break-anywhere small">{p.email}</span>
            <PersonTags role={p.role} status={p.status} suspendedColor="warning">
              {p.isAdmin && (
                <Tag data-size="sm" data-color="accent">
                  {t('adminPlatform.people.platformAdmin')}
                </Tag>
              )}
            </PersonTags>
            <RouterLink to={adminLink(p.organisation.id)}>
              {t('adminPlatform.organisations.administer', { name: p.organisation.name })}
            </RouterLink>
          </li>
        ))}
      </ResultList>
    </Section>
  );
}

/** /admin/platform: the operators register organisations and find them and their people. */
export function AdminPlatform() {
  const { t } = useTranslation();
  const viewer = useViewer()!;
  // A new organisation appears in the list below at once.
  const [created, setCreated] = useState(0);
  if (!viewer.isAdmin) return <NotAllowed title={t('adminPlatform.title')} text={t('adminPlatform.notAllowed')} />;
  return (
    <Page title={t('adminPlatform.title')} className="stack-lg admin-page">
      <Organisations refreshKey={created} />
      <FindPeople />
      <CreateOrganisationForm onCreated={() => setCreated((n) => n + 1)} />
    </Page>
  );
}
