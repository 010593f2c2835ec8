import { Alert, Button, Heading, Paragraph, Table, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ConfirmAction } from '../components/Actions';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { DataTable } from '../components/DataTable';
import { ErrorAlert, LiveStatus, QueryState } from '../components/Feedback';
import { Form } from '../components/Form';
import { SearchField } from '../components/Lists';
import { Markdown } from '../components/Markdown';
import { Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { ROLES } from '../lib/enums';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { GuestsSection } from './GroupGuests';
import { AcceptInvitation, DeclineInvitation, JoinRequestActions, MEMBERSHIP_RESULT } from './Home';
import { useGroup, useGroupRefetch } from './GroupShell';
import { GroupStatusNote } from './GroupStatus';
import { CpvCodes } from '../components/CpvCodes';

const MembersQuery = graphql(`
  query GroupMembers($id: ID!) {
    buyerGroup(id: $id) {
      id
      memberships(first: 100, status: [ACTIVE, INVITED, REQUESTED]) {
        nodes {
          id
          role
          status
          message
          joinedAt
          createdAt
          organisation {
            id
            name
            kind
            country
          }
        }
      }
    }
  }
`);

const Invite = graphql(
  `mutation InviteOrganisation($input: InviteOrganisationInput!) { inviteOrganisation(input: $input) { ${MEMBERSHIP_RESULT} } }`,
);

const OrganisationsQuery = graphql(`
  query InviteCandidates($search: String!) {
    organisations(search: $search, first: 10) {
      nodes {
        id
        name
        kind
        country
        organisationNumber
      }
    }
  }
`);

const RequestToJoin = graphql(
  `mutation RequestToJoin($input: RequestToJoinInput!) { requestToJoin(input: $input) { ${MEMBERSHIP_RESULT} } }`,
);

const LeaveGroup = graphql(
  `mutation LeaveGroup($groupId: ID!) { leaveGroup(groupId: $groupId) { ${MEMBERSHIP_RESULT} } }`,
);

const RemoveMember = graphql(
  `mutation RemoveMember($input: MemberInput!) { removeMember(input: $input) { ${MEMBERSHIP_RESULT} } }`,
);

const ChangeRole = graphql(
  `mutation ChangeMemberRole($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { ${MEMBERSHIP_RESULT} } }`,
);

type Role = (typeof ROLES)[number];
type Membership = ResultOf<typeof MembersQuery>['buyerGroup']['memberships']['nodes'][number];

/** The roles to choose from, in words. */
function useRoleOptions() {
  const { t } = useTranslation();
  return ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
}

function InviteForm({ groupId, exclude, onDone }: { groupId: string; exclude: Set<string>; onDone: () => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role>('MEMBER');
  const [message, setMessage] = useState('');
  const [{ data, fetching }] = useQuery({
    query: OrganisationsQuery,
    variables: { search: search.trim() },
    pause: search.trim().length < 2,
  });
  const [invited, invite] = useMutation(Invite);
  const [status, setStatus] = useState('');
  const roleOptions = useRoleOptions();
  const candidates = (data?.organisations.nodes ?? []).filter((o) => o.kind !== 'SUPPLIER' && !exclude.has(o.id));

  return (
    <Section headingId="invite-heading" title={t('members.inviteTitle')} level={3} size="xs" className="stack panel">
      <SearchField label={t('members.searchOrganisation')} value={search} onChange={setSearch} />
      <div className="row">
        <SelectField
          label={t('members.role')}
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          options={roleOptions}
        />
        <Textfield label={t('members.inviteMessage')} value={message} onChange={(e) => setMessage(e.target.value)} />
      </div>
      <QueryState
        error={invited.error}
        loading={fetching}
        empty={search.trim().length >= 2 && !fetching && candidates.length === 0 && t('members.noCandidates')}
        size="sm"
      />
      <LiveStatus>{status}</LiveStatus>
      <ul className="plain-list stack-sm" aria-label={t('members.candidates')}>
        {candidates.map((o) => (
          <li key={o.id} className="row spread">
            <span>
              {o.name} <span className="muted">({o.organisationNumber})</span>
            </span>
            <Button
              data-size="sm"
              variant="secondary"
              onClick={async () => {
                const r = await invite({
                  input: { groupId, organisationId: o.id, role, message: message.trim() || null },
                });
                if (!r.error) {
                  setStatus(t('members.invited', { organisation: o.name }));
                  setSearch('');
                  onDone();
                }
              }}
            >
              {t('members.invite', { organisation: o.name })}
            </Button>
          </li>
        ))}
      </ul>
    </Section>
  );
}

/**
 * Where the viewer's own organisation stands: an invitation to answer, a request to withdraw, or
 * a request to join a listed group.
 */
function OwnMembership({ onChange }: { onChange: () => void }) {
  const { t } = useTranslation();
  const { group } = useGroup();
  const [accept, acceptInvitation] = useMutation(AcceptInvitation);
  const [decline, declineInvitation] = useMutation(DeclineInvitation);
  const [requested, requestToJoin] = useMutation(RequestToJoin);
  const [left, leaveGroup] = useMutation(LeaveGroup);
  const [joinMessage, setJoinMessage] = useState('');
  const membership = group.viewerMembership;
  const groupId = group.id;
  const then = (change: Promise<unknown>) => void change.then(onChange);

  return (
    <>
      <ErrorAlert error={accept.error ?? decline.error ?? requested.error ?? left.error} />
      {membership?.status === 'INVITED' && (
        <Alert data-color="info">
          <Heading level={2} data-size="xs">
            {t('members.youAreInvited', { role: t(`role.${membership.role}`) })}
          </Heading>
          {membership.message && <Paragraph>“{membership.message}”</Paragraph>}
          <div className="row">
            <Button onClick={() => then(acceptInvitation({ groupId }))}>{t('members.acceptInvitation')}</Button>
            <Button variant="secondary" onClick={() => then(declineInvitation({ groupId }))}>
              {t('members.declineInvitation')}
            </Button>
          </div>
        </Alert>
      )}
      {membership?.status === 'REQUESTED' && (
        <Alert data-color="info">
          <Paragraph>{t('members.requestPending')}</Paragraph>
          <Button variant="secondary" data-size="sm" onClick={() => then(leaveGroup({ groupId }))}>
            {t('members.withdrawRequest')}
          </Button>
        </Alert>
      )}
      {(!membership || membership.status === 'LEFT') && group.visibility === 'LISTED' && (
        <Form
          onSubmit={() => then(requestToJoin({ input: { groupId, message: joinMessage.trim() || null } }))}
          className="stack panel"
          submitLabel={t('members.sendRequest')}
          busy={requested.fetching}
        >
          <Heading level={2} data-size="xs">
            {t('members.askToJoin')}
          </Heading>
          <Textfield
            label={t('members.joinMessage')}
            multiline
            rows={2}
            value={joinMessage}
            onChange={(e) => setJoinMessage(e.target.value)}
          />
        </Form>
      )}
    </>
  );
}

/** The viewer's organisation leaves the group, once confirmed. */
function LeaveGroupButton({ onChange }: { onChange: () => void }) {
  const { t } = useTranslation();
  const { group } = useGroup();
  const [left, leaveGroup] = useMutation(LeaveGroup);
  const [confirmLeave, setConfirmLeave] = useState(false);
  return (
    <div className="row">
      <ErrorAlert error={left.error} />
      {confirmLeave ? (
        <ConfirmAction
          question={t('members.confirmLeave')}
          confirmLabel={t('members.leaveConfirm')}
          loading={left.fetching}
          onConfirm={async () => {
            await leaveGroup({ groupId: group.id });
            setConfirmLeave(false);
            onChange();
          }}
          onCancel={() => setConfirmLeave(false)}
        />
      ) : (
        <Button variant="tertiary" data-size="sm" onClick={() => setConfirmLeave(true)}>
          {t('members.leave')}
        </Button>
      )}
    </div>
  );
}

/** The changes a coordinator makes to another organisation's membership, and what failed. */
function useMemberChanges(onChange: () => void) {
  const { group } = useGroup();
  const [removed, remove] = useMutation(RemoveMember);
  const [changed, changeRole] = useMutation(ChangeRole);
  const member = (m: Membership) => ({ groupId: group.id, organisationId: m.organisation.id });
  const then = (change: Promise<unknown>) => void change.then(onChange);
  return {
    error: removed.error ?? changed.error,
    remove: (m: Membership) => then(remove({ input: member(m) })),
    changeRole: (m: Membership, role: Role) => then(changeRole({ input: { ...member(m), role } })),
  };
}

/**
 * The member organisations with their roles; coordinators change roles and remove members, each
 * after a dialog that says who and what (the role select shows the old role until confirmed).
 */
function MembersTable({ active, onChange }: { active: readonly Membership[]; onChange: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { group, isCoordinator } = useGroup();
  const changes = useMemberChanges(onChange);
  const roleOptions = useRoleOptions();
  const [removing, setRemoving] = useState<Membership | null>(null);
  const [changing, setChanging] = useState<{ m: Membership; role: Role } | null>(null);
  return (
    <>
      <ErrorAlert error={changes.error} />
      <ConfirmDialog
        open={removing !== null}
        title={t('confirm.removeTitle', { organisation: removing?.organisation.name ?? '' })}
        confirmLabel={t('members.remove', { organisation: removing?.organisation.name ?? '' })}
        danger
        onConfirm={() => {
          if (removing) changes.remove(removing);
          setRemoving(null);
        }}
        onCancel={() => setRemoving(null)}
      >
        {removing && (
          <>
            <dl className="preview facts">
              <dt>{t('members.organisation')}</dt>
              <dd>{removing.organisation.name}</dd>
              <dt>{t('members.role')}</dt>
              <dd>{t(`role.${removing.role}`)}</dd>
              <dt>{t('members.since')}</dt>
              <dd>{removing.joinedAt ? f.date(removing.joinedAt) : '–'}</dd>
            </dl>
            <Paragraph>
              {t('confirm.removeEffect', { organisation: removing.organisation.name, group: group.name })}
            </Paragraph>
          </>
        )}
      </ConfirmDialog>
      <ConfirmDialog
        open={changing !== null}
        title={t('confirm.roleTitle', { organisation: changing?.m.organisation.name ?? '' })}
        confirmLabel={t('confirm.roleConfirm', {
          organisation: changing?.m.organisation.name ?? '',
          role: changing ? t(`role.${changing.role}`) : '',
        })}
        onConfirm={() => {
          if (changing) changes.changeRole(changing.m, changing.role);
          setChanging(null);
        }}
        onCancel={() => setChanging(null)}
      >
        {changing && (
          <>
            <Paragraph>
              {t('confirm.roleChange', {
                organisation: changing.m.organisation.name,
                from: t(`role.${changing.m.role}`),
                to: t(`role.${changing.role}`),
              })}
            </Paragraph>
            <div className="preview stack-sm">
              <Paragraph data-size="sm">{t(`roleMeaning.${changing.role}`)}</Paragraph>
            </div>
          </>
        )}
      </ConfirmDialog>
      <DataTable
        caption={t('members.tableCaption')}
        columns={[
          t('members.organisation'),
          t('members.role'),
          t('members.since'),
          isCoordinator && t('common.actions'),
        ]}
      >
        {active.map((m) => (
          <Table.Row key={m.id}>
            <Table.Cell>{m.organisation.name}</Table.Cell>
            <Table.Cell>
              {isCoordinator ? (
                <SelectField
                  label={
                    <span className="visually-hidden">
                      {t('members.roleOf', { organisation: m.organisation.name })}
                    </span>
                  }
                  data-size="sm"
                  value={m.role}
                  onChange={(e) => setChanging({ m, role: e.target.value as Role })}
                  options={roleOptions}
                />
              ) : (
                t(`role.${m.role}`)
              )}
            </Table.Cell>
            <Table.Cell>{m.joinedAt ? f.date(m.joinedAt) : '–'}</Table.Cell>
            {isCoordinator && (
              <Table.Cell>
                <Button data-size="sm" variant="tertiary" onClick={() => setRemoving(m)}>
                  {t('members.remove', { organisation: m.organisation.name })}
                </Button>
              </Table.Cell>
            )}
          </Table.Row>
        ))}
      </DataTable>
    </>
  );
}

/** Organisations invited and asking to join; coordinators withdraw invitations and answer requests. */
function PendingMemberships({
  invited,
  requests,
  onChange,
}: {
  invited: readonly Membership[];
  requests: readonly Membership[];
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { group, isCoordinator } = useGroup();
  const changes = useMemberChanges(onChange);
  const since = (m: Membership) => <span className="muted">{f.date(m.createdAt)}</span>;
  return (
    <Section headingId="pending-heading" title={t('members.pending')} size="sm">
      <ErrorAlert error={changes.error} />
      <ul className="plain-list stack-sm">
        {invited.map((m) => (
          <li key={m.id} className="row spread task">
            <span>
              {t('members.invitedLine', { organisation: m.organisation.name, role: t(`role.${m.role}`) })} {since(m)}
            </span>
            {isCoordinator && (
              <Button data-size="sm" variant="tertiary" onClick={() => changes.remove(m)}>
                {t('members.withdrawInvitation', { organisation: m.organisation.name })}
              </Button>
            )}
          </li>
        ))}
        {requests.map((m) => (
          <li key={m.id} className="stack-sm task">
            <span>
              {t('members.requestLine', { organisation: m.organisation.name })} {since(m)}
            </span>
            {m.message && <Paragraph data-size="sm">“{m.message}”</Paragraph>}
            {isCoordinator && (
              <JoinRequestActions groupId={group.id} organisation={m.organisation} onChange={onChange} />
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** The group's first screen: description, members, invitations and join requests. */
export function GroupMembers() {
  const { t } = useTranslation();
  const { group, isMember, isCoordinator, isGuest, refetch: refetchShell } = useGroup();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MembersQuery, variables: { id: group.id } });
  const refreshMembers = useGroupRefetch(['memberships'], refetch);
  const refresh = () => {
    refreshMembers();
    refetchShell();
  };
  const memberships = data?.buyerGroup.memberships.nodes ?? [];
  const by = (status: string) => memberships.filter((m) => m.status === status);
  const active = by('ACTIVE');
  const invited = by('INVITED');
  const requests = by('REQUESTED');

  return (
    <div className="stack-lg">
      <OwnMembership onChange={refresh} />
      <GroupStatusNote />
      {group.description && (
        <Section headingId="about-heading" title={t('group.about')} size="sm" className="">
          <Markdown>{group.description}</Markdown>
          <CpvCodes cpv={group.cpv} label />
        </Section>
      )}
      <Section headingId="members-heading" title={t('members.title', { count: active.length })} size="sm">
        <QueryState error={error} loading={!data && fetching} />
        {data && <MembersTable active={active} onChange={refresh} />}
      </Section>
      {isMember && (invited.length > 0 || requests.length > 0) && (
        <PendingMemberships invited={invited} requests={requests} onChange={refresh} />
      )}
      {isCoordinator && (
        <InviteForm groupId={group.id} exclude={new Set(memberships.map((m) => m.organisation.id))} onDone={refresh} />
      )}
      {isMember && <GuestsSection />}
      {/* A guest's place ends with its end date or a coordinator; leaving is the organisation's. */}
      {isMember && !isGuest && <LeaveGroupButton onChange={refresh} />}
    </div>
  );
}
