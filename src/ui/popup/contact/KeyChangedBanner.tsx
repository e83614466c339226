/** The warning a contact shows after its identity key changed, until it is verified again. */
import type { ContactDetails } from '../../../messaging/protocol';
import { formatDate, t } from '../../i18n';

export function KeyChangedBanner({ contact }: { contact: ContactDetails }) {
  return (
    <div class="warning" data-testid="key-changed-banner">
      <h3>
        <span aria-hidden="true">⚠ </span>
        {t('contact.keyChanged.heading')}
      </h3>
      <p>{t('contact.keyChanged.body', { name: contact.name })}</p>
      {contact.keyChangedAt !== null && <p class="muted">{t('contact.keyChanged.at', { date: formatDate(contact.keyChangedAt) })}</p>}
    </div>
  );
}
