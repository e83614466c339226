/** Lock now and the auto-lock delay; both need a passphrase (without one there is nothing to lock with). */
import { useId } from 'preact/hooks';
import { request } from '../../../messaging/client';
import type { PrivilegedProtocol } from '../../../messaging/protocol';
import { t, tPlural } from '../../i18n';
import { FeedbackLine } from '../../components/Feedback';
import { useAction } from '../useAction';
import type { Navigator } from '../useNavigation';

type Settings = PrivilegedProtocol['settings']['response'];

/** The offered delays in minutes; null is "never". */
export const AUTO_LOCK_CHOICES: readonly (number | null)[] = [null, 5, 15, 60, 24 * 60];

export function autoLockLabel(minutes: number | null): string {
  if (minutes === null) return t('settings.autoLock.off');
  if (minutes === 24 * 60) return t('settings.autoLock.day');
  return tPlural('settings.autoLock.minutes', minutes);
}

export function LockSection({ nav, settings, onChanged }: { nav: Navigator; settings: Settings; onChanged(): void }) {
  const selectId = useId();
  const action = useAction(nav);
  // A value set elsewhere (or by an older version) stays selectable rather than silently changing.
  const choices = AUTO_LOCK_CHOICES.includes(settings.autoLockMinutes) ? AUTO_LOCK_CHOICES : [...AUTO_LOCK_CHOICES, settings.autoLockMinutes];

  async function lockNow() {
    const reply = await action.perform(() => request('privileged', 'lock', {}));
    if (reply.ok) await nav.refresh();
  }

  async function setAutoLock(value: string) {
    const minutes = value === 'off' ? null : Number(value);
    const reply = await action.perform(() => request('privileged', 'setAutoLock', { minutes }));
    if (!reply.ok) return;
    action.succeed(t('settings.autoLock.saved'));
    onChanged();
  }

  return (
    <section aria-labelledby="lock-heading">
      <h3 id="lock-heading">{t('settings.lock.heading')}</h3>
      {settings.hasPassphrase ? (
        <>
          <div class="row">
            <button type="button" class="primary" disabled={action.busy} onClick={() => void lockNow()}>
              {t('settings.lock.now')}
            </button>
          </div>
          <div class="field">
            <label for={selectId}>{t('settings.autoLock')}</label>
            <select id={selectId} value={settings.autoLockMinutes === null ? 'off' : String(settings.autoLockMinutes)} disabled={action.busy} onChange={(e) => void setAutoLock(e.currentTarget.value)}>
              {choices.map((minutes) => (
                <option key={String(minutes)} value={minutes === null ? 'off' : String(minutes)}>
                  {autoLockLabel(minutes)}
                </option>
              ))}
            </select>
          </div>
        </>
      ) : (
        <p class="muted">{t('settings.lock.needsPassphrase')}</p>
      )}
      <FeedbackLine feedback={action.feedback} />
    </section>
  );
}
