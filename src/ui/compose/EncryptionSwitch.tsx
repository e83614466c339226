/**
 * "Encryption on for this chat": a visible switch. Turning it off lets Instagram's own composer be
 * used in this chat (plaintext); the background records the choice, then the frame tells the content
 * script to re-read the chat's state.
 *
 * Turning it off takes a second, deliberate click: the page can load this frame itself, make it
 * invisible and put it under something the user clicks (clickjacking). So the switch only asks,
 * and "Turn encryption off" answers only FRAME_CONFIRM_ARM_MS after it appears
 * (components/Confirm.tsx): one click, or a double click, on a hidden frame cannot do it.
 * Turning it on needs no confirmation.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { request } from '../../messaging/client';
import { ConfirmPrompt, FRAME_CONFIRM_ARM_MS } from '../components/Confirm';
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
  /** Turning off was asked and waits for its confirmation. */
  const [confirming, setConfirming] = useState(false);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );
  // The new state arrived from the background: show it instead of the one we asked for.
  useEffect(() => setPending(null), [encrypt]);

  function ask(next: boolean) {
    if (pending !== null) return;
    if (next) void toggle(true);
    else setConfirming(true);
  }

  async function toggle(next: boolean) {
    if (pending !== null) return;
    setConfirming(false);
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
          onChange={(e) => {
            const next = e.currentTarget.checked;
            // Controlled: the box shows the state in force until the background accepted a change.
            e.currentTarget.checked = pending ?? encrypt;
            ask(next);
          }}
        />
        <label for={id}>{t('compose.switch')}</label>
      </span>
      {confirming && (
        <ConfirmPrompt
          question={t('compose.switch.confirm')}
          confirmLabel={t('compose.switch.turnOff')}
          armMs={FRAME_CONFIRM_ARM_MS}
          onConfirm={() => toggle(false)}
          onCancel={() => setConfirming(false)}
        />
      )}
      {error && (
        <p class="feedback-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}
