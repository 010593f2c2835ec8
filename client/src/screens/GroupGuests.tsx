import { Button, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ConfirmAction } from '../components/Actions';
import { QueryState, useChangeErrorText } from '../components/Feedback';
import { Collapsible, Form } from '../components/Form';
import { PersonListItem } from '../components/Lists';
import { isGuestOrganisation, useGuestUntil } from '../components/Guest';
import { Section } from '../components/Section';
import { useErrorText } from '../lib/error-text';
import { errorCode, fieldProblems } from '../lib/errors';
import { useForm, type FieldErrors } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { dayFromToday, DEFAULT_GUEST_DAYS, guestEndsAt, localDay, MAX_GUEST_DAYS } from '../lib/guest';
import { useGroup, useGroupRefetch } from './GroupShell';

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
  const { problem: ruleWords } = useErrorText();
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

  const submitDate = async () => {
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
    if (problem) setDayError(endDateText(problem.rule) ?? ruleWords(problem));
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
        <Form
          onSubmit={submitDate}
          className="row align-end guest-date-form"
          submitLabel={t('guests.saveEnd')}
          busy={changed.fetching}
          size="sm"
          onCancel={() => {
            setMode('view');
            setDayError(undefined);
          }}
        >
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
        </Form>
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

/** A coordinator invites one person until an end date (90 days unless changed). */
function InviteGuestForm({ groupId, onDone }: { groupId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const until = useGuestUntil();
  const endDateText = useEndDateText();
  const errorText = useGuestErrorText();
  const { problem: ruleWords, sentence } = useErrorText();
  const form = useForm(() => ({
    email: '',
    displayName: '',
    affiliation: '',
    endsAt: dayFromToday(DEFAULT_GUEST_DAYS),
    note: '',
  }));
  const [status, setStatus] = useState('');
  const [invited, invite] = useMutation(InviteGuest);

  /** Each refusal beside the field it concerns; the rest above the button. */
  const refusals = (problems: ReturnType<typeof fieldProblems>): FieldErrors => {
    const next: FieldErrors = {};
    for (const p of problems) {
      if (p.field === 'email')
        next.email ??= p.rule === 'alreadyMember' ? t('guests.errors.alreadyMember') : t('guests.errors.email');
      else if (p.field === 'endsAt') next.endsAt ??= endDateText(p.rule) ?? ruleWords(p);
      else if (p.field === 'displayName')
        next.displayName ??= p.rule === 'maxLength' ? ruleWords(p) : t('common.required');
      else if (p.field === 'affiliation' || p.field === 'note') next[p.field] ??= ruleWords(p);
      else next.form ??= sentence(p);
    }
    return next;
  };

  const submit = async () => {
    setStatus('');
    const { email, displayName, affiliation, endsAt, note } = form.values;
    const endProblem = localEndProblem(endsAt);
    const found = {
      ...form.missing('email', 'displayName'),
      ...(email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()) && { email: t('guests.errors.email') }),
      endsAt: endProblem && (endProblem === 'required' ? t('common.required') : endDateText(endProblem)),
    };
    if (!form.check(found)) return;
    const r = await invite({
      input: {
        groupId,
        email: email.trim(),
        displayName: displayName.trim(),
        affiliation: affiliation.trim() || null,
        endsAt: guestEndsAt(endsAt),
        note: note.trim() || null,
      },
    });
    if (!r.error && r.data) {
      const g = r.data.inviteGuest;
      setStatus(t('guests.invite.invited', { name: g.user.displayName, date: until(g.endsAt) }));
      form.reset();
      onDone();
      return;
    }
    const problems = fieldProblems(r.error);
    if (errorCode(r.error) === 'CONFLICT') form.setErrors({ email: t('guests.errors.alreadyGuest') });
    else form.setErrors(problems.length ? refusals(problems) : { form: errorText(r.error) });
  };

  return (
    <Section
      headingId="invite-guest-heading"
      title={t('guests.invite.title')}
      level={3}
      size="xs"
      className="stack panel"
    >
      <Paragraph data-size="sm">{t('guests.invite.intro')}</Paragraph>
      <Form
        onSubmit={submit}
        problem={form.errors.form}
        status={status}
        submitLabel={t('guests.invite.submit')}
        busy={invited.fetching}
      >
        <div className="row align-start">
          <Textfield
            label={t('guests.invite.email')}
            type="email"
            autoComplete="off"
            {...form.field('email')}
            required
          />
          <Textfield
            label={t('guests.invite.name')}
            description={t('guests.invite.nameHelp')}
            autoComplete="off"
            {...form.field('displayName')}
            required
          />
        </div>
        <div className="row align-start">
          <Textfield
            label={t('guests.invite.affiliation')}
            description={t('guests.invite.affiliationHelp')}
            {...form.field('affiliation')}
          />
          <Textfield
            label={t('guests.invite.endsAt')}
            description={t('guests.invite.endsAtHelp')}
            type="date"
            {...dateBounds()}
            {...form.field('endsAt')}
            required
          />
        </div>
        <Textfield
          label={t('guests.invite.note')}
          description={t('guests.invite.noteHelp')}
          multiline
          rows={2}
          {...form.field('note')}
        />
      </Form>
    </Section>
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
  const refresh = useGroupRefetch(['guests'], refetch);
  const guests = data?.buyerGroup.guests ?? [];
  const current = guests.filter((g) => g.active);
  const former = guests.filter((g) => !g.active);
  // Members who are no coordinators see the guests only when there are any.
  if (!isCoordinator && data && guests.length === 0) return null;

  return (
    <Section headingId="guests-heading" title={t('guests.title', { count: current.length })} size="sm">
      <Paragraph data-size="sm">{t('guests.intro')}</Paragraph>
      <QueryState
        error={error}
        loading={!data && fetching}
        empty={data && current.length === 0 && t('guests.none')}
        size="sm"
      />
      {current.length > 0 && (
        <ul className="plain-list stack-sm" aria-label={t('guests.currentList')}>
          {current.map((g) => (
            <GuestItem key={g.id} guest={g} canManage={isCoordinator} onChange={refresh} />
          ))}
        </ul>
      )}
      {former.length > 0 && (
        <Collapsible summary={t('guests.former', { count: former.length })}>
          <ul className="plain-list stack-sm" aria-label={t('guests.formerList')}>
            {former.map((g) => (
              <GuestItem key={g.id} guest={g} canManage={isCoordinator} onChange={refresh} />
            ))}
          </ul>
        </Collapsible>
      )}
      {isCoordinator && <InviteGuestForm groupId={group.id} onDone={refresh} />}
    </Section>
  );
}
