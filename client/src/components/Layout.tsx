import { Alert, Button, Label, Paragraph, Select, SkipLink } from '@digdir/designsystemet-react';
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Link as RouterLink, useLocation, useNavigate } from 'react-router';
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

/** Three lines: the menu button's icon (its name is the word beside it). */
function MenuIcon({ open }: { open: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" focusable="false">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        d={open ? 'M6 6l12 12M18 6L6 18' : 'M4 7h16M4 12h16M4 17h16'}
      />
    </svg>
  );
}

/**
 * Whether the header's menu is open (it matters only on narrow screens, where the navigation and
 * the tools fold into it): closed again on every navigation and by Escape, which gives the focus
 * back to the button.
 */
function useHeaderMenu() {
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  const button = useRef<HTMLButtonElement>(null);
  // Closed when the route changes (React's pattern for state that follows a changing input).
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !open) return;
    setOpen(false);
    button.current?.focus();
  };
  return { open, toggle: () => setOpen((o) => !o), close: () => setOpen(false), buttonRef: button, onKeyDown };
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { viewer, signOut } = useSession();
  const navigate = useNavigate();
  const { open: menuOpen, toggle: toggleMenu, close: closeMenu, buttonRef, onKeyDown } = useHeaderMenu();
  const menuId = useId();
  return (
    <>
      <SkipLink href="#main">{t('layout.skipToContent')}</SkipLink>
      <header className="app-header" onKeyDown={onKeyDown}>
        <div className="app-header-inner">
          <RouterLink to="/" className="app-name">
            Samverka
          </RouterLink>
          {viewer && (
            <>
              {/* On a phone the bell stays in sight beside the menu button; the rest folds into the menu. */}
              <div className="app-header-bell">
                <NotificationBell />
              </div>
              <button
                type="button"
                ref={buttonRef}
                className="app-menu-button"
                aria-expanded={menuOpen}
                aria-controls={menuId}
                onClick={toggleMenu}
              >
                <MenuIcon open={menuOpen} />
                {t('layout.menu')}
              </button>
            </>
          )}
          <div
            className="app-header-menu"
            id={menuId}
            data-open={menuOpen || !viewer ? 'true' : undefined}
            // A link to the page already shown changes no route: the menu closes on the click.
            onClick={(e) => {
              if ((e.target as HTMLElement).closest('a')) closeMenu();
            }}
          >
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
        </div>
      </header>
      <LiveBanner />
      <main id="main" tabIndex={-1} className="app-main">
        {children}
      </main>
    </>
  );
}
