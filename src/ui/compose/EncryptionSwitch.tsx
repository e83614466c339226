/**
 * "Encryption on for this chat": a visible switch. Turning it off lets Instagram's own composer be
 * used in this chat (plaintext); the background records the choice, then the frame tells the content
 * script to re-read the chat's state.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { request } from '../../messaging/client';
import { failureText } from '../failure-text';
import { postToParent, stateChangedMessage } from '../frame-messages';
import { t } from '../i18n';

export interface EncryptionSwitchProps {
  threadId: string;
  encrypt: boolean;
  disabled?: boolean;
  /** Called after the background accepted the change: re-read the compose state. */
  onChanged(): void;
}

export function EncryptionSwitch({ threadId, encrypt, disabled = false, onChanged }: EncryptionSwitchProps) {
  const id = useId();
  const [pending, setPending] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );
  // The new state arrived from the background: show it instead of the one we asked for.
  useEffect(() => setPending(null), [encrypt]);

  async function toggle(next: boolean) {
    if (pending !== null) return;
    setPending(next);
    setError(null);
    const reply = await request('privileged', 'setThreadEncryption', { threadId, encrypt: next });
    if (!live.current) return;
    if (!reply.ok) {
      setPending(null);
      setError(failureText(reply));
      return;
    }
    postToParent(stateChangedMessage());
    onChanged();
  }

  return (
    <div>
      <span class="switch">
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={pending ?? encrypt}
          disabled={disabled || pending !== null}
          onChange={(e) => void toggle(e.currentTarget.checked)}
        />
        <label for={id}>{t('compose.switch')}</label>
      </span>
      {error && (
        <p class="feedback-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}
