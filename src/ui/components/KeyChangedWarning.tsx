/** The warning shown before a contact's changed key replaces the old one (popup and card-offer frame say the same). */
import { t } from '../i18n';

export function KeyChangedWarning({ name }: { name: string }) {
  return (
    <div class="warning" role="alert" data-testid="key-changed-warning">
      <h4>
        <span aria-hidden="true">⚠ </span>
        {t('add.keyChanged.heading', { name })}
      </h4>
      <p>{t('add.keyChanged.body', { name })}</p>
    </div>
  );
}
