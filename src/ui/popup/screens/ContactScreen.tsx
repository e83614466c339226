/**
 * One contact: key-change warning, safety number (digits and QR) with verify / unverify, name and
 * username, message history, removal. Every change re-reads the details from the background.
 */
import { useState } from 'preact/hooks';
import { formatDate, t } from '../../i18n';
import { usePrivileged } from '../../useBackground';
import { ArchiveSection } from '../contact/ArchiveSection';
import { EditContactForm } from '../contact/EditContactForm';
import { KeyChangedBanner } from '../contact/KeyChangedBanner';
import { RemoveContactSection } from '../contact/RemoveContactSection';
import { SafetyNumberSection } from '../contact/SafetyNumberSection';
import { LoadFailure, Loading } from '../components/LoadFailure';
import { ScreenHeading } from '../components/ScreenHeading';
import { VerificationBadge } from '../../components/VerificationBadge';
import type { Navigator } from '../useNavigation';

export function ContactScreen({ nav, id }: { nav: Navigator; id: string }) {
  const [version, setVersion] = useState(0);
  const details = usePrivileged('contactDetails', { id }, version);
  const reload = () => setVersion((v) => v + 1);
  return (
    <section>
      <button type="button" class="link" onClick={() => nav.go({ screen: 'contacts' })}>
        <span aria-hidden="true">← </span>
        {t('common.backToContacts')}
      </button>
      {details === undefined && <Loading text={t('common.loading')} />}
      {details?.ok === false && <LoadFailure failure={details} nav={nav} />}
      {details?.ok === true && (
        <>
          <ScreenHeading>{details.value.name}</ScreenHeading>
          <p class="contact-meta">
            <span class="muted">{details.value.instagram ? t('contact.username', { username: details.value.instagram }) : t('contact.noUsername')}</span>
            <VerificationBadge verification={details.value.verification} />
          </p>
          <p class="muted">{t('contact.addedAt', { date: formatDate(details.value.addedAt) })}</p>
          {details.value.verification === 'key-changed' && <KeyChangedBanner contact={details.value} />}
          <SafetyNumberSection nav={nav} contact={details.value} onChanged={reload} />
          <EditContactForm nav={nav} contact={details.value} onChanged={reload} />
          <ArchiveSection nav={nav} contact={details.value} onChanged={reload} />
          <RemoveContactSection nav={nav} contact={details.value} />
        </>
      )}
    </section>
  );
}
