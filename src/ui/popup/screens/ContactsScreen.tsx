/** Contacts: each with name, @username and verification state; opens the contact's page. */
import type { ContactSummary } from '../../../messaging/protocol';
import { t } from '../../i18n';
import { usePrivileged } from '../../useBackground';
import { LoadFailure, Loading } from '../components/LoadFailure';
import { ScreenHeading } from '../components/ScreenHeading';
import { VerificationBadge } from '../../components/VerificationBadge';
import type { Navigator } from '../useNavigation';

export function ContactsScreen({ nav }: { nav: Navigator }) {
  const list = usePrivileged('listContacts', {});
  return (
    <section>
      <ScreenHeading>{t('contacts.heading')}</ScreenHeading>
      {list === undefined && <Loading text={t('common.loading')} />}
      {list?.ok === false && <LoadFailure failure={list} nav={nav} />}
      {list?.ok === true && list.value.contacts.length === 0 && (
        <>
          <p>{t('contacts.empty')}</p>
          <button type="button" class="primary" onClick={() => nav.go({ screen: 'add-contact' })}>
            {t('contacts.add')}
          </button>
        </>
      )}
      {list?.ok === true && list.value.contacts.length > 0 && (
        <ul class="contact-list" data-testid="contact-list">
          {sortByName(list.value.contacts).map((contact) => (
            <li key={contact.id}>
              <ContactRow contact={contact} onOpen={() => nav.go({ screen: 'contact', id: contact.id })} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ContactRow({ contact, onOpen }: { contact: ContactSummary; onOpen(): void }) {
  return (
    <button type="button" class="contact-row" onClick={onOpen} data-contact-id={contact.id}>
      <span class="contact-text">
        <span class="contact-name">{contact.name}</span>
        <span class="contact-username muted">{contact.instagram ? t('contact.username', { username: contact.instagram }) : t('contact.noUsername')}</span>
      </span>
      <VerificationBadge verification={contact.verification} />
    </button>
  );
}

function sortByName(contacts: ContactSummary[]): ContactSummary[] {
  return [...contacts].sort((a, b) => a.name.localeCompare(b.name));
}
