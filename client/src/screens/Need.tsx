import { Alert, Button, Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { BarChart, DemandTable } from '../components/Demand';
import { ErrorAlert, Loading } from '../components/Feedback';
import { GuestAccessEnded } from '../components/Guest';
import { Markdown } from '../components/Markdown';
import { SelectField } from '../components/SelectField';
import { CURRENCIES, NEED_STATUSES, PRIORITIES } from '../lib/enums';
import { errorCode, errorExtensions } from '../lib/errors';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { isAccessRefusal } from '../lib/guest';
import { useCoalesced, useGroupEvents } from '../lib/live';
import { usePageTitle } from '../lib/title';

const INTEREST_FIELDS = `id quantity unit annualValue currency wantedStart priority comment updatedAt organisation { id name }`;

const NeedQuery = graphql(`
  query Need($id: ID!) {
    sharedNeed(id: $id) {
      id
      title
      status
      problem
      intendedEffects
      successCriteria
      cpvCodes
      createdAt
      updatedAt
      organisation { id name }
      group { id name viewerMembership { id role status guest } }
      demand {
        authorityCount
        byUnit { unit total authorities }
        byCurrency { currency total authorities }
      }
      interests(first: 100) { nodes { ${INTEREST_FIELDS} } }
      viewerInterest { ${INTEREST_FIELDS} }
      threads(first: 20) { nodes { id title lastMessageAt } }
    }
  }
`);

const SetInterest = graphql(`
  mutation SetNeedInterest($input: SetNeedInterestInput!) {
    setNeedInterest(input: $input) {
      id
    }
  }
`);
const RemoveInterest = graphql(`
  mutation RemoveNeedInterest($needId: ID!) {
    removeNeedInterest(needId: $needId) {
      id
    }
  }
`);
const SetStatus = graphql(`
  mutation SetSharedNeedStatus($id: ID!, $status: NeedStatus!) {
    setSharedNeedStatus(id: $id, status: $status) {
      id
      status
    }
  }
`);

type NeedData = ResultOf<typeof NeedQuery>['sharedNeed'];
type Currency = (typeof CURRENCIES)[number];
type Priority = (typeof PRIORITIES)[number];
type NeedStatus = (typeof NEED_STATUSES)[number];

/** The viewer's organisation's own share of the need: volume, value, timing, priority. */
function InterestForm({ need, onSaved }: { need: NeedData; onSaved: () => void }) {
  const { t } = useTranslation();
  const mine = need.viewerInterest;
  const [quantity, setQuantity] = useState(mine?.quantity ?? '');
  const [unit, setUnit] = useState(mine?.unit ?? '');
  const [annualValue, setAnnualValue] = useState(mine?.annualValue ?? '');
  const [currency, setCurrency] = useState<Currency>((mine?.currency as Currency | null) ?? 'NOK');
  const [wantedStart, setWantedStart] = useState(mine?.wantedStart ?? '');
  const [priority, setPriority] = useState<Priority>((mine?.priority as Priority | undefined) ?? 'MEDIUM');
  const [comment, setComment] = useState(mine?.comment ?? '');
  const [saved, setInterest] = useMutation(SetInterest);
  const [removed, removeInterest] = useMutation(RemoveInterest);
  const [status, setStatus] = useState('');
  const fieldErrors = useMemo(() => {
    const field = String(errorExtensions(saved.error).field ?? '').replace(/^input\./, '');
    return errorCode(saved.error) === 'BAD_USER_INPUT' && field
      ? { [field]: saved.error!.graphQLErrors[0].message }
      : ({} as Record<string, string>);
  }, [saved.error]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Decimals as the user typed them, with a decimal comma accepted (nb and sv write 1,5).
    const decimal = (v: string) => (v.trim() ? v.trim().replace(/\s/g, '').replace(',', '.') : null);
    const r = await setInterest({
      input: {
        needId: need.id,
        quantity: decimal(quantity),
        unit: quantity.trim() ? unit.trim() || null : null,
        annualValue: decimal(annualValue),
        currency: annualValue.trim() ? currency : null,
        wantedStart: wantedStart || null,
        priority,
        comment: comment.trim() || null,
      },
    });
    if (!r.error) {
      setStatus(t('interest.saved'));
      onSaved();
    }
  };

  return (
    <form onSubmit={submit} className="stack panel" aria-labelledby="interest-heading" noValidate>
      <Heading level={2} data-size="sm" id="interest-heading">
        {t('interest.title')}
      </Heading>
      <Paragraph data-size="sm">{t('interest.intro')}</Paragraph>
      {!fieldErrors.quantity && !fieldErrors.annualValue && <ErrorAlert error={saved.error ?? removed.error} />}
      <div className="row">
        <Textfield
          label={t('interest.quantity')}
          inputMode="decimal"
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          error={fieldErrors.quantity}
        />
        <Textfield
          label={t('interest.unit')}
          description={t('interest.unitHelp')}
          value={unit}
          onChange={(e) => setUnit(e.target.value)}
          error={fieldErrors.unit}
        />
      </div>
      <div className="row">
        <Textfield
          label={t('interest.annualValue')}
          inputMode="decimal"
          value={annualValue}
          onChange={(e) => setAnnualValue(e.target.value)}
          error={fieldErrors.annualValue}
        />
        <SelectField
          label={t('interest.currency')}
          value={currency}
          onChange={(e) => setCurrency(e.target.value as Currency)}
          options={CURRENCIES.map((c) => ({ value: c, label: c }))}
        />
      </div>
      <div className="row">
        <Textfield
          label={t('interest.wantedStart')}
          type="date"
          value={wantedStart}
          onChange={(e) => setWantedStart(e.target.value)}
          error={fieldErrors.wantedStart}
        />
        <SelectField
          label={t('interest.priority')}
          value={priority}
          onChange={(e) => setPriority(e.target.value as Priority)}
          options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
        />
      </div>
      <Textfield
        label={t('interest.comment')}
        multiline
        rows={2}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
      <div role="status" aria-live="polite">
        {status}
      </div>
      <div className="row">
        <Button type="submit" loading={saved.fetching}>
          {mine ? t('interest.update') : t('interest.submit')}
        </Button>
        {mine && (
          <Button
            variant="secondary"
            onClick={async () => {
              const r = await removeInterest({ needId: need.id });
              if (!r.error) {
                setStatus(t('interest.removed'));
                onSaved();
              }
            }}
          >
            {t('interest.remove')}
          </Button>
        )}
      </div>
    </form>
  );
}

export function Need() {
  const { t } = useTranslation();
  const f = useFormat();
  const { needId } = useParams<{ needId: string }>();
  const [{ data, fetching, error }, refetch] = useQuery({ query: NeedQuery, variables: { id: needId! } });
  const need = data?.sharedNeed;
  usePageTitle(need?.title);
  const refresh = useCoalesced(() => refetch({ requestPolicy: 'network-only' }));
  const membership = need?.group.viewerMembership;
  const isGuest = membership?.status === 'ACTIVE' && membership.guest;
  /** The group's name when a guest's access ended while the page was open. */
  const [endedIn, setEndedIn] = useState<string | null>(null);
  useGroupEvents(
    endedIn === null ? (need?.group.id ?? null) : null,
    (e) => {
      if (e.type.startsWith('need.') || e.type.startsWith('interest.') || e.type === 'resync') refresh();
    },
    (code) => {
      if (isGuest && isAccessRefusal(code) && need) setEndedIn(need.group.name);
    },
  );
  const [statusChange, setStatus] = useMutation(SetStatus);

  if (endedIn !== null) return <GuestAccessEnded groupName={endedIn} />;
  if (!need) return fetching ? <Loading /> : <ErrorAlert error={error} />;
  const isCoordinator = membership?.status === 'ACTIVE' && !membership.guest && membership.role === 'COORDINATOR';
  // Interests are an authority's own: observers and guests (who act for no organisation) state none.
  const actsForOrganisation = membership?.status === 'ACTIVE' && !membership.guest && membership.role !== 'OBSERVER';
  const valueBars = need.interests.nodes
    .filter((i) => i.annualValue && i.currency)
    .map((i) => ({
      label: i.organisation.name,
      value: Number(i.annualValue),
      text: f.currency(i.annualValue!, i.currency!),
      currency: i.currency!,
    }));
  const currencies = [...new Set(valueBars.map((b) => b.currency))];

  return (
    <div className="stack-lg">
      <div>
        <Paragraph data-size="sm">
          <RouterLink to={`/groups/${need.group.id}/needs`}>{need.group.name}</RouterLink>
        </Paragraph>
        <Heading level={1} data-size="lg">
          {need.title}
        </Heading>
        <div className="row">
          <Tag data-size="sm">{t(`needStatus.${need.status}`)}</Tag>
          <span className="muted small">
            {t('need.describedBy', { organisation: need.organisation.name, date: f.date(need.createdAt) })}
          </span>
        </div>
      </div>
      {isCoordinator && (
        <div className="row">
          <SelectField
            label={t('need.changeStatus')}
            value={need.status}
            onChange={(e) => void setStatus({ id: need.id, status: e.target.value as NeedStatus }).then(refresh)}
            options={NEED_STATUSES.map((s) => ({ value: s, label: t(`needStatus.${s}`) }))}
          />
          <ErrorAlert error={statusChange.error} />
        </div>
      )}
      <section aria-labelledby="problem-heading">
        <Heading level={2} data-size="sm" id="problem-heading">
          {t('needs.problem')}
        </Heading>
        <Markdown>{need.problem}</Markdown>
        {need.intendedEffects && (
          <>
            <Heading level={3} data-size="xs">
              {t('needs.intendedEffects')}
            </Heading>
            <Markdown>{need.intendedEffects}</Markdown>
          </>
        )}
        {need.successCriteria && (
          <>
            <Heading level={3} data-size="xs">
              {t('needs.successCriteria')}
            </Heading>
            <Markdown>{need.successCriteria}</Markdown>
          </>
        )}
        {need.cpvCodes.length > 0 && (
          <Paragraph data-size="sm">
            {t('group.cpv')}: {need.cpvCodes.join(', ')}
          </Paragraph>
        )}
      </section>

      <section aria-labelledby="demand-heading" className="stack">
        <Heading level={2} data-size="sm" id="demand-heading">
          {t('demand.title', { count: need.demand.authorityCount })}
        </Heading>
        <DemandTable demand={need.demand} caption={t('demand.caption', { need: need.title })} />
        {currencies.map((c) => (
          <BarChart
            key={c}
            title={t('demand.chartByAuthority', { currency: c })}
            bars={valueBars.filter((b) => b.currency === c)}
          />
        ))}
        {need.interests.nodes.length > 0 && (
          <Table data-size="sm" zebra>
            <caption>{t('demand.interestsCaption')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('members.organisation')}</Table.HeaderCell>
                <Table.HeaderCell className="num">{t('interest.quantity')}</Table.HeaderCell>
                <Table.HeaderCell className="num">{t('interest.annualValue')}</Table.HeaderCell>
                <Table.HeaderCell>{t('interest.wantedStart')}</Table.HeaderCell>
                <Table.HeaderCell>{t('interest.priority')}</Table.HeaderCell>
                <Table.HeaderCell>{t('interest.comment')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {need.interests.nodes.map((i) => (
                <Table.Row key={i.id}>
                  <Table.HeaderCell scope="row">{i.organisation.name}</Table.HeaderCell>
                  <Table.Cell className="num">
                    {i.quantity ? `${f.number(i.quantity)} ${i.unit ?? ''}` : '–'}
                  </Table.Cell>
                  <Table.Cell className="num">
                    {i.annualValue && i.currency ? f.currency(i.annualValue, i.currency) : '–'}
                  </Table.Cell>
                  <Table.Cell>{i.wantedStart ? f.localDate(i.wantedStart) : '–'}</Table.Cell>
                  <Table.Cell>{t(`priority.${i.priority}`)}</Table.Cell>
                  <Table.Cell>{i.comment ?? ''}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </section>

      {actsForOrganisation && (
        <InterestForm key={need.viewerInterest?.updatedAt ?? 'none'} need={need} onSaved={refresh} />
      )}
      {isGuest && (
        <Alert data-color="info">
          <Paragraph data-size="sm">{t('guests.noInterest')}</Paragraph>
        </Alert>
      )}

      <section aria-labelledby="need-threads-heading" className="stack-sm">
        <Heading level={2} data-size="sm" id="need-threads-heading">
          {t('threads.title')}
        </Heading>
        {need.threads.nodes.length === 0 ? (
          <Paragraph data-size="sm">{t('threads.noneForNeed')}</Paragraph>
        ) : (
          <ul>
            {need.threads.nodes.map((th) => (
              <li key={th.id}>
                <RouterLink to={`/groups/${need.group.id}/threads/${th.id}`}>{th.title}</RouterLink>
              </li>
            ))}
          </ul>
        )}
        <Paragraph data-size="sm">
          <RouterLink to={`/groups/${need.group.id}/threads?need=${need.id}`}>{t('threads.startForNeed')}</RouterLink>
        </Paragraph>
      </section>
    </div>
  );
}
