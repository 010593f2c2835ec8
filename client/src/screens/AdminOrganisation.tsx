import { Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorAlert, Loading, NotAllowed, QueryState } from '../components/Feedback';
import { Section } from '../components/Section';
import { kindOfType } from '../lib/events';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import { useViewer, type Viewer } from '../lib/session';
import { usePageTitle } from '../lib/title';
import { AccessSettings, NoticeDetails, OrganisationQuery, PlatformTools } from './AdminAccess';
import { ApprovalQueue, People } from './AdminPeople';

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

/** Who may administer which organisation: its own admins, and the platform's for any. */
const canAdminister = (viewer: Viewer, organisationId: string) =>
  viewer.isAdmin || (viewer.role === 'ADMIN' && viewer.organisation.id === organisationId);

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
      <QueryState
        error={error}
        loading={!data && fetching}
        empty={before === null && data && entries.length === 0 && t('adminOrg.activity.none')}
      />
      <ul className="plain-list activity-list">
        {entries.map((a) => {
          const kind = kindOfType(a.type);
          const what = kind ? t(`eventKind.${kind}`) : t('adminOrg.activity.other', { type: a.type });
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
    <Section headingId="activity-heading" title={t('adminOrg.activity.title')}>
      <Paragraph data-size="sm">{t('adminOrg.activity.intro')}</Paragraph>
      {pages.map((before) => (
        <ActivityPage
          key={before ?? ''}
          organisationId={organisationId}
          before={before}
          onMore={(id) => setPages((list) => (list.includes(id) ? list : [...list, id]))}
        />
      ))}
    </Section>
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
          <NoticeDetails key={`details-${organisation.id}`} organisation={organisation} />
          {viewer.isAdmin && <PlatformTools key={organisation.id} organisation={organisation} onChange={changed} />}
          <Activity organisationId={organisation.id} />
        </>
      )}
    </div>
  );
}
