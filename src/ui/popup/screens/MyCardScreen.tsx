/** My card: the invite code to copy, its QR code, and a ready-to-paste message explaining it. */
import { t } from '../../i18n';
import { QrCode } from '../../qr/QrCode';
import { usePrivileged } from '../../useBackground';
import { CopyField } from '../../components/CopyField';
import { LoadFailure, Loading } from '../components/LoadFailure';
import { ScreenHeading } from '../components/ScreenHeading';
import type { Navigator } from '../useNavigation';

export function MyCardScreen({ nav }: { nav: Navigator }) {
  const card = usePrivileged('myCard', {});
  return (
    <section>
      <ScreenHeading>{t('myCard.heading')}</ScreenHeading>
      {card === undefined && <Loading text={t('common.loading')} />}
      {card?.ok === false && <LoadFailure failure={card} nav={nav} />}
      {card?.ok === true && (
        <>
          <p>{t('myCard.intro')}</p>
          <p class="identity-line">
            <strong>{card.value.displayName}</strong>
            {card.value.instagram && <span class="muted"> {t('contact.username', { username: card.value.instagram })}</span>}
          </p>
          <CopyField label={t('myCard.code')} value={card.value.code} copyLabel={t('myCard.copyCode')} rows={4} monospace />
          <div class="qr-box">
            <QrCode value={card.value.qr} label={t('myCard.qr')} size={220} />
          </div>
          <CopyField label={t('myCard.share')} hint={t('myCard.shareHint')} value={card.value.shareText} copyLabel={t('myCard.copyShare')} rows={5} />
          <p class="muted">{t('myCard.next')}</p>
        </>
      )}
    </section>
  );
}

