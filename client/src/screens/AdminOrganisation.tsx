import { Alert, Button, Checkbox, Fieldset, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { ConfirmAction, SubmitButton } from '../components/Actions';
import { ErrorAlert, LiveStatus, Loading, NotAllowed, ProblemAlert, useChangeErrorText } from '../components/Feedback';
import { PersonListItem, PersonTags, ResultList, SearchField, usePagedSearch } from '../components/Lists';
import { SelectField } from '../components/SelectField';
import { isActivityType } from '../lib/enums';
import { fieldProblems } from '../lib/errors';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { useViewer, type Viewer } from '../lib/session';
import { usePageTitle } from '../lib/title';

const ORGANISATION_FIELDS = `id name kind country organisationNumber municipalityCode emailDomains allowSubdomains requiresApproval`;

const OrganisationQuery = graphql(`
  query AdminOrganisation($id: ID!) { organisation(id: $id) { ${ORGANISATION_FIELDS} } }
`);
const ApprovalQueueQuery = graphql(`
  query ApprovalQueue($organisationId: ID!) {
    users(organisationId: $organisationId, status: [PENDING_APPROVAL], first: 100) {
      totalCount
      nodes {
        id
        displayName
        email
        createdAt
      }
    }
  }
`);
const PeopleQuery = graphql(`
  query OrganisationPeople($organisationId: ID!, $status: [UserStatus!], $search: String, $after: String) {
    users(organisationId: $organisationId, status: $status, search: $search, first: 50, after: $after) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        id
        displayName
        email
        role
        status
        createdAt
      }
    }
  }
`);
const ActivityQuery = graphql(`
  query OrganisationActivity($id: ID!, $before: ID) {
    organisationActivity(id: $id, first: 30, before: $before) {
      id
      type
      createdAt
      groupId
      groupName
      procurementId
      procurementTitle
      actor {
        id
        displayName
      }
    }
  }
`);
const USER_RESULT = `id displayName role status`;
const ApproveUser = graphql(`mutation ApproveUser($id: ID!) { approveUser(id: $id) { ${USER_RESULT} } }`);
const DeclineUser = graphql(`
  mutation DeclineUser($id: ID!) {
    declineUser(id: $id)
  }
`);
const SuspendUser = graphql(`mutation SuspendUser($id: ID!) { suspendUser(id: $id) { ${USER_RESULT} } }`);
const ReinstateUser = graphql(`mutation ReinstateUser($id: ID!) { reinstateUser(id: $id) { ${USER_RESULT} } }`);
const SetUserRole = graphql(`
  mutation SetUserRole($id: ID!, $role: OrganisationRole!) { setUserRole(id: $id, role: $role) { ${USER_RESULT} } }
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
type Person = ResultOf<typeof PeopleQuery>['users']['nodes'][number];

/** Who may administer which organisation: its own admins, and the platform's for any. */
const canAdminister = (viewer: Viewer, organisationId: string) =>
  viewer.isAdmin || (viewer.role === 'ADMIN' && viewer.organisation.id === organisationId);

/** A domain name as the server accepts it (lower case, at least one dot). */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** An administrator's failed change, in words: the rules this page runs into, else the plain text. */
function useAdminErrorText() {
  const { t } = useTranslation();
  return useChangeErrorText({
    invalidState: t('adminOrg.people.lastAdmin'),
    forbidden: t('adminOrg.people.forbidden'),
  });
}

/** People who confirmed their address and wait for an administrator. */
function ApprovalQueue({ organisationId, onChange }: { organisationId: string; onChange: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const errorText = useAdminErrorText();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ApprovalQueueQuery,
    variables: { organisationId },
    requestPolicy: 'cache-and-network',
  });
  const [approved, approve] = useMutation(ApproveUser);
  const [declined, decline] = useMutation(DeclineUser);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const waiting = data?.users.nodes ?? [];
  const failure = approved.error ?? declined.error;
  const done = () => {
    refetch({ requestPolicy: 'network-only' });
    onChange();
  };

  return (
    <section aria-labelledby="queue-heading" className="stack">
      <Heading level={2} data-size="md" id="queue-heading">
        {t('adminOrg.queue.title', { count: waiting.length })}
      </Heading>
      <ErrorAlert error={error} />
      <ProblemAlert text={errorText(failure)} />
      <LiveStatus>{status}</LiveStatus>
      {!data && fetching && <Loading />}
      {data && waiting.length === 0 && <Paragraph>{t('adminOrg.queue.none')}</Paragraph>}
      <ul className="task-list">
        {waiting.map((u) => (
          <li key={u.id} className="task stack-sm">
            <div className="stack-sm">
              <strong>{u.displayName}</strong>
              <span className="break-anywhere">{u.email}</span>
              <span className="small muted">{t('adminOrg.queue.registered', { date: f.dateTime(u.createdAt) })}</span>
            </div>
            {confirming === u.id ? (
              <ConfirmAction
                question={t('adminOrg.queue.confirmDecline', { name: u.displayName })}
                confirmLabel={t('adminOrg.queue.confirmDeclineButton', { name: u.displayName })}
                loading={declined.fetching}
                onConfirm={async () => {
                  const r = await decline({ id: u.id });
                  setConfirming(null);
                  if (!r.error) setStatus(t('adminOrg.queue.declined', { name: u.displayName }));
                  done();
                }}
                onCancel={() => setConfirming(null)}
              />
            ) : (
              <div className="row">
                <Button
                  data-size="sm"
                  onClick={async () => {
                    const r = await approve({ id: u.id });
                    if (!r.error) setStatus(t('adminOrg.queue.approved', { name: u.displayName }));
                    done();
                  }}
                >
                  {t('adminOrg.queue.approve', { name: u.displayName })}
                </Button>
                <Button data-size="sm" variant="secondary" onClick={() => setConfirming(u.id)}>
                  {t('adminOrg.queue.decline', { name: u.displayName })}
                </Button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

const PEOPLE_FILTERS = {
  current: ['ACTIVE', 'SUSPENDED'],
  ACTIVE: ['ACTIVE'],
  SUSPENDED: ['SUSPENDED'],
  PENDING_VERIFICATION: ['PENDING_VERIFICATION'],
} as const;
type PeopleFilter = keyof typeof PEOPLE_FILTERS;

/** One person with what an administrator may do to them (never to themselves: the server refuses). */
function PersonItem({ person, viewerId, onChange }: { person: Person; viewerId: string; onChange: () => void }) {
  const { t } = useTranslation();
  const errorText = useAdminErrorText();
  const [roleResult, setRole] = useMutation(SetUserRole);
  const [suspended, suspend] = useMutation(SuspendUser);
  const [reinstated, reinstate] = useMutation(ReinstateUser);
  const [declined, decline] = useMutation(DeclineUser);
  const [confirming, setConfirming] = useState<'suspend' | 'decline' | null>(null);
  const [status, setStatus] = useState('');
  const self = person.id === viewerId;
  const name = person.displayName;
  const failure = roleResult.error ?? suspended.error ?? reinstated.error ?? declined.error;
  const after = (error: CombinedError | undefined, text: string) => {
    setConfirming(null);
    if (!error) setStatus(text);
    onChange();
  };

  return (
    <PersonListItem
      name={name}
      mark={self && <span className="muted">{t('adminOrg.people.you')}</span>}
      details={
        <>
          <span className="break-anywhere small">{person.email}</span>
          <PersonTags role={person.role} status={person.status} />
        </>
      }
      problem={errorText(failure)}
      status={status}
    >
      {!self && confirming === null && (
        <div className="row">
          <Button
            data-size="sm"
            variant="secondary"
            loading={roleResult.fetching}
            onClick={async () => {
              const role = person.role === 'ADMIN' ? 'MEMBER' : 'ADMIN';
              const r = await setRole({ id: person.id, role });
              after(r.error, t('adminOrg.people.roleChanged', { name, role: t(`orgRole.${role}`) }));
            }}
          >
            {person.role === 'ADMIN'
              ? t('adminOrg.people.makeMember', { name })
              : t('adminOrg.people.makeAdmin', { name })}
          </Button>
          {person.status === 'ACTIVE' && (
            <Button data-size="sm" variant="tertiary" onClick={() => setConfirming('suspend')}>
              {t('adminOrg.people.suspend', { name })}
            </Button>
          )}
          {person.status === 'SUSPENDED' && (
            <Button
              data-size="sm"
              variant="secondary"
              loading={reinstated.fetching}
              onClick={async () => {
                const r = await reinstate({ id: person.id });
                after(r.error, t('adminOrg.people.reinstated', { name }));
              }}
            >
              {t('adminOrg.people.reinstate', { name })}
            </Button>
          )}
          {(person.status === 'PENDING_VERIFICATION' || person.status === 'PENDING_APPROVAL') && (
            <Button data-size="sm" variant="tertiary" onClick={() => setConfirming('decline')}>
              {t('adminOrg.queue.decline', { name })}
            </Button>
          )}
        </div>
      )}
      {confirming && (
        <ConfirmAction
          question={
            confirming === 'suspend'
              ? t('adminOrg.people.confirmSuspend', { name })
              : t('adminOrg.queue.confirmDecline', { name })
          }
          confirmLabel={
            confirming === 'suspend'
              ? t('adminOrg.people.confirmSuspendButton', { name })
              : t('adminOrg.queue.confirmDeclineButton', { name })
          }
          loading={suspended.fetching || declined.fetching}
          onConfirm={async () => {
            if (confirming === 'suspend') {
              const r = await suspend({ id: person.id });
              after(r.error, t('adminOrg.people.suspended', { name }));
            } else {
              const r = await decline({ id: person.id });
              after(r.error, t('adminOrg.queue.declined', { name }));
            }
          }}
          onCancel={() => setConfirming(null)}
        />
      )}
    </PersonListItem>
  );
}

/** One page of people; the next page hangs below it once asked for. */
function PeoplePage({
  organisationId,
  filter,
  search,
  after,
  viewerId,
  refreshKey,
  onMore,
  onChange,
}: {
  organisationId: string;
  filter: PeopleFilter;
  search: string;
  after: string | null;
  viewerId: string;
  refreshKey: number;
  onMore: (cursor: string) => void;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  // A new refreshKey (a change elsewhere on the page, e.g. a declined registration) asks the network again.
  const context = useMemo(() => ({ requestPolicy: 'network-only' as const, refreshKey }), [refreshKey]);
  const [{ data, fetching, error }] = useQuery({
    query: PeopleQuery,
    variables: { organisationId, status: [...PEOPLE_FILTERS[filter]], search: search || null, after },
    context,
  });
  const users = data?.users;
  const people = users?.nodes ?? [];
  return (
    <ResultList
      error={error}
      loading={!data && fetching}
      summary={
        after === null &&
        users &&
        (people.length ? t('adminOrg.people.count', { count: users.totalCount }) : t('adminOrg.people.none'))
      }
      next={users?.pageInfo.hasNextPage ? users.pageInfo.endCursor : null}
      moreLabel={t('adminOrg.people.more')}
      onMore={onMore}
    >
      {people.map((p) => (
        <PersonItem key={p.id} person={p} viewerId={viewerId} onChange={onChange} />
      ))}
    </ResultList>
  );
}

function People({
  organisationId,
  viewerId,
  refreshKey,
  onChange,
}: {
  organisationId: string;
  viewerId: string;
  refreshKey: number;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<PeopleFilter>('current');
  const paged = usePagedSearch();
  return (
    <section aria-labelledby="people-heading" className="stack">
      <Heading level={2} data-size="md" id="people-heading">
        {t('adminOrg.people.title')}
      </Heading>
      <div className="row">
        <div className="field">
          <SearchField label={t('adminOrg.people.search')} value={paged.search} onChange={paged.setSearch} />
        </div>
        <SelectField
          label={t('adminOrg.people.show')}
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value as PeopleFilter);
            paged.restart();
          }}
          options={(Object.keys(PEOPLE_FILTERS) as PeopleFilter[]).map((k) => ({
            value: k,
            label: t(`adminOrg.people.filter.${k}`),
          }))}
        />
      </div>
      {paged.cursors.map((after) => (
        <PeoplePage
          key={`${filter}:${paged.query}:${after ?? ''}`}
          organisationId={organisationId}
          filter={filter}
          search={paged.query}
          after={after}
          viewerId={viewerId}
          refreshKey={refreshKey}
          onMore={paged.more}
          onChange={onChange}
        />
      ))}
    </section>
  );
}

/**
 * How people join: e-mail domains, subdomains, approval. An organisation's own admins may only
 * narrow the domains (remove one, add a subdomain of one); new domains are the operators' to verify.
 */
function AccessSettings({ organisation, platformAdmin }: { organisation: Organisation; platformAdmin: boolean }) {
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

  const submit = async (e: FormEvent) => {
    e.preventDefault();
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
    <section aria-labelledby="access-heading" className="stack">
      <Heading level={2} data-size="md" id="access-heading">
        {t('adminOrg.access.title')}
      </Heading>
      <form onSubmit={submit} className="stack" noValidate>
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
        {!domainsError && <ErrorAlert error={result.error} />}
        <LiveStatus>{status}</LiveStatus>
        <SubmitButton loading={result.fetching}>{t('adminOrg.access.save')}</SubmitButton>
      </form>
    </section>
  );
}

/** The operators' part: the registry name, and more administrators. */
function PlatformTools({ organisation, onChange }: { organisation: Organisation; onChange: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(organisation.name);
  const [nameStatus, setNameStatus] = useState('');
  const [renamed, rename] = useMutation(UpdateOrganisation);
  const [adminName, setAdminName] = useState('');
  const [adminEmail, setAdminEmail] = useState('');
  const [adminErrors, setAdminErrors] = useState<{ displayName?: string; email?: string }>({});
  const [adminStatus, setAdminStatus] = useState('');
  const [added, addAdmin] = useMutation(AddAdmin);

  const submitName = async (e: FormEvent) => {
    e.preventDefault();
    setNameStatus('');
    const r = await rename({ id: organisation.id, input: { name: name.trim() } });
    if (!r.error) setNameStatus(t('adminOrg.registry.saved'));
  };

  const submitAdmin = async (e: FormEvent) => {
    e.preventDefault();
    setAdminStatus('');
    const local: typeof adminErrors = {};
    if (!adminName.trim()) local.displayName = t('common.required');
    if (!adminEmail.trim()) local.email = t('common.required');
    setAdminErrors(local);
    if (Object.keys(local).length) return;
    const r = await addAdmin({
      id: organisation.id,
      input: { displayName: adminName.trim(), email: adminEmail.trim() },
    });
    if (!r.error) {
      setAdminStatus(t('adminOrg.registry.adminAdded', { name: r.data!.addOrganisationAdmin.displayName }));
      setAdminName('');
      setAdminEmail('');
      onChange();
      return;
    }
    const problems = fieldProblems(r.error);
    const emailProblem = problems.find((p) => p.field === 'email');
    const nameProblem = problems.find((p) => p.field === 'displayName');
    setAdminErrors({
      email: emailProblem
        ? emailProblem.rule === 'otherOrganisation'
          ? t('adminOrg.registry.otherOrganisation')
          : t('link.invalidEmail')
        : undefined,
      displayName: nameProblem ? t('common.required') : undefined,
    });
  };

  return (
    <section aria-labelledby="registry-heading" className="stack">
      <Heading level={2} data-size="md" id="registry-heading">
        {t('adminOrg.registry.title')}
      </Heading>
      <form onSubmit={submitName} className="row align-end">
        <Textfield label={t('adminOrg.registry.name')} value={name} onChange={(e) => setName(e.target.value)} />
        <Button type="submit" variant="secondary" loading={renamed.fetching}>
          {t('adminOrg.registry.saveName')}
        </Button>
      </form>
      <ErrorAlert error={renamed.error} />
      <LiveStatus>{nameStatus}</LiveStatus>
      <form onSubmit={submitAdmin} className="stack panel" noValidate>
        <Heading level={3} data-size="xs">
          {t('adminOrg.registry.addAdmin')}
        </Heading>
        <Paragraph data-size="sm">{t('adminOrg.registry.addAdminHelp')}</Paragraph>
        <Textfield
          label={t('adminOrg.registry.adminName')}
          value={adminName}
          onChange={(e) => setAdminName(e.target.value)}
          error={adminErrors.displayName}
          required
        />
        <Textfield
          label={t('adminOrg.registry.adminEmail')}
          type="email"
          value={adminEmail}
          onChange={(e) => setAdminEmail(e.target.value)}
          error={adminErrors.email}
          required
        />
        {!adminErrors.email && !adminErrors.displayName && <ErrorAlert error={added.error} />}
        <LiveStatus>{adminStatus}</LiveStatus>
        <SubmitButton loading={added.fetching}>{t('adminOrg.registry.addAdminSubmit')}</SubmitButton>
      </form>
    </section>
  );
}

function ActivityPage({
  organisationId,
  before,
  onMore,
}: {
  organisationId: string;
  before: string | null;
  onMore: (before: string) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [{ data, fetching, error }] = useQuery({ query: ActivityQuery, variables: { id: organisationId, before } });
  const entries = data?.organisationActivity ?? [];
  const last = entries.at(-1);
  return (
    <>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {before === null && data && entries.length === 0 && <Paragraph>{t('adminOrg.activity.none')}</Paragraph>}
      <ul className="plain-list activity-list">
        {entries.map((a) => {
          const what = isActivityType(a.type)
            ? t(`activityType.${a.type}`)
            : t('adminOrg.activity.other', { type: a.type });
          // Named by the procurement's title and the group's name; the plain words where a name is
          // missing (a removed procurement or group).
          const procurementLink =
            a.groupId && a.procurementId ? `/groups/${a.groupId}/procurements/${a.procurementId}` : null;
          return (
            <li key={a.id} className="activity-item">
              <time dateTime={a.createdAt} className="small muted">
                {f.dateTime(a.createdAt)}
              </time>
              <span>
                <strong>{a.actor?.displayName ?? t('adminOrg.activity.removedUser')}</strong> {what}
                {procurementLink && (
                  <>
                    {' · '}
                    <RouterLink to={procurementLink}>
                      {a.procurementTitle ?? t('adminOrg.activity.openProcurement')}
                    </RouterLink>
                  </>
                )}
                {a.groupId && (
                  <>
                    {' · '}
                    {a.procurementId && a.groupName && <>{t('adminOrg.activity.inGroup')} </>}
                    <RouterLink to={`/groups/${a.groupId}`}>
                      {a.groupName ?? t('adminOrg.activity.openGroup')}
                    </RouterLink>
                  </>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      {last && entries.length >= 30 && (
        <div>
          <Button variant="secondary" data-size="sm" onClick={() => onMore(last.id)}>
            {t('adminOrg.activity.older')}
          </Button>
        </div>
      )}
    </>
  );
}

function Activity({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const [pages, setPages] = useState<(string | null)[]>([null]);
  return (
    <section aria-labelledby="activity-heading" className="stack">
      <Heading level={2} data-size="md" id="activity-heading">
        {t('adminOrg.activity.title')}
      </Heading>
      <Paragraph data-size="sm">{t('adminOrg.activity.intro')}</Paragraph>
      {pages.map((before) => (
        <ActivityPage
          key={before ?? ''}
          organisationId={organisationId}
          before={before}
          onMore={(id) => setPages((list) => (list.includes(id) ? list : [...list, id]))}
        />
      ))}
    </section>
  );
}

/**
 * /admin/organisation: an organisation's administrators approve new people, manage roles and
 * suspensions, decide how people join, and see who acted for the organisation. Platform admins
 * open any organisation with ?organisation=<id> (the approval mail links there too).
 */
export function AdminOrganisation() {
  const { t } = useTranslation();
  const viewer = useViewer()!;
  const [params] = useSearchParams();
  const organisationId = params.get('organisation') || viewer.organisation.id;
  const allowed = canAdminister(viewer, organisationId);
  const [{ data, fetching, error }] = useQuery({
    query: OrganisationQuery,
    variables: { id: organisationId },
    pause: !allowed,
  });
  // Approving someone changes the people list: both pages of data are asked for again.
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((n) => n + 1);
  const organisation = data?.organisation;
  usePageTitle(organisation ? t('adminOrg.title', { organisation: organisation.name }) : t('adminOrg.heading'));

  if (!allowed) return <NotAllowed title={t('adminOrg.heading')} text={t('adminOrg.notAllowed')} />;

  return (
    <div className="stack-lg admin-page">
      <div className="stack-sm">
        {viewer.isAdmin && (
          <Paragraph data-size="sm">
            <RouterLink to="/admin/platform">{t('adminOrg.backToPlatform')}</RouterLink>
          </Paragraph>
        )}
        <Paragraph data-size="sm" className="muted">
          {t('adminOrg.heading')}
        </Paragraph>
        <Heading level={1} data-size="lg">
          {organisation?.name ?? t('adminOrg.heading')}
        </Heading>
        {organisation && (
          <Paragraph data-size="sm">
            {t(`organisationKind.${organisation.kind}`)} · {t(`country.${organisation.country}`)} ·{' '}
            {t('adminOrg.number', { number: organisation.organisationNumber })}
            {organisation.municipalityCode
              ? ` · ${t('adminOrg.municipality', { code: organisation.municipalityCode })}`
              : ''}
          </Paragraph>
        )}
      </div>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {organisation && (
        <>
          <ApprovalQueue organisationId={organisation.id} onChange={changed} />
          <People organisationId={organisation.id} viewerId={viewer.id} refreshKey={changes} onChange={changed} />
          <AccessSettings key={organisation.id} organisation={organisation} platformAdmin={viewer.isAdmin} />
          {viewer.isAdmin && <PlatformTools key={organisation.id} organisation={organisation} onChange={changed} />}
          <Activity organisationId={organisation.id} />
        </>
      )}
    </div>
  );
}
