import { Alert, Button, Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { DataTable } from '../components/DataTable';
import { BarChart, DEMAND_FIELDS, DemandTable } from '../components/Demand';
import { ErrorAlert, LiveStatus, Loading } from '../components/Feedback';
import { Form } from '../components/Form';
import { GuestAccessEnded } from '../components/Guest';
import { Markdown } from '../components/Markdown';
import { Section } from '../components/Section';
import { SelectField } from '../components/SelectField';
import { CURRENCIES, NEED_STATUSES, PRIORITIES } from '../lib/enums';
import { useErrorText } from '../lib/error-text';
import { fieldProblems } from '../lib/errors';
import { useForm, useStatus } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql, type ResultOf } from '../lib/graphql';
import { isAccessRefusal } from '../lib/guest';
import { concerns, useGroupEvents, useRefresh } from '../lib/live';
import { decimalInput } from '../lib/procurement';
import { useViewer } from '../lib/session';
import { usePageTitle } from '../lib/title';
import { CpvCodes } from '../components/CpvCodes';
import { NeedEditForm } from './NeedEdit';

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
      cpv { code title }
      createdAt
      updatedAt
      organisation { id name }
      group { id name viewerMembership { id role status guest } }
      demand { ${DEMAND_FIELDS} }
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

type Report = (result: { error?: unknown }, text: string) => boolean;

/**
 * The viewer's organisation's own share of the need: volume, value, timing, priority. Keyed by the
 * saved interest, so it starts from what was saved; what a save did is said outside it (Need).
 */
function InterestForm({ need, report }: { need: NeedData; report: Report }) {
  const { t } = useTranslation();
  const mine = need.viewerInterest;
  const form = useForm({
    quantity: mine?.quantity ?? '',
    unit: mine?.unit ?? '',
    annualValue: mine?.annualValue ?? '',
    currency: (mine?.currency as Currency | null) ?? 'NOK',
    wantedStart: mine?.wantedStart ?? '',
    priority: (mine?.priority as Priority | undefined) ?? 'MEDIUM',
    comment: mine?.comment ?? '',
  });
  const [saved, setInterest] = useMutation(SetInterest);
  const [removed, removeInterest] = useMutation(RemoveInterest);
  // A value the server refused is said beside its field.
  const { problem } = useErrorText();
  const refused = Object.fromEntries(fieldProblems(saved.error).map((p) => [p.field, problem(p)]));
  const field = (name: Parameters<typeof form.field>[0]) => ({ ...form.field(name), error: refused[name] });

  const submit = async () => {
    const { quantity, unit, annualValue, currency, wantedStart, priority, comment } = form.values;
    const r = await setInterest({
      input: {
        needId: need.id,
        quantity: decimalInput(quantity),
        unit: quantity.trim() ? unit.trim() || null : null,
        annualValue: decimalInput(annualValue),
        currency: annualValue.trim() ? currency : null,
        wantedStart: wantedStart || null,
        priority,
        comment: comment.trim() || null,
      },
    });
    report(r, t('interest.saved'));
  };

  return (
    <Form
      onSubmit={submit}
      className="stack panel"
      aria-labelledby="interest-heading"
      error={refused.quantity || refused.annualValue ? removed.error : (saved.error ?? removed.error)}
      submitLabel={mine ? t('interest.update') : t('interest.submit')}
      busy={saved.fetching}
      actions={
        mine && (
          <Button
            type="button"
            variant="secondary"
            onClick={async () => report(await removeInterest({ needId: need.id }), t('interest.removed'))}
          >
            {t('interest.remove')}
          </Button>
        )
      }
    >
      <Heading level={2} data-size="sm" id="interest-heading">
        {t('interest.title')}
      </Heading>
      <Paragraph data-size="sm">{t('interest.intro')}</Paragraph>
      <div className="row">
        <Textfield label={t('interest.quantity')} inputMode="decimal" {...field('quantity')} />
        <Textfield label={t('interest.unit')} description={t('interest.unitHelp')} {...field('unit')} />
      </div>
      <div className="row">
        <Textfield label={t('interest.annualValue')} inputMode="decimal" {...field('annualValue')} />
        <SelectField
          label={t('interest.currency')}
          {...form.field('currency')}
          options={CURRENCIES.map((c) => ({ value: c, label: c }))}
        />
      </div>
      <div className="row">
        <Textfield label={t('interest.wantedStart')} type="date" {...field('wantedStart')} />
        <SelectField
          label={t('interest.priority')}
          {...form.field('priority')}
          options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
        />
      </div>
      <Textfield label={t('interest.comment')} multiline rows={2} {...form.field('comment')} />
    </Form>
  );
}

export function Need() {
  const { t } = useTranslation();
  const f = useFormat();
  const viewer = useViewer();
  const { needId } = useParams<{ needId: string }>();
  const [{ data, fetching, error }, refetch] = useQuery({ query: NeedQuery, variables: { id: needId! } });
  const need = data?.sharedNeed;
  usePageTitle(need?.title);
  const refresh = useRefresh(refetch);
  const { status, report } = useStatus(refresh);
  const membership = need?.group.viewerMembership;
  const isGuest = membership?.status === 'ACTIVE' && membership.guest;
  /** The group's name when a guest's access ended while the page was open. */
  const [endedIn, setEndedIn] = useState<string | null>(null);
  useGroupEvents(
    endedIn === null ? (need?.group.id ?? null) : null,
    (e) => {
      if (concerns(e, ['needs'])) refresh();
    },
    (code) => {
      if (isGuest && isAccessRefusal(code) && need) setEndedIn(need.group.name);
    },
  );
  const [statusChange, setNeedStatus] = useMutation(SetStatus);

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
            onChange={(e) => void setNeedStatus({ id: need.id, status: e.target.value as NeedStatus }).then(refresh)}
            options={NEED_STATUSES.map((s) => ({ value: s, label: t(`needStatus.${s}`) }))}
          />
          <ErrorAlert error={statusChange.error} />
        </div>
      )}
      <Section headingId="problem-heading" title={t('needs.problem')} size="sm" className="">
        <Markdown>{need.problem}</Markdown>
        {(
          [
            [t('needs.intendedEffects'), need.intendedEffects],
            [t('needs.successCriteria'), need.successCriteria],
          ] as const
        ).map(
          ([title, text]) =>
            text && (
              <div key={title}>
                <Heading level={3} data-size="xs">
                  {title}
                </Heading>
                <Markdown>{text}</Markdown>
              </div>
            ),
        )}
        <CpvCodes cpv={need.cpv} label />
      </Section>

      {/* The describing authority or a coordinator rewrites the need, under the text it changes. */}
      {(isCoordinator || (actsForOrganisation && need.organisation.id === viewer?.organisation.id)) && (
        <NeedEditForm need={need} onChange={refresh} />
      )}

      <Section headingId="demand-heading" title={t('demand.title', { count: need.demand.authorityCount })} size="sm">
        <DemandTable demand={need.demand} caption={t('demand.caption', { need: need.title })} />
        {currencies.map((c) => (
          <BarChart
            key={c}
            title={t('demand.chartByAuthority', { currency: c })}
            bars={valueBars.filter((b) => b.currency === c)}
          />
        ))}
        {need.interests.nodes.length > 0 && (
          <DataTable
            caption={t('demand.interestsCaption')}
            showCaption
            columns={[
              t('members.organisation'),
              { label: t('interest.quantity'), num: true },
              { label: t('interest.annualValue'), num: true },
              t('interest.wantedStart'),
              t('interest.priority'),
              t('interest.comment'),
            ]}
          >
            {need.interests.nodes.map((i) => (
              <Table.Row key={i.id}>
                <Table.HeaderCell scope="row">{i.organisation.name}</Table.HeaderCell>
                <Table.Cell className="num">{i.quantity ? `${f.number(i.quantity)} ${i.unit ?? ''}` : '–'}</Table.Cell>
                <Table.Cell className="num">
                  {i.annualValue && i.currency ? f.currency(i.annualValue, i.currency) : '–'}
                </Table.Cell>
                <Table.Cell>{i.wantedStart ? f.localDate(i.wantedStart) : '–'}</Table.Cell>
                <Table.Cell>{t(`priority.${i.priority}`)}</Table.Cell>
                <Table.Cell>{i.comment ?? ''}</Table.Cell>
              </Table.Row>
            ))}
          </DataTable>
        )}
      </Section>

      {actsForOrganisation && (
        <>
          <InterestForm key={need.viewerInterest?.updatedAt ?? 'none'} need={need} report={report} />
          <LiveStatus>{status}</LiveStatus>
        </>
      )}
      {isGuest && (
        <Alert data-color="info">
          <Paragraph data-size="sm">{t('guests.noInterest')}</Paragraph>
        </Alert>
      )}

      <Section headingId="need-threads-heading" title={t('threads.title')} size="sm" className="stack-sm">
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
      </Section>
    </div>
  );
}
