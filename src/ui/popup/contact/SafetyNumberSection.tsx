/** The safety number as digits and QR code, how to compare it, and the verify / unverify toggle. */
import { request } from '../../../messaging/client';
import type { ContactDetails } from '../../../messaging/protocol';
import { t } from '../../i18n';
import { QrCode } from '../../qr/QrCode';
import { FeedbackLine } from '../../components/Feedback';
import { SafetyNumber } from '../components/SafetyNumber';
import { useAction } from '../useAction';
import type { Navigator } from '../useNavigation';

export interface ContactSectionProps {
  nav: Navigator;
  contact: ContactDetails;
  onChanged(): void;
}

export function SafetyNumberSection({ nav, contact, onChanged }: ContactSectionProps) {
  const action = useAction(nav);
  const verified = contact.verification === 'verified';

  async function toggle() {
    const reply = await action.perform(() => request('privileged', 'setVerified', { id: contact.id, verified: !verified }));
    if (!reply.ok) return;
    action.succeed(verified ? t('contact.unverifiedNotice') : t('contact.verifiedNotice'));
    onChanged();
  }

  return (
    <section aria-labelledby="safety-heading">
      <h3 id="safety-heading">{t('contact.safety.heading')}</h3>
      <p>{t('contact.safety.explain', { name: contact.name })}</p>
      <SafetyNumber digits={contact.safetyNumber} />
      <div class="qr-box">
        <QrCode value={contact.safetyQr} label={t('contact.safety.qr')} size={160} />
      </div>
      <div class="row">
        <button type="button" class={verified ? undefined : 'primary'} disabled={action.busy} onClick={() => void toggle()}>
          {verified ? t('contact.unverify') : t('contact.markVerified')}
        </button>
      </div>
      <FeedbackLine feedback={action.feedback} />
    </section>
  );
}
