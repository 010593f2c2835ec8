import { Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { useQuery } from 'urql';
import { AudienceTag } from '../components/Audience';
import { ErrorAlert, LiveStatus, Loading } from '../components/Feedback';
import { Markdown } from '../components/Markdown';
import { MuteToggle } from '../components/MuteToggle';
import { dataOf } from '../lib/events';
import { useFormat } from '../lib/format';
import { resyncEvent, useRefresh, type Listeners } from '../lib/live';
import { ProcurementEventsContext } from '../lib/procurement';
import { useStream } from '../lib/stream';
import { usePageTitle } from '../lib/title';
import { useGroup } from './GroupShell';
import { AwardSection } from './ProcurementAward';
import { FROM_COMPETITION } from './ProcurementAwardData';
import { BenefitsSection } from './ProcurementBenefits';
import { ContractsSection } from './ProcurementContracts';
import { ProcurementEventsSubscription, ProcurementQuery, type ProcurementData } from './ProcurementData';
import { DecisionsSection } from './ProcurementDecisions';
import { DialogueAdminSection } from './ProcurementDialogue';
import { DocumentsSection } from './ProcurementDocuments';
import { HistorySection } from './ProcurementHistory';
import { LotsSection } from './ProcurementLots';
import { MilestonesSection } from './ProcurementMilestones';
import { ParticipantsSection } from './ProcurementParticipants';
import { PhaseSection } from './ProcurementPhase';
import { RecordsSection } from './ProcurementRecords';
import { ProcurementSettingsForm } from './ProcurementSettings';

/**
 * The procurement's calendar: the file for this procurement (fetched with the session, so a
 * calendar app cannot subscribe to that address), and the way to subscribe, which is the viewer's
 * private feed from the profile.
 */
function CalendarLinks({ p }: { p: ProcurementData }) {
  const { t } = useTranslation();
  return (
    <Paragraph data-size="sm">
      {t('procurement.calendar')}: <RouterLink to="/profile#calendar">{t('procurement.calendarSubscribe')}</RouterLink>{' '}
      ·{' '}
      <a href={p.calendarUrl} download>
        {t('procurement.calendarDownload')}
      </a>{' '}
      <span className="muted">{t('procurement.calendarHelp')}</span>
    </Paragraph>
  );
}

/**
 * The procurement's title, phase, procedure and lead, where it came from, and its channels; for
 * coordinators, the form that changes them.
 */
function ProcurementHeader({
  p,
  groupId,
  announcement,
  onChange,
}: {
  p: ProcurementData;
  groupId: string;
  announcement: string;
  onChange(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { group, refetch: refetchGroup } = useGroup();
  return (
    // The checklist's DESCRIPTION item links here (#overview).
    <div className="stack-sm" id="overview">
      <Paragraph data-size="sm">
        <RouterLink to={`/groups/${groupId}/procurements`}>{t('procurement.all')}</RouterLink>
      </Paragraph>
      <Heading level={2} data-size="lg" id="procurement-heading">
        {p.title}
      </Heading>
      <div className="row">
        <Tag data-size="md" data-color={p.phase === 'CANCELLED' ? 'danger' : 'info'} aria-live="polite">
          {t('procurement.phaseLabel', { phase: t(`phase.${p.phase}`) })}
        </Tag>
        <span className="small muted">
          {t('procurement.since', { date: f.date(p.phaseChangedAt) })} · {t(`procedureType.${p.procedureType}`)}{' '}
          {/* The eForms code is for those who fill in notices: a detail after the name, not the name. */}
          <span className="eforms-code">({t('phaseGate.eformsCode', { code: p.procedureCode })})</span> ·{' '}
          {t(`contractType.${p.contractType}`)} · {t('procurement.leadIs', { organisation: p.leadAuthority.name })}
        </span>
      </div>
      <LiveStatus small>{announcement}</LiveStatus>
      {p.description && <Markdown>{p.description}</Markdown>}
      <CalendarLinks p={p} />
      <MuteToggle
        scope={{ kind: 'procurement', procurementId: p.id }}
        name={p.title}
        muted={p.viewerMuted}
        mutedGroup={group.viewerMuted ? { id: group.id, name: group.name } : null}
        onChange={() => {
          onChange();
          refetchGroup();
        }}
      />
      {p.needs.length > 0 && (
        <Paragraph data-size="sm">
          {t('procurement.fromNeeds')}{' '}
          {p.needs.map((n, i) => (
            <span key={n.id}>
              {i > 0 && ', '}
              <RouterLink to={`/needs/${n.id}`}>{n.title}</RouterLink>
            </span>
          ))}
        </Paragraph>
      )}
      <div className="row">
        <span>
          <RouterLink to={`/groups/${groupId}/threads/${p.buyersThread.id}`}>
            {t('procurement.buyersChannel')}
          </RouterLink>{' '}
          <AudienceTag audience="BUYERS" />
        </span>
        <span>
          <RouterLink to={`/groups/${groupId}/threads/${p.publicThread.id}`}>
            {t('procurement.publicChannel')}
          </RouterLink>{' '}
          <AudienceTag audience="PUBLIC" />
        </span>
        <a href={p.ocdsUrl} download>
          {t('procurement.ocds')}
        </a>
      </div>
      <NoticeDownloads downloads={p.noticeDownloads} />
      {p.viewerIsCoordinator && p.phase !== 'CLOSED' && p.phase !== 'CANCELLED' && (
        <ProcurementSettingsForm p={p} onChange={onChange} />
      )}
    </div>
  );
}

/**
 * The eForms notice drafts the phase offers, for the procurement's buyers (the list is empty for
 * others): one download each, and the Norwegian tailoring beside it for a Norwegian lead.
 */
function NoticeDownloads({ downloads }: { downloads: ProcurementData['noticeDownloads'] }) {
  const { t } = useTranslation();
  if (!downloads.length) return null;
  return (
    <div className="stack-sm" data-testid="notice-downloads">
      <ul className="plain-list row">
        {downloads.map((d) => {
          const kind = t(`noticeType.${d.type}`);
          return (
            <li key={d.type}>
              <a href={d.url} download={d.fileName}>
                {t('procurement.notice', { kind })}
              </a>
              {d.norwegianTailoring && (
                <>
                  {' · '}
                  <a href={`${d.url}?tailoring=norway`} download={d.fileName}>
                    {t('procurement.noticeTailored', { kind })}
                  </a>
                </>
              )}
            </li>
          );
        })}
      </ul>
      <Paragraph data-size="xs" className="muted">
        {t('procurement.noticeHelp')}
      </Paragraph>
    </div>
  );
}

/**
 * One joint procurement: phases and what blocks the next, participants and mandates, lots and
 * values, milestones, decisions, tenders and award, contracts and call-off rights, the market
 * dialogue, documents, benefits and history, kept live by the procurement's event stream (which
 * the sections listen to through the context).
 */
export function Procurement() {
  const { t } = useTranslation();
  const { group, actsForOrganisation, isGuest } = useGroup();
  const { procurementId } = useParams<{ procurementId: string }>();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ProcurementQuery, variables: { id: procurementId! } });
  const p = data?.jointProcurement;
  usePageTitle(p?.title);
  const [listeners] = useState<Listeners>(() => new Set());
  const [announcement, setAnnouncement] = useState('');
  const refresh = useRefresh(refetch);
  useStream(ProcurementEventsSubscription, procurementId ? { procurementId } : null, {
    onData: (d) => {
      const e = d.procurementEvents;
      const phase = dataOf(e, 'PROCUREMENT_PHASE_CHANGED')?.to;
      if (phase) setAnnouncement(t('procurement.phaseNow', { phase: t(`phase.${phase as 'ANCHORING'}`) }));
      refresh();
      for (const l of listeners) l(e);
    },
    onResync: () => {
      refresh();
      for (const l of listeners) l(resyncEvent());
    },
  });

  if (!p) return fetching ? <Loading /> : <ErrorAlert error={error} />;
  const coordinator = p.viewerIsCoordinator;
  const participates = !!p.viewerParticipant && actsForOrganisation;
  const participantCount = p.participants.filter((x) => x.mandate.status !== 'WITHDRAWN').length;
  // Tenders, awards and contracts exist from the competition on (also in one cancelled after it began).
  const competed =
    FROM_COMPETITION.includes(p.phase) || p.timeline.some((s) => s.phase === 'COMPETITION' && !!s.enteredAt);
  const sections = [
    ['phase', t('procurement.phases')],
    ['participants', t('participants.title')],
    ['lots', t('lots.title')],
    ['milestones', t('milestones.title')],
    ['decisions', t('decisions.title')],
    ...(competed
      ? [
          ['award', t('award.title')],
          ['contracts', t('contracts.title')],
        ]
      : []),
    ['dialogue', t('dialogueAdmin.title')],
    ['documents', t('documents.title')],
    ['benefits', t('benefits.title')],
    // An authority's own case file and archive (a guest acts for none).
    ...(isGuest ? [] : [['records', t('records.title')]]),
    ...(coordinator ? [['history', t('history.title')]] : []),
  ];

  return (
    <ProcurementEventsContext.Provider value={listeners}>
      <article className="stack-lg" aria-labelledby="procurement-heading">
        <ProcurementHeader p={p} groupId={group.id} announcement={announcement} onChange={refresh} />
        <nav aria-label={t('procurement.contents')}>
          <ul className="tab-nav">
            {sections.map(([id, label]) => (
              <li key={id}>
                <a href={`#${id}`}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <PhaseSection p={p} onChange={refresh} />
        <ParticipantsSection p={p} actsForOrganisation={actsForOrganisation} onChange={refresh} />
        <LotsSection p={p} onChange={refresh} />
        <MilestonesSection procurementId={p.id} isCoordinator={coordinator} />
        <DecisionsSection
          procurementId={p.id}
          isCoordinator={coordinator}
          canVote={participates}
          participantCount={participantCount}
        />
        {competed && <AwardSection p={p} participantCount={participantCount} />}
        {competed && (
          <ContractsSection
            p={p}
            myOrganisationId={participates ? (p.viewerParticipant?.organisation.id ?? null) : null}
          />
        )}
        <DialogueAdminSection procurementId={p.id} isCoordinator={coordinator} />
        <DocumentsSection procurementId={p.id} canPublish={coordinator} />
        <BenefitsSection procurementId={p.id} isCoordinator={coordinator} isParticipant={participates} />
        {!isGuest && <RecordsSection procurementId={p.id} />}
        {coordinator && <HistorySection procurementId={p.id} exports={p.exports} />}
      </article>
    </ProcurementEventsContext.Provider>
  );
}
