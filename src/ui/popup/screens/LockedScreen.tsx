/**
 * Locked (vault 'locked'): the passphrase form. After too many wrong passphrases the background
 * refuses with 'throttled' and a `retryAt`; the form then counts down and stays disabled until then.
 * The countdown is a timer (not announced every second); the live region announces its start and end.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../../../messaging/client';
import { t, tPlural } from '../../i18n';
import { FeedbackLine } from '../../components/Feedback';
import { ScreenHeading } from '../components/ScreenHeading';
import { TextField } from '../components/TextField';
import { secondsUntil } from '../../failure-text';
import { useAction } from '../useAction';
import type { Navigator } from '../useNavigation';
import { useNow } from '../useNow';

export function LockedScreen({ nav }: { nav: Navigator }) {
  const [passphrase, setPassphrase] = useState('');
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const action = useAction(nav);
  const now = useNow(retryAt !== null);
  const waiting = retryAt !== null && now < retryAt;
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);
  useEffect(() => {
    if (retryAt !== null && !waiting) {
      setRetryAt(null);
      action.succeed(t('locked.retryNow'));
      inputRef.current?.focus();
    }
  }, [waiting, retryAt]);

  async function submit(event: Event) {
    event.preventDefault();
    if (waiting || action.busy || passphrase === '') return;
    const reply = await action.perform(() => request('privileged', 'unlock', { passphrase }));
    setPassphrase('');
    if (reply.ok) return nav.refresh();
    if (reply.error === 'refused' && reply.reason === 'throttled' && reply.retryAt !== undefined && reply.retryAt > Date.now()) setRetryAt(reply.retryAt);
    inputRef.current?.focus();
  }

  return (
    <section>
      <ScreenHeading focusOnMount={false}>{t('locked.heading')}</ScreenHeading>
      <p>{t('locked.body')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField type="password" label={t('field.passphrase')} value={passphrase} onValue={setPassphrase} autoComplete="current-password" inputRef={inputRef} disabled={waiting} />
        <div class="row">
          <button type="submit" class="primary" disabled={action.busy || waiting || passphrase === ''}>
            {action.busy ? t('locked.unlocking') : t('locked.submit')}
          </button>
        </div>
      </form>
      {waiting && (
        <p role="timer" class="feedback-error" data-testid="throttle-countdown">
          <span aria-hidden="true">⚠ </span>
          {tPlural('locked.retryIn', secondsUntil(retryAt, now))}
        </p>
      )}
      <FeedbackLine feedback={action.feedback} visuallyHidden={waiting} />
    </section>
  );
}
