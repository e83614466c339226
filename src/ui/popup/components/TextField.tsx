/** A labelled single-line input with an optional hint, wired for screen readers. */
import type { Ref } from 'preact';
import { useId } from 'preact/hooks';

export interface TextFieldProps {
  label: string;
  value: string;
  onValue(value: string): void;
  type?: 'text' | 'password';
  hint?: string;
  autoComplete?: string;
  maxLength?: number;
  required?: boolean;
  invalid?: boolean;
  disabled?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

export function TextField({ label, value, onValue, type = 'text', hint, autoComplete = 'off', maxLength, required, invalid, disabled, inputRef }: TextFieldProps) {
  const id = useId();
  const common = {
    id,
    ref: inputRef,
    value,
    onInput: (e: Event) => onValue((e.currentTarget as HTMLInputElement).value),
    autoComplete,
    spellcheck: false,
    maxLength,
    required,
    disabled,
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': hint ? `${id}-hint` : undefined,
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {type === 'password' ? <input type="password" {...common} /> : <input type="text" {...common} />}
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
