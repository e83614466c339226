/**
 * The toolbar popup: header with the security pattern, the section menu once unlocked, and the
 * current screen chosen by the navigation state machine (./useNavigation.ts).
 *
 * `data-testid="popup-screen"` with `data-screen` (connecting, unreachable, first-run, locked,
 * contacts, contact:<id>, add-contact, my-card, settings) tells browser tests what is shown.
 */
import type { SecurityPattern } from '../../messaging/protocol';
import { t, type MessageKey } from '../i18n';
import { SecurityPatternBadge } from '../pattern/SecurityPatternBadge';
import { ScreenHeading } from './components/ScreenHeading';
import { AddContactScreen } from './screens/AddContactScreen';
import { ContactScreen } from './screens/ContactScreen';
import { ContactsScreen } from './screens/ContactsScreen';
import { FirstRunScreen } from './screens/FirstRunScreen';
import { LockedScreen } from './screens/LockedScreen';
import { MyCardScreen } from './screens/MyCardScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { screenName, usePopupNavigation, type NavState, type Navigator, type Route } from './useNavigation';

export function PopupApp() {
  const { state, nav } = usePopupNavigation();
  const screen = screenName(state);
  return (
    <div class="popup">
      <PopupHeader pattern={state.pattern} />
      {state.phase === 'unlocked' && <MainMenu route={state.route} go={nav.go} />}
      <main class="popup-main" data-testid="popup-screen" data-screen={screen}>
        <CurrentScreen key={screen} state={state} nav={nav} />
      </main>
    </div>
  );
}

function PopupHeader({ pattern }: { pattern: SecurityPattern | null }) {
  return (
    <header class="popup-header">
      {pattern && <SecurityPatternBadge pattern={pattern} size={28} />}
      <h1>{t('app.name')}</h1>
    </header>
  );
}

/** The sections reachable from the menu (a contact's page is reached from Contacts). */
const MENU: readonly { screen: 'contacts' | 'add-contact' | 'my-card' | 'settings'; label: MessageKey }[] = [
  { screen: 'contacts', label: 'nav.contacts' },
  { screen: 'add-contact', label: 'nav.addContact' },
  { screen: 'my-card', label: 'nav.myCard' },
  { screen: 'settings', label: 'nav.settings' },
];

function MainMenu({ route, go }: { route: Route; go: Navigator['go'] }) {
  // A contact's page belongs to the Contacts section.
  const section = route.screen === 'contact' ? 'contacts' : route.screen;
  return (
    <nav class="popup-menu" aria-label={t('nav.label')}>
      <ul>
        {MENU.map((item) => (
          <li key={item.screen}>
            <button type="button" aria-current={section === item.screen ? 'page' : undefined} onClick={() => go({ screen: item.screen })}>
              {t(item.label)}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function CurrentScreen({ state, nav }: { state: NavState; nav: Navigator }) {
  switch (state.phase) {
    case 'connecting':
      return <p aria-live="polite">{t('app.connecting')}</p>;
    case 'unreachable':
      return <UnreachableScreen nav={nav} />;
    case 'first-run':
      return <FirstRunScreen nav={nav} />;
    case 'locked':
      return <LockedScreen nav={nav} />;
    case 'unlocked':
      return <UnlockedScreen route={state.route} pattern={state.pattern} nav={nav} />;
  }
}

function UnlockedScreen({ route, pattern, nav }: { route: Route; pattern: SecurityPattern | null; nav: Navigator }) {
  switch (route.screen) {
    case 'contacts':
      return <ContactsScreen nav={nav} />;
    case 'contact':
      return <ContactScreen nav={nav} id={route.id} />;
    case 'add-contact':
      return <AddContactScreen nav={nav} />;
    case 'my-card':
      return <MyCardScreen nav={nav} />;
    case 'settings':
      return <SettingsScreen nav={nav} pattern={pattern} />;
  }
}

function UnreachableScreen({ nav }: { nav: Navigator }) {
  return (
    <section>
      <ScreenHeading>{t('app.unreachable.heading')}</ScreenHeading>
      <p role="alert">{t('app.unreachable.body')}</p>
      <button type="button" class="primary" onClick={() => void nav.refresh()}>
        {t('app.retry')}
      </button>
    </section>
  );
}
