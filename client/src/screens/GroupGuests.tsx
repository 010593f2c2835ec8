import { Button, Details, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ConfirmAction, SubmitButton } from '../components/Actions';
import { ErrorAlert, LiveStatus, Loading, ProblemAlert, useChangeErrorText } from '../components/Feedback';
import { PersonListItem } from '../components/Lists';
import { isGuestOrganisation, useGuestUntil } from '../components/Guest';
import { errorCode, fieldProblems } from '../lib/errors';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { dayFromToday, DEFAULT_GUEST_DAYS, guestEndsAt, localDay, MAX_GUEST_DAYS } from '../lib/guest';
import { useCoalesced } from '../lib/live';
import { useGroup, useGroupListener } from './GroupShell';

const GUEST_FIELDS = `id endsAt note createdAt revokedAt active
  user { id displayName email organisation { id name kind } }
  invitedBy { id displayName }`;

const GuestsQuery = graphql(`
  query GroupGuests($id: ID!) { buyerGroup(id: $id) { id guests { ${GUEST_FIELDS} } } }
`);
const InviteGuest = graphql(`
  mutation InviteGuest($input: InviteGuestInput!) { inviteGuest(input: $input) { ${GUEST_FIELDS} } }
`);
const SetGuestEndDate = graphql(`
  mutation SetGuestEndDate($id: ID!, $endsAt: DateTimeISO!) { setGuestEndDate(id: $id, endsAt: $endsAt) { ${GUEST_FIELDS} } }
`);
const RevokeGuest = graphql(`
  mutation RevokeGuest($id: ID!) { revokeGuest(id: $id) { ${GUEST_FIELDS} } }
`);

type Guest = ResultOf<typeof GuestsQuery>['buyerGroup']['guests'][number];
type GuestState = 'active' | 'ended' | 'revoked';

const stateOf = (g: Guest): GuestState => (g.revokedAt ? 'revoked' : g.active ? 'active' : 'ended');

/** The end-date rules of the API (`future`, `maxDays`) in words, for the field they concern. */
function useEndDateText() {
  const { t } = useTranslation();
  return (rule: string | undefined) =>
    rule === 'future' ? t('guests.errors.future') : rule === 'maxDays' ? t('guests.errors.maxDays') : undefined;
}

/** A failed change to a guest, in words: the states this list runs into, else the plain text. */
function useGuestErrorText() {
  const { t } = useTranslation();
  return useChangeErrorText({ invalidState: t('guests.errors.revoked'), forbidden: t('guests.errors.forbidden') });
}

/** The date field's bounds: from today to the last whole day the server accepts. */
const dateBounds = () => ({ min: dayFromToday(0), max: dayFromToday(MAX_GUEST_DAYS) });

/** Checked before sending, so the coordinator learns the rule beside the field. */
function localEndProblem(day: string): 'required' | 'future' | 'maxDays' | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return 'required';
  const { min, max } = dateBounds();
  if (day < min) return 'future';
  if (day > max) return 'maxDays';
  return undefined;
}

/** One guest: who, from where, until when, who invited them and why, and a coordinator's changes. */
function GuestItem({ guest, canManage, onChange }: { guest: Guest; canManage: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const until = useGuestUntil();
  const endDateText = useEndDateText();
  const errorText = useGuestErrorText();
  const [mode, setMode] = useState<'view' | 'date' | 'revoke'>('view');
  const [day, setDay] = useState(() => localDay(guest.endsAt));
  const [dayError, setDayError] = useState<string>();
  const [status, setStatus] = useState('');
  const [changed, setEnd] = useMutation(SetGuestEndDate);
  const [revoked, revoke] = useMutation(RevokeGuest);
  const name = guest.user.displayName;
  const state = stateOf(guest);
  const organisation = guest.user.organisation;
  // An end date the server refused is said beside the field instead.
  const failure = dayError ? revoked.error : (changed.error ?? revoked.error);

  const submitDate = async (e: FormEvent) => {
    e.preventDefault();
    setStatus('');
    const local = localEndProblem(day);
    if (local) return setDayError(local === 'required' ? t('common.required') : endDateText(local));
    setDayError(undefined);
    const r = await setEnd({ id: guest.id, endsAt: guestEndsAt(day) });
    if (!r.error && r.data) {
      setMode('view');
      setStatus(t('guests.endChanged', { name, date: until(r.data.setGuestEndDate.endsAt) }));
      onChange();
      return;
    }
    const problem = fieldProblems(r.error).find((p) => p.field === 'endsAt');
    if (problem) setDayError(endDateText(problem.rule) ?? problem.message);
    else if (errorCode(r.error) === 'INVALID_STATE') onChange();
  };

  const doRevoke = async () => {
    setStatus('');
    const r = await revoke({ id: guest.id });
    setMode('view');
    if (!r.error) setStatus(t('guests.ended', { name }));
    onChange();
  };

  return (
    <PersonListItem
      className="guest-item"
      name={name}
      mark={
        <Tag data-size="sm" data-color={state === 'active' ? 'success' : state === 'revoked' ? 'danger' : 'neutral'}>
          {t(`guests.state.${state}`)}
        </Tag>
      }
      details={
        <>
          <span className="small">
            {isGuestOrganisation(organisation)
              ? t('guests.affiliation', { affiliation: organisation.name })
              : t('guests.organisation', { organisation: organisation.name })}
          </span>
          {canManage && <span className="small break-anywhere">{guest.user.email}</span>}
          <span className="small">
            {state === 'revoked' && guest.revokedAt
              ? t('guests.revokedOn', { date: f.dateTime(guest.revokedAt) })
              : state === 'ended'
                ? t('guests.endedOn', { date: until(guest.endsAt) })
                : t('guests.until', { date: until(guest.endsAt) })}
          </span>
          <span className="small muted">
            {guest.invitedBy
              ? t('guests.invitedBy', { name: guest.invitedBy.displayName, date: f.date(guest.createdAt) })
              : t('guests.invitedOn', { date: f.date(guest.createdAt) })}
          </span>
          {guest.note && <Paragraph data-size="sm">“{guest.note}”</Paragraph>}
        </>
      }
      problem={errorText(failure)}
      status={status}
    >
      {canManage && state !== 'revoked' && mode === 'view' && (
        <div className="row">
          <Button data-size="sm" variant="secondary" onClick={() => setMode('date')}>
            {t('guests.changeEnd', { name })}
          </Button>
          {state === 'active' && (
            <Button data-size="sm" variant="tertiary" data-color="danger" onClick={() => setMode('revoke')}>
              {t('guests.endNow', { name })}
            </Button>
          )}
        </div>
      )}
      {mode === 'date' && (
        <form onSubmit={submitDate} className="row align-end guest-date-form" noValidate>
          <Textfield
            label={t('guests.newEnd', { name })}
            type="date"
            value={day}
            {...dateBounds()}
            onChange={(e) => setDay(e.target.value)}
            error={dayError}
            required
            autoFocus
          />
          <Button type="submit" data-size="sm" loading={changed.fetching}>
            {t('guests.saveEnd')}
          </Button>
          <Button
            type="button"
            data-size="sm"
            variant="tertiary"
            onClick={() => {
              setMode('view');
              setDayError(undefined);
            }}
          >
            {t('common.cancel')}
          </Button>
        </form>
      )}
      {mode === 'revoke' && (
        <ConfirmAction
          question={t('guests.confirmEnd', { name })}
          confirmLabel={t('guests.confirmEndButton', { name })}
          loading={revoked.fetching}
          onConfirm={doRevoke}
          onCancel={() => setMode('view')}
        />
      )}
    </PersonListItem>
  );
}

interface InviteErrors {
  email?: string;
  displayName?: string;
  affiliation?: string;
  endsAt?: string;
  note?: string;
  form?: string;
}

/** A coordinator invites one person until an end date (90 days unless changed). */
function InviteGuestForm({ groupId, onDone }: { groupId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const until = useGuestUntil();
  const endDateText = useEndDateText();
  const errorText = useGuestErrorText();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [affiliation, setAffiliation] = useState('');
  const [day, setDay] = useState(() => dayFromToday(DEFAULT_GUEST_DAYS));
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<InviteErrors>({});
  const [status, setStatus] = useState('');
  const [invited, invite] = useMutation(InviteGuest);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus('');
    const local: InviteErrors = {};
    if (!email.trim()) local.email = t('common.required');
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) local.email = t('guests.errors.email');
    if (!displayName.trim()) local.displayName = t('common.required');
    const endProblem = localEndProblem(day);
    if (endProblem) local.endsAt = endProblem === 'required' ? t('common.required') : endDateText(endProblem);
    setErrors(local);
    if (Object.keys(local).length) return;
    const r = await invite({
      input: {
        groupId,
        email: email.trim(),
        displayName: displayName.trim(),
        affiliation: affiliation.trim() || null,
        endsAt: guestEndsAt(day),
        note: note.trim() || null,
      },
    });
    if (!r.error && r.data) {
      const g = r.data.inviteGuest;
      setStatus(t('guests.invite.invited', { name: g.user.displayName, date: until(g.endsAt) }));
      setEmail('');
      setDisplayName('');
      setAffiliation('');
      setNote('');
      setDay(dayFromToday(DEFAULT_GUEST_DAYS));
      onDone();
      return;
    }
    // Each refusal beside the field it concerns; the rest above the button.
    const code = errorCode(r.error);
    if (code === 'CONFLICT') return setErrors({ email: t('guests.errors.alreadyGuest') });
    const problems = fieldProblems(r.error);
    if (problems.length) {
      const next: InviteErrors = {};
      for (const p of problems) {
        if (p.field === 'email')
          next.email ??= p.rule === 'alreadyMember' ? t('guests.errors.alreadyMember') : t('guests.errors.email');
        else if (p.field === 'endsAt') next.endsAt ??= endDateText(p.rule) ?? p.message;
        else if (p.field === 'displayName')
          next.displayName ??= p.rule === 'maxLength' ? p.message : t('common.required');
        else if (p.field === 'affiliation' || p.field === 'note') next[p.field] ??= p.message;
        else next.form ??= p.message;
      }
      return setErrors(next);
    }
    setErrors({ form: errorText(r.error) });
  };

  return (
    <section aria-labelledby="invite-guest-heading" className="stack panel">
      <Heading level={3} data-size="xs" id="invite-guest-heading">
        {t('guests.invite.title')}
      </Heading>
      <Paragraph data-size="sm">{t('guests.invite.intro')}</Paragraph>
      <form onSubmit={submit} className="stack" noValidate>
        <div className="row align-start">
          <Textfield
            label={t('guests.invite.email')}
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.email}
            required
          />
          <Textfield
            label={t('guests.invite.name')}
            description={t('guests.invite.nameHelp')}
            autoComplete="off"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            error={errors.displayName}
            required
          />
        </div>
        <div className="row align-start">
          <Textfield
            label={t('guests.invite.affiliation')}
            description={t('guests.invite.affiliationHelp')}
            value={affiliation}
            onChange={(e) => setAffiliation(e.target.value)}
            error={errors.affiliation}
          />
          <Textfield
            label={t('guests.invite.endsAt')}
            description={t('guests.invite.endsAtHelp')}
            type="date"
            value={day}
            {...dateBounds()}
            onChange={(e) => setDay(e.target.value)}
            error={errors.endsAt}
            required
          />
        </div>
        <Textfield
          label={t('guests.invite.note')}
          description={t('guests.invite.noteHelp')}
          multiline
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={errors.note}
        />
        <ProblemAlert text={errors.form} />
        <LiveStatus>{status}</LiveStatus>
        <SubmitButton loading={invited.fetching}>{t('guests.invite.submit')}</SubmitButton>
      </form>
    </section>
  );
}

/**
 * The group's guests: people invited one by one until an end date, who read and write in this
 * group and act for no organisation. Coordinators invite them, move the end date and end access.
 */
export function GuestsSection() {
  const { t } = useTranslation();
  const { group, isCoordinator } = useGroup();
  const [{ data, fetching, error }, refetch] = useQuery({ query: GuestsQuery, variables: { id: group.id } });
  const refresh = useCoalesced(() => refetch({ requestPolicy: 'network-only' }));
  useGroupListener((e) => {
    if (e.type === 'guest.changed' || e.type === 'resync') refresh();
  });
  const guests = data?.buyerGroup.guests ?? [];
  const current = guests.filter((g) => g.active);
  const former = guests.filter((g) => !g.active);
  // Members who are no coordinators see the guests only when there are any.
  if (!isCoordinator && data && guests.length === 0) return null;

  return (
    <section aria-labelledby="guests-heading" className="stack">
      <Heading level={2} data-size="sm" id="guests-heading">
        {t('guests.title', { count: current.length })}
      </Heading>
      <Paragraph data-size="sm">{t('guests.intro')}</Paragraph>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {data && current.length === 0 && <Paragraph data-size="sm">{t('guests.none')}</Paragraph>}
      {current.length > 0 && (
        <ul className="plain-list stack-sm" aria-label={t('guests.currentList')}>
          {current.map((g) => (
            <GuestItem key={g.id} guest={g} canManage={isCoordinator} onChange={refresh} />
          ))}
        </ul>
      )}
      {former.length > 0 && (
        <Details>
          <Details.Summary>{t('guests.former', { count: former.length })}</Details.Summary>
          <Details.Content>
            <ul className="plain-list stack-sm" aria-label={t('guests.formerList')}>
              {former.map((g) => (
                <GuestItem key={g.id} guest={g} canManage={isCoordinator} onChange={refresh} />
              ))}
            </ul>
          </Details.Content>
        </Details>
      )}
      {isCoordinator && <InviteGuestForm groupId={group.id} onDone={refresh} />}
    </section>
  );
}
