/**
 * Set a passphrase (none yet), or change or remove it (current passphrase required). The background
 * re-encrypts the keys atomically; a wrong current passphrase is refused and throttled there.
 */
import { useState } from 'preact/hooks';
import { request } from '../../../messaging/client';
import { t } from '../../i18n';
import { ConfirmAction } from '../../components/Confirm';
import { FeedbackLine } from '../../components/Feedback';
import { TextField } from '../components/TextField';
import { useAction } from '../useAction';
import type { Navigator } from '../useNavigation';

export function PassphraseSection({ nav, hasPassphrase, onChanged }: { nav: Navigator; hasPassphrase: boolean; onChanged(): void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const action = useAction(nav);
  const mismatch = confirmation !== '' && next !== confirmation;

  async function send(payload: { current: string | null; next: string | null }, done: string) {
    const reply = await action.perform(() => request('privileged', 'setPassphrase', payload));
    if (!reply.ok) return;
    setCurrent('');
    setNext('');
    setConfirmation('');
    action.succeed(done);
    onChanged();
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (hasPassphrase && current === '') return action.fail(t('settings.passphrase.needCurrent'));
    if (next === '' || confirmation === '') return action.fail(t('settings.passphrase.needNew'));
    if (next !== confirmation) return action.fail(t('field.passphrase.mismatch'));
    await send({ current: hasPassphrase ? current : null, next }, t('settings.passphrase.saved'));
  }

  return (
    <section aria-labelledby="passphrase-heading">
      <h3 id="passphrase-heading">{t('settings.passphrase.heading')}</h3>
      {!hasPassphrase && <p class="muted">{t('settings.passphrase.none')}</p>}
      <form onSubmit={(e) => void submit(e)} noValidate>
        {hasPassphrase && <TextField type="password" label={t('settings.passphrase.current')} value={current} onValue={setCurrent} autoComplete="current-password" />}
        <TextField type="password" label={t('settings.passphrase.new')} value={next} onValue={setNext} autoComplete="new-password" />
        <TextField type="password" label={t('settings.passphrase.newConfirm')} value={confirmation} onValue={setConfirmation} autoComplete="new-password" invalid={mismatch} />
        <div class="row">
          <button type="submit" class="primary" disabled={action.busy}>
            {hasPassphrase ? t('settings.passphrase.change') : t('settings.passphrase.set')}
          </button>
          {hasPassphrase && (
            <ConfirmAction
              trigger={t('settings.passphrase.remove')}
              question={t('settings.passphrase.removeConfirm')}
              confirmLabel={t('settings.passphrase.remove')}
              busy={action.busy}
              precheck={() => (current === '' ? t('settings.passphrase.needCurrent') : null)}
              onBlocked={action.fail}
              onConfirm={() => send({ current, next: null }, t('settings.passphrase.removed'))}
            />
          )}
        </div>
        <FeedbackLine feedback={action.feedback} />
      </form>
    </section>
  );
}
