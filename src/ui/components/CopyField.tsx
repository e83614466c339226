/** Read-only text (an invite code, a share message) with a Copy button and its own feedback. */
import { useId, useState } from 'preact/hooks';
import { t } from '../i18n';
import type { Feedback } from './Feedback';
import { FeedbackLine } from './Feedback';

export interface CopyFieldProps {
  label: string;
  value: string;
  copyLabel: string;
  hint?: string;
  rows?: number;
  monospace?: boolean;
}

export function CopyField({ label, value, copyLabel, hint, rows = 3, monospace = false }: CopyFieldProps) {
  const id = useId();
  const [feedback, setFeedback] = useState<Feedback>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setFeedback({ tone: 'success', text: t('common.copied') });
    } catch {
      setFeedback({ tone: 'error', text: t('common.copyFailed') });
    }
  }
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      <textarea
        id={id}
        class={monospace ? 'mono' : undefined}
        readOnly
        rows={rows}
        value={value}
        spellcheck={false}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onFocus={(e) => e.currentTarget.select()}
      />
      <div class="row">
        <button type="button" onClick={() => void copy()}>
          {copyLabel}
        </button>
      </div>
      <FeedbackLine feedback={feedback} />
    </div>
  );
}
