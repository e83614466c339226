/**
 * Inline confirmation for destructive actions (no window.confirm, which popups handle badly).
 * `ConfirmPrompt` shows a question with confirm / cancel and moves focus to the question;
 * `ConfirmAction` is a button that opens one.
 *
 * In a frame on instagram.com (`armMs`), the confirm button answers only a moment after the
 * question appeared: the page can load our frames itself, hide them and put them under something
 * the user clicks, and the confirm button takes the place of the button that opened it, so a
 * lured double click would otherwise do both. The popup cannot be framed by the page and needs none.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';

/** The arming delay for confirmations in frames placed on instagram.com. */
export const FRAME_CONFIRM_ARM_MS = 600;

export interface ConfirmPromptProps {
  question: string;
  confirmLabel: string;
  busy?: boolean;
  /** The confirm button is disabled for this long after the question appears (see above). */
  armMs?: number;
  onConfirm(): void | Promise<void>;
  onCancel(): void;
}

export function ConfirmPrompt({ question, confirmLabel, busy = false, armMs = 0, onConfirm, onCancel }: ConfirmPromptProps) {
  const id = useId();
  const ref = useRef<HTMLParagraphElement>(null);
  const [armed, setArmed] = useState(armMs <= 0);
  useEffect(() => ref.current?.focus(), []);
  useEffect(() => {
    if (armMs <= 0) return;
    const timer = setTimeout(() => setArmed(true), armMs);
    return () => clearTimeout(timer);
  }, [armMs]);
  return (
    <div class="confirm" role="group" aria-labelledby={id}>
      <p id={id} ref={ref} tabIndex={-1}>
        <span aria-hidden="true">⚠ </span>
        {question}
      </p>
      <div class="row">
        <button type="button" class="danger" disabled={busy || !armed} onClick={() => armed && void onConfirm()}>
          {confirmLabel}
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

export interface ConfirmActionProps extends Omit<ConfirmPromptProps, 'onCancel'> {
  /** Label of the button that opens the prompt. */
  trigger: string;
  /** Checked when the button is pressed; a string is shown instead of the prompt (e.g. a missing field). */
  precheck?(): string | null;
  onBlocked?(message: string): void;
}

export function ConfirmAction({ trigger, precheck, onBlocked, busy = false, ...prompt }: ConfirmActionProps) {
  const [asking, setAsking] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    // Back from the prompt: return focus to the button that opened it.
    if (wasAsking.current && !asking) triggerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (asking) {
    return (
      <ConfirmPrompt
        {...prompt}
        busy={busy}
        onConfirm={async () => {
          await prompt.onConfirm();
          setAsking(false);
        }}
        onCancel={() => setAsking(false)}
      />
    );
  }
  return (
    <button
      type="button"
      class="danger"
      ref={triggerRef}
      disabled={busy}
      onClick={() => {
        const blocked = precheck?.() ?? null;
        if (blocked !== null) onBlocked?.(blocked);
        else setAsking(true);
      }}
    >
      {trigger}
    </button>
  );
}
