/**
 * When Instagram's page only accepts typed input, the background hands back the armored parts
 * (ciphertext, safe for the page to see) for the user to paste and send by hand, one Instagram
 * message per part. The plaintext is never shown here.
 */
import { useEffect, useId, useRef } from 'preact/hooks';
import { CopyField } from '../components/CopyField';
import { t, tPlural } from '../i18n';

export function ManualParts({ parts, onDone }: { parts: string[]; onDone(): void }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const single = parts.length === 1;
  return (
    <section class="manual" aria-labelledby={id} data-testid="manual-parts">
      <h2 id={id} ref={heading} tabIndex={-1}>
        {t('compose.manual.heading')}
      </h2>
      <p>{tPlural('compose.manual.body', parts.length)}</p>
      {parts.map((part, i) => (
        <CopyField
          key={`${i}:${part}`}
          label={single ? t('compose.manual.single') : t('compose.manual.part', { part: i + 1, parts: parts.length })}
          value={part}
          copyLabel={single ? t('compose.manual.copy') : t('compose.manual.copyPart', { part: i + 1 })}
          monospace
          rows={3}
        />
      ))}
      <div class="row">
        <button type="button" onClick={onDone}>
          {t('compose.manual.done')}
        </button>
      </div>
    </section>
  );
}
