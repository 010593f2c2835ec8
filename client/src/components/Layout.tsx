import { Alert, Button, Label, Paragraph, Select, SkipLink } from '@digdir/designsystemet-react';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Link as RouterLink, useNavigate } from 'react-router';
import { useLiveState } from '../lib/api';
import { GuestTag, isGuestOrganisation } from './Guest';
import { NotificationBell } from './NotificationBell';
import { LOCALES, isLocale } from '../lib/i18n';
import { useSession } from '../lib/session';

/** Language names in their own language, so a user who cannot read the current one finds theirs. */
const LANGUAGE_NAMES = { nb: 'Norsk bokmål', sv: 'Svenska', en: 'English' } as const;

export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  const { setLocale } = useSession();
  const id = useId();
  return (
    <div className="language-select">
      <Label htmlFor={id} data-size="sm">
        {t('layout.language')}
      </Label>
      <Select
        id={id}
        data-size="sm"
        value={i18n.language}
        onChange={(e) => {
          if (isLocale(e.target.value)) void setLocale(e.target.value);
        }}
      >
        {LOCALES.map((l) => (
          <Select.Option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </Select.Option>
        ))}
      </Select>
    </div>
  );
}

/** Says when the live connection is lost and being restored; silent while all is well. */
function LiveBanner() {
  const { t } = useTranslation();
  const { api } = useSession();
  const state = useLiveState(api.live);
  return (
    <div role="status" aria-live="polite" className="live-banner">
      {state === 'reconnecting' && (
        <Alert data-color="warning" data-size="sm">
          <Paragraph data-size="sm">{t('layout.reconnecting')}</Paragraph>
        </Alert>
      )}
    </div>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { viewer, signOut } = useSession();
  const navigate = useNavigate();
  return (
    <>
      <SkipLink href="#main">{t('layout.skipToContent')}</SkipLink>
      <header className="app-header">
        <div className="app-header-inner">
          <RouterLink to="/" className="app-name">
            Samverka
          </RouterLink>
          {viewer && (
            <nav aria-label={t('layout.mainNavigation')}>
              <ul className="app-nav">
                <li>
                  <NavLink to="/" end>
                    {t('layout.home')}
                  </NavLink>
                </li>
                {/* Suppliers take part through market dialogues, never in buyer groups. */}
                {viewer.organisation.kind !== 'SUPPLIER' && (
                  <li>
                    <NavLink to="/groups" end>
                      {t('layout.groups')}
                    </NavLink>
                  </li>
                )}
                <li>
                  <NavLink to="/market-dialogues">{t('layout.marketDialogues')}</NavLink>
                </li>
                {/* An authority's journal of what it marked for the record (suppliers and guests keep none). */}
                {viewer.organisation.kind !== 'SUPPLIER' && viewer.organisation.kind !== 'GUEST' && (
                  <li>
                    <NavLink to="/journal">{t('layout.journal')}</NavLink>
                  </li>
                )}
                <li>
                  <NavLink to="/search">{t('layout.search')}</NavLink>
                </li>
                <li>
                  <NavLink to="/profile">{t('layout.profile')}</NavLink>
                </li>
                {/* Organisation admins manage their own organisation; platform admins every one. */}
                {viewer.role === 'ADMIN' && (
                  <li>
                    <NavLink to="/admin/organisation">{t('layout.organisationAdmin')}</NavLink>
                  </li>
                )}
                {viewer.isAdmin && (
                  <li>
                    <NavLink to="/admin/platform">{t('layout.platformAdmin')}</NavLink>
                  </li>
                )}
              </ul>
            </nav>
          )}
          <div className="app-header-tools">
            <LanguageSelect />
            {viewer && (
              <>
                <NotificationBell />
                <span className="app-user">
                  {viewer.displayName}
                  <span className="app-user-org">{viewer.organisation.name}</span>
                  {/* A guest account's "organisation" is only its affiliation: it acts for none. */}
                  {isGuestOrganisation(viewer.organisation) && (
                    <span>
                      <GuestTag />
                    </span>
                  )}
                </span>
                <Button
                  variant="tertiary"
                  data-size="sm"
                  onClick={() => {
                    void signOut().then(() => navigate('/sign-in'));
                  }}
                >
                  {t('layout.signOut')}
                </Button>
              </>
            )}
          </div>
        </div>
      </header>
      <LiveBanner />
      <main id="main" tabIndex={-1} className="app-main">
        {children}
      </main>
    </>
  );
}
