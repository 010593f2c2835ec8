import { Alert, Button, Heading, Paragraph, Search, Table, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { Markdown } from '../components/Markdown';
import { SelectField } from '../components/SelectField';
import { ROLES } from '../lib/enums';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { useCoalesced } from '../lib/live';
import { GuestsSection } from './GroupGuests';
import { ApproveJoinRequest, DeclineJoinRequest } from './Home';
import { useGroup, useGroupListener } from './GroupShell';

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

const Invite = graphql(`
  mutation InviteOrganisation($input: InviteOrganisationInput!) {
    inviteOrganisation(input: $input) {
      id
      status
      role
    }
  }
`);
const RemoveMember = graphql(`
  mutation RemoveMember($input: MemberInput!) {
    removeMember(input: $input) {
      id
      status
    }
  }
`);
const ChangeRole = graphql(`
  mutation ChangeMemberRole($input: ChangeMemberRoleInput!) {
    changeMemberRole(input: $input) {
      id
      role
    }
  }
`);
const AcceptInvitation = graphql(`
  mutation AcceptGroupInvitation($groupId: ID!) {
    acceptInvitation(groupId: $groupId) {
      id
      status
      role
    }
  }
`);
const DeclineInvitation = graphql(`
  mutation DeclineGroupInvitation($groupId: ID!) {
    declineInvitation(groupId: $groupId) {
      id
      status
    }
  }
`);
const RequestToJoin = graphql(`
  mutation RequestToJoin($input: RequestToJoinInput!) {
    requestToJoin(input: $input) {
      id
      status
    }
  }
`);
const LeaveGroup = graphql(`
  mutation LeaveGroup($groupId: ID!) {
    leaveGroup(groupId: $groupId) {
      id
      status
    }
  }
`);

type Role = (typeof ROLES)[number];

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
  const candidates = (data?.organisations.nodes ?? []).filter((o) => o.kind !== 'SUPPLIER' && !exclude.has(o.id));

  return (
    <section aria-labelledby="invite-heading" className="stack panel">
      <Heading level={3} data-size="xs" id="invite-heading">
        {t('members.inviteTitle')}
      </Heading>
      <Search>
        <Search.Input
          aria-label={t('members.searchOrganisation')}
          placeholder={t('members.searchOrganisation')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Search.Clear onClick={() => setSearch('')} />
      </Search>
      <div className="row">
        <SelectField
          label={t('members.role')}
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
        <Textfield label={t('members.inviteMessage')} value={message} onChange={(e) => setMessage(e.target.value)} />
      </div>
      <ErrorAlert error={invited.error} />
      <div role="status" aria-live="polite">
        {status}
      </div>
      {fetching && <Loading />}
      {search.trim().length >= 2 && !fetching && candidates.length === 0 && (
        <Paragraph data-size="sm">{t('members.noCandidates')}</Paragraph>
      )}
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
    </section>
  );
}

/** The group's first screen: description, members, invitations and join requests. */
export function GroupMembers() {
  const { t } = useTranslation();
  const f = useFormat();
  const { group, isMember, isCoordinator, isGuest, refetch: refetchShell } = useGroup();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MembersQuery, variables: { id: group.id } });
  const refresh = useCoalesced(() => {
    refetch({ requestPolicy: 'network-only' });
    refetchShell();
  });
  useGroupListener((e) => {
    if (e.type.startsWith('membership.') || e.type === 'resync') refresh();
  });
  const [accept, acceptInvitation] = useMutation(AcceptInvitation);
  const [decline, declineInvitation] = useMutation(DeclineInvitation);
  const [requested, requestToJoin] = useMutation(RequestToJoin);
  const [left, leaveGroup] = useMutation(LeaveGroup);
  const [approved, approve] = useMutation(ApproveJoinRequest);
  const [declinedReq, declineRequest] = useMutation(DeclineJoinRequest);
  const [removed, removeMember] = useMutation(RemoveMember);
  const [changed, changeRole] = useMutation(ChangeRole);
  const [joinMessage, setJoinMessage] = useState('');
  const [confirmLeave, setConfirmLeave] = useState(false);

  const membership = group.viewerMembership;
  const memberships = data?.buyerGroup.memberships.nodes ?? [];
  const active = memberships.filter((m) => m.status === 'ACTIVE');
  const invitedOrgs = memberships.filter((m) => m.status === 'INVITED');
  const requests = memberships.filter((m) => m.status === 'REQUESTED');
  const mutationError =
    accept.error ??
    decline.error ??
    requested.error ??
    left.error ??
    approved.error ??
    declinedReq.error ??
    removed.error ??
    changed.error;

  const submitJoin = async (e: FormEvent) => {
    e.preventDefault();
    await requestToJoin({ input: { groupId: group.id, message: joinMessage.trim() || null } });
    refresh();
  };

  return (
    <div className="stack-lg">
      <ErrorAlert error={mutationError} />
      {membership?.status === 'INVITED' && (
        <Alert data-color="info">
          <Heading level={2} data-size="xs">
            {t('members.youAreInvited', { role: t(`role.${membership.role}`) })}
          </Heading>
          {membership.message && <Paragraph>“{membership.message}”</Paragraph>}
          <div className="row">
            <Button
              onClick={async () => {
                await acceptInvitation({ groupId: group.id });
                refresh();
              }}
            >
              {t('members.acceptInvitation')}
            </Button>
            <Button
              variant="secondary"
              onClick={async () => {
                await declineInvitation({ groupId: group.id });
                refresh();
              }}
            >
              {t('members.declineInvitation')}
            </Button>
          </div>
        </Alert>
      )}
      {membership?.status === 'REQUESTED' && (
        <Alert data-color="info">
          <Paragraph>{t('members.requestPending')}</Paragraph>
          <Button
            variant="secondary"
            data-size="sm"
            onClick={async () => {
              await leaveGroup({ groupId: group.id });
              refresh();
            }}
          >
            {t('members.withdrawRequest')}
          </Button>
        </Alert>
      )}
      {(!membership || membership.status === 'LEFT') && group.visibility === 'LISTED' && (
        <form onSubmit={submitJoin} className="stack panel">
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
          <div>
            <Button type="submit" loading={requested.fetching}>
              {t('members.sendRequest')}
            </Button>
          </div>
        </form>
      )}

      {group.description && (
        <section aria-labelledby="about-heading">
          <Heading level={2} data-size="sm" id="about-heading">
            {t('group.about')}
          </Heading>
          <Markdown>{group.description}</Markdown>
          {group.cpvCodes.length > 0 && (
            <Paragraph data-size="sm">
              {t('group.cpv')}: {group.cpvCodes.join(', ')}
            </Paragraph>
          )}
        </section>
      )}

      <section aria-labelledby="members-heading" className="stack">
        <Heading level={2} data-size="sm" id="members-heading">
          {t('members.title', { count: active.length })}
        </Heading>
        <ErrorAlert error={error} />
        {!data && fetching && <Loading />}
        {data && (
          <Table data-size="sm" zebra>
            <caption className="visually-hidden">{t('members.tableCaption')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('members.organisation')}</Table.HeaderCell>
                <Table.HeaderCell>{t('members.role')}</Table.HeaderCell>
                <Table.HeaderCell>{t('members.since')}</Table.HeaderCell>
                {isCoordinator && <Table.HeaderCell>{t('common.actions')}</Table.HeaderCell>}
              </Table.Row>
            </Table.Head>
            <Table.Body>
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
                        onChange={(e) =>
                          void changeRole({
                            input: {
                              groupId: group.id,
                              organisationId: m.organisation.id,
                              role: e.target.value as Role,
                            },
                          }).then(refresh)
                        }
                        options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
                      />
                    ) : (
                      t(`role.${m.role}`)
                    )}
                  </Table.Cell>
                  <Table.Cell>{m.joinedAt ? f.date(m.joinedAt) : '–'}</Table.Cell>
                  {isCoordinator && (
                    <Table.Cell>
                      <Button
                        data-size="sm"
                        variant="tertiary"
                        onClick={() =>
                          void removeMember({ input: { groupId: group.id, organisationId: m.organisation.id } }).then(
                            refresh,
                          )
                        }
                      >
                        {t('members.remove', { organisation: m.organisation.name })}
                      </Button>
                    </Table.Cell>
                  )}
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </section>

      {isMember && (invitedOrgs.length > 0 || requests.length > 0) && (
        <section aria-labelledby="pending-heading" className="stack">
          <Heading level={2} data-size="sm" id="pending-heading">
            {t('members.pending')}
          </Heading>
          <ul className="plain-list stack-sm">
            {invitedOrgs.map((m) => (
              <li key={m.id} className="row spread task">
                <span>
                  {t('members.invitedLine', { organisation: m.organisation.name, role: t(`role.${m.role}`) })}{' '}
                  <span className="muted">{f.date(m.createdAt)}</span>
                </span>
                {isCoordinator && (
                  <Button
                    data-size="sm"
                    variant="tertiary"
                    onClick={() =>
                      void removeMember({ input: { groupId: group.id, organisationId: m.organisation.id } }).then(
                        refresh,
                      )
                    }
                  >
                    {t('members.withdrawInvitation', { organisation: m.organisation.name })}
                  </Button>
                )}
              </li>
            ))}
            {requests.map((m) => (
              <li key={m.id} className="stack-sm task">
                <span>
                  {t('members.requestLine', { organisation: m.organisation.name })}{' '}
                  <span className="muted">{f.date(m.createdAt)}</span>
                </span>
                {m.message && <Paragraph data-size="sm">“{m.message}”</Paragraph>}
                {isCoordinator && (
                  <div className="row">
                    <Button
                      data-size="sm"
                      onClick={() =>
                        void approve({
                          input: { groupId: group.id, organisationId: m.organisation.id, role: 'MEMBER' },
                        }).then(refresh)
                      }
                    >
                      {t('members.approve', { organisation: m.organisation.name })}
                    </Button>
                    <Button
                      data-size="sm"
                      variant="secondary"
                      onClick={() =>
                        void declineRequest({ input: { groupId: group.id, organisationId: m.organisation.id } }).then(
                          refresh,
                        )
                      }
                    >
                      {t('members.declineRequest', { organisation: m.organisation.name })}
                    </Button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {isCoordinator && (
        <InviteForm groupId={group.id} exclude={new Set(memberships.map((m) => m.organisation.id))} onDone={refresh} />
      )}

      {isMember && <GuestsSection />}

      {/* A guest's place ends with its end date or a coordinator; leaving is the organisation's. */}
      {isMember && !isGuest && (
        <div className="row">
          {confirmLeave ? (
            <>
              <Paragraph>{t('members.confirmLeave')}</Paragraph>
              <Button
                data-color="danger"
                data-size="sm"
                onClick={async () => {
                  await leaveGroup({ groupId: group.id });
                  setConfirmLeave(false);
                  refresh();
                }}
              >
                {t('members.leaveConfirm')}
              </Button>
              <Button variant="secondary" data-size="sm" onClick={() => setConfirmLeave(false)}>
                {t('common.cancel')}
              </Button>
            </>
          ) : (
            <Button variant="tertiary" data-size="sm" onClick={() => setConfirmLeave(true)}>
              {t('members.leave')}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
