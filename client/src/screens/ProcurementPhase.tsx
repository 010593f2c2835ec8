import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, type CombinedError } from 'urql';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert, LiveStatus } from '../components/Feedback';
import { CollapsibleForm } from '../components/Form';
import { Section } from '../components/Section';
import { CHECKLIST_KEYS } from '../lib/enums';
import { errorCode, errorExtensions } from '../lib/errors';
import { useForm, useStatus } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import type { ProcurementSectionProps } from './ProcurementData';

const AdvancePhase = graphql(`
  mutation AdvanceProcurementPhase($input: AdvancePhaseInput!) {
    advanceProcurementPhase(input: $input) {
      id
      phase
    }
  }
`);
const CancelProcurement = graphql(`
  mutation CancelJointProcurement($input: CancelProcurementInput!) {
    cancelJointProcurement(input: $input) {
      id
      phase
      cancellationReason
    }
  }
`);

type ChecklistKey = (typeof CHECKLIST_KEYS)[number];

/**
 * Where each checklist item is done: the section of the procurement page that fixes it (the
 * overview for the description). A key the client does not know links nowhere.
 */
export const CHECKLIST_PLACE: Record<ChecklistKey, string> = {
  PARTICIPANTS: '#participants',
  LEAD_AUTHORITY: '#participants',
  DESCRIPTION: '#overview',
  NEED_DESCRIPTION: '#documents',
  LOTS: '#lots',
  ESTIMATED_VALUE: '#lots',
  DIALOGUE_NOTICE: '#dialogue',
  MARKET_DIALOGUE_SUMMARY: '#documents',
  REQUIREMENT_SPECIFICATION: '#documents',
  SIGNED_MANDATE: '#participants',
  SPECIFICATION_APPROVED: '#decisions',
  TENDER_DEADLINE: '#milestones',
  AWARD_DECISION: '#award',
  CONTRACT: '#contracts',
  BENEFIT_BASELINES: '#benefits',
  BENEFIT_FOLLOW_UP: '#benefits',
};

const placeOf = (key: string): string | undefined =>
  (CHECKLIST_KEYS as readonly string[]).includes(key) ? CHECKLIST_PLACE[key as ChecklistKey] : undefined;

/**
 * Jumps to the section that fixes an item and moves focus to its heading, so keyboard and screen
 * reader users land where the work is (a hash alone only scrolls).
 */
function goTo(event: MouseEvent<HTMLAnchorElement>, place: string) {
  const section = document.getElementById(place.slice(1));
  if (!section) return;
  event.preventDefault();
  const heading = section.querySelector<HTMLElement>('h2, h3') ?? section;
  heading.tabIndex = -1;
  section.scrollIntoView({ block: 'start' });
  heading.focus({ preventScroll: true });
  history.replaceState(history.state, '', place);
}

type Item = { key: string; label: string; done: boolean; pending: boolean };

/** One checklist item: done, pending (a vote is open), or missing with a link to where it is done. */
function ChecklistEntry({ item }: { item: Item }) {
  const { t } = useTranslation();
  const label = useChecklistLabel();
  const place = placeOf(item.key);
  const text = label(item.key, item.label);
  const state = item.done ? 'done' : item.pending ? 'pending' : 'missing';
  return (
    <li className={`check-${state}`} data-key={item.key}>
      <span aria-hidden="true">{item.done ? '✓' : item.pending ? '◔' : '✗'} </span>
      <span className="visually-hidden">
        {item.done ? t('procurement.done') : item.pending ? t('phaseGate.pending') : t('procurement.missing')}:{' '}
      </span>
      {item.done || !place ? (
        text
      ) : (
        <a href={place} onClick={(e) => goTo(e, place)}>
          {text}
        </a>
      )}
      {item.pending && <span className="small muted"> ({t('phaseGate.pendingVote')})</span>}
    </li>
  );
}

/** A checklist item in the interface language (the server's English label for a key we do not know). */
function useChecklistLabel() {
  const { t } = useTranslation();
  return (key: string, label?: string) =>
    (CHECKLIST_KEYS as readonly string[]).includes(key) ? t(`checklist.${key as ChecklistKey}`) : (label ?? key);
}

/** A refused move in words: what is missing (INVALID_STATE) or that someone else moved first (CONFLICT). */
function AdvanceError({ error }: { error: CombinedError | undefined }) {
  const { t } = useTranslation();
  const label = useChecklistLabel();
  const code = errorCode(error);
  if (code === 'INVALID_STATE') {
    const ext = errorExtensions(error);
    const items =
      (ext.missingItems as { key: string; label: string }[] | undefined) ??
      ((ext.missing as string[] | undefined) ?? []).map((key) => ({ key, label: key }));
    return (
      <Alert data-color="danger" role="alert">
        <Paragraph>{t('procurement.refusedMissing')}</Paragraph>
        <ul>
          {items.map((m) => (
            <li key={m.key}>{label(m.key, m.label)}</li>
          ))}
        </ul>
      </Alert>
    );
  }
  if (code === 'CONFLICT') {
    return (
      <Alert data-color="warning" role="alert">
        <Paragraph>{t('procurement.conflict')}</Paragraph>
      </Alert>
    );
  }
  return <ErrorAlert error={error} />;
}

/** The phase timeline, what the next phase needs, and the coordinator's move forward or cancel. */
export function PhaseSection({ p, onChange }: ProcurementSectionProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const [advanced, advance] = useMutation(AdvancePhase);
  const [cancelled, cancel] = useMutation(CancelProcurement);
  const form = useForm({ reason: '' });
  const { status, report } = useStatus(onChange);
  const closed = p.phase === 'CLOSED' || p.phase === 'CANCELLED';
  /** The move forward waits for the coordinator to confirm what it opens and closes. */
  const [confirming, setConfirming] = useState(false);
  const open = p.checklist.filter((c) => !c.done);
  const waiting = open.filter((c) => c.pending).length;
  const next = p.nextPhase ? t(`phase.${p.nextPhase}`) : '';
  // Why the move is not open yet: what is missing, or only votes still running.
  const blockedBy = p.canAdvance
    ? ''
    : open.length > 0 && waiting === open.length
      ? t('phaseGate.waiting', { count: waiting, phase: next })
      : t('phaseGate.blocked', { count: open.length, phase: next });

  const doAdvance = async () => {
    setConfirming(false);
    const r = await advance({ input: { procurementId: p.id, from: p.phase } });
    const to = r.data?.advanceProcurementPhase.phase;
    report(r, to ? t('procurement.movedTo', { phase: t(`phase.${to}`) }) : '');
  };
  const doCancel = async () => {
    if (!form.check(form.missing('reason'))) return;
    report(
      await cancel({ input: { procurementId: p.id, reason: form.values.reason.trim() } }),
      t('procurement.cancelled'),
    );
  };

  return (
    <Section id="phase" title={t('procurement.phases')}>
      <ol className="timeline" aria-label={t('procurement.timeline')}>
        {p.timeline.map((s) => (
          <li key={s.phase} className={`timeline-step timeline-${s.status.toLowerCase()}`}>
            <span className="timeline-phase" aria-current={s.status === 'CURRENT' ? 'step' : undefined}>
              {t(`phaseGate.timelinePhase.${s.phase}`)}
            </span>
            <span className="small muted">
              {t(`phaseStepStatus.${s.status}`)}
              {s.enteredAt && ` · ${f.date(s.enteredAt)}`}
            </span>
          </li>
        ))}
      </ol>
      {p.phase === 'CANCELLED' && p.cancellationReason && (
        <Alert data-color="warning">
          <Paragraph>{t('procurement.cancelledBecause', { reason: p.cancellationReason })}</Paragraph>
        </Alert>
      )}
      {p.nextPhase && !closed && (
        <div className="panel stack-sm">
          <Heading level={3} data-size="xs" id="checklist-heading">
            {t('procurement.checklistFor', { phase: t(`phase.${p.nextPhase}`) })}
          </Heading>
          <ul className="plain-list checklist" aria-labelledby="checklist-heading">
            {p.checklist.map((c) => (
              <ChecklistEntry key={c.key} item={c} />
            ))}
          </ul>
          {blockedBy && (
            <Paragraph data-size="sm" id="advance-blocked">
              {blockedBy}
            </Paragraph>
          )}
          {p.viewerIsCoordinator && (
            <div>
              {/* Disabled, with the reason read out, while anything is missing: the server would refuse.
                  Otherwise the move waits for the coordinator to confirm what it opens and closes. */}
              <Button
                onClick={() => setConfirming(true)}
                loading={advanced.fetching}
                disabled={!p.canAdvance}
                aria-describedby={blockedBy ? 'advance-blocked' : undefined}
              >
                {t('procurement.advance', { phase: t(`phase.${p.nextPhase}`) })}
              </Button>
            </div>
          )}
          <ConfirmDialog
            open={confirming}
            title={t('confirm.phaseTitle', { phase: t(`phase.${p.nextPhase}`) })}
            confirmLabel={t('procurement.advance', { phase: t(`phase.${p.nextPhase}`) })}
            onConfirm={doAdvance}
            onCancel={() => setConfirming(false)}
          >
            <Paragraph>
              {t('confirm.phaseMove', {
                title: p.title,
                from: t(`phase.${p.phase}`),
                to: t(`phase.${p.nextPhase}`),
              })}
            </Paragraph>
            <div className="preview stack-sm">
              <Heading level={3} data-size="2xs">
                {t('confirm.phaseWhatChanges')}
              </Heading>
              <Paragraph data-size="sm">{t(`phaseEffects.${p.nextPhase}`)}</Paragraph>
            </div>
            {!p.canAdvance && (
              <Alert data-color="warning">
                <Paragraph data-size="sm">{t('confirm.phaseMissing')}</Paragraph>
              </Alert>
            )}
            <Paragraph data-size="sm">{t('confirm.phaseNoWayBack')}</Paragraph>
          </ConfirmDialog>
          <AdvanceError error={advanced.error} />
        </div>
      )}
      <LiveStatus>{status}</LiveStatus>
      {p.viewerIsCoordinator && !closed && (
        <CollapsibleForm
          summary={t('procurement.cancel')}
          onSubmit={doCancel}
          result={cancelled}
          submitLabel={t('procurement.cancelSubmit')}
          danger
        >
          <Textfield label={t('procurement.cancelReason')} multiline rows={2} {...form.field('reason')} required />
        </CollapsibleForm>
      )}
    </Section>
  );
}
