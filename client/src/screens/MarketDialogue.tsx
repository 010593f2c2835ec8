import { Button, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert, LiveStatus, Loading } from '../components/Feedback';
import { Markdown } from '../components/Markdown';
import { MuteToggle } from '../components/MuteToggle';
import { Section } from '../components/Section';
import { useStatus } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { useCoalesced } from '../lib/live';
import { useViewer } from '../lib/session';
import { useStream } from '../lib/stream';
import { usePageTitle } from '../lib/title';
import {
  Answers,
  DialogueInsideQuery,
  MeetingSlots,
  MyQuestions,
  PublicChannel,
  PublishedDocuments,
} from './MarketDialogueInside';
import { DialogueTags } from './MarketDialogues';
import { CpvCodes } from '../components/CpvCodes';

const MarketDialogueQuery = graphql(`
  query MarketDialogue($id: ID!) {
    marketDialogue(procurementId: $id) {
      id
      title
      notice
      phase
      open
      publishedAt
      questionDeadline
      maxBookingsPerSupplier
      registered
      viewerMuted
      leadAuthority {
        name
        country
      }
      contractingAuthorities {
        name
      }
      lots {
        number
        title
        description
        cpvCodes
        cpv {
          code
          title
        }
      }
    }
  }
`);

const DialogueEventsSubscription = graphql(`
  subscription DialogueEvents($procurementId: ID!, $after: ID) {
    dialogueEvents(procurementId: $procurementId, after: $after) {
      id
      kind
      scopeType
      scopeId
    }
  }
`);

const RegisterForDialogue = graphql(`
  mutation RegisterForDialogue($id: ID!) {
    registerForDialogue(procurementId: $id) {
      id
      registered
    }
  }
`);
/**
 * A procurement's market dialogue as a supplier sees it: the notice for anyone signed in; once
 * registered, the published documents, the answers published to all, the supplier's own questions,
 * the meeting slots and the public channel, kept live by the dialogue's public events.
 */
export function MarketDialogue() {
  const { t } = useTranslation();
  const f = useFormat();
  const viewer = useViewer();
  const { procurementId } = useParams<{ procurementId: string }>();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MarketDialogueQuery,
    variables: { id: procurementId! },
  });
  const d = data?.marketDialogue;
  usePageTitle(d?.title);
  const registered = !!d?.registered;
  const [inside, refetchInside] = useQuery({
    query: DialogueInsideQuery,
    variables: { id: procurementId! },
    pause: !registered,
  });
  const refresh = useCoalesced(() => {
    refetch({ requestPolicy: 'network-only' });
    if (registered) refetchInside({ requestPolicy: 'network-only' });
  });
  useStream(DialogueEventsSubscription, registered ? { procurementId: procurementId! } : null, {
    onData: () => refresh(),
    onResync: () => refresh(),
  });
  const [registration, register] = useMutation(RegisterForDialogue);
  const { status, report } = useStatus(refresh);

  if (!d) return fetching ? <Loading /> : <ErrorAlert error={error} />;
  const isSupplier = viewer?.organisation.kind === 'SUPPLIER';
  const x = inside.data?.marketDialogue;

  return (
    <article className="stack-lg" aria-labelledby="dialogue-title">
      <div className="stack-sm">
        <Paragraph data-size="sm">
          <RouterLink to="/market-dialogues">{t('dialogue.all')}</RouterLink>
        </Paragraph>
        <Heading level={1} data-size="lg" id="dialogue-title">
          {d.title}
        </Heading>
        <DialogueTags open={d.open} registered={d.registered}>
          <Tag data-size="sm" data-color="neutral">
            {t(`phase.${d.phase}`)}
          </Tag>
        </DialogueTags>
        <dl className="facts">
          <dt>{t('dialogue.leadAuthority')}</dt>
          <dd>{d.leadAuthority.name}</dd>
          <dt>{t('dialogue.authorities')}</dt>
          <dd>{d.contractingAuthorities.map((a) => a.name).join(', ')}</dd>
          {d.questionDeadline && (
            <>
              <dt>{t('dialogue.deadline')}</dt>
              <dd>{f.dateTime(d.questionDeadline)}</dd>
            </>
          )}
          {d.publishedAt && (
            <>
              <dt>{t('dialogue.published')}</dt>
              <dd>{f.dateTime(d.publishedAt)}</dd>
            </>
          )}
        </dl>
        {/* A registered supplier hears of answers, documents and its meetings: and may silence them here. */}
        {d.registered && (
          <MuteToggle
            scope={{ kind: 'dialogue', procurementId: d.id }}
            name={d.title}
            muted={d.viewerMuted}
            onChange={() => refetch({ requestPolicy: 'network-only' })}
          />
        )}
      </div>
      <LiveStatus>{status}</LiveStatus>

      <Section headingId="notice-heading" title={t('dialogue.notice')} className="stack-sm">
        <Markdown>{d.notice}</Markdown>
      </Section>

      <Section headingId="public-lots-heading" title={t('dialogue.lots')} className="stack-sm">
        <ul>
          {d.lots.map((l) => (
            <li key={l.number}>
              <strong>{t('lots.lotTitle', { number: l.number, title: l.title })}</strong>
              {l.description && <div className="small">{l.description}</div>}
              <CpvCodes cpv={l.cpv} label />
            </li>
          ))}
        </ul>
      </Section>

      {!d.registered && (
        <div className="panel stack-sm">
          {isSupplier ? (
            <>
              <Paragraph>{t('dialogue.registerIntro')}</Paragraph>
              <ErrorAlert error={registration.error} />
              <div>
                <Button
                  loading={registration.fetching}
                  onClick={async () => report(await register({ id: d.id }), t('dialogue.registeredStatus'))}
                >
                  {t('dialogue.register')}
                </Button>
              </div>
            </>
          ) : (
            <Paragraph>{t('dialogue.suppliersOnly')}</Paragraph>
          )}
        </div>
      )}

      {d.registered && !x && (inside.fetching ? <Loading /> : <ErrorAlert error={inside.error} />)}
      {x && (
        <>
          <PublishedDocuments documents={x.documents} />
          <Answers questions={x.questions} />
          <MyQuestions procurementId={d.id} open={d.open} x={x} report={report} onChange={refresh} />
          <MeetingSlots open={d.open} maxBookings={d.maxBookingsPerSupplier} x={x} report={report} />
          <PublicChannel procurementId={d.id} messages={x.publicMessages} />
        </>
      )}
    </article>
  );
}
