/**
 * When Instagram's page only accepts typed input, the background hands back the armored parts
 * (ciphertext, safe for the page to see) for the user to paste and send by hand, one Instagram
 * message per part. The plaintext is never shown here.
 *
 * While it is shown, the frame asks to stand above Instagram's composer bar (`placement`), so the
 * user can click the box; the content script's guard lets exactly these parts through it. Each
 * part is marked once its bubble is in the chat (`manualProgress`, asked every POLL_MS); when every
 * part is, the list closes by itself.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { request } from '../../messaging/client';
import { CopyField } from '../components/CopyField';
import { placementMessage, postToParent } from '../frame-messages';
import { t, tPlural } from '../i18n';

const POLL_MS = 1500;

export interface ManualPartsProps {
  messageId: string;
  parts: string[];
  /** The user closed the list (`allSent` false), or every part reached the chat (true). */
  onDone(allSent: boolean): void;
}

export function ManualParts({ messageId, parts, onDone }: ManualPartsProps) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [seen, setSeen] = useState<boolean[]>(() => parts.map(() => false));
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    postToParent(placementMessage(true));
    return () => postToParent(placementMessage(false));
  }, []);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const reply = await request('privileged', 'manualProgress', { messageId, parts });
      if (!live) return;
      // No such message any more (deleted, another vault): nothing left to watch.
      if (!reply.ok && reply.error === 'refused') return;
      if (reply.ok && reply.value.seen.length === parts.length) {
        setSeen(reply.value.seen);
        if (reply.value.seen.every(Boolean)) {
          done.current(true);
          return;
        }
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    timer = setTimeout(() => void poll(), POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [messageId, parts]);

  const single = parts.length === 1;
  return (
    <section class="manual" aria-labelledby={id} data-testid="manual-parts">
      <h2 id={id} ref={heading} tabIndex={-1}>
        {t('compose.manual.heading')}
      </h2>
      <p>{tPlural('compose.manual.body', parts.length)}</p>
      {parts.map((part, i) => (
        <div key={`${i}:${part}`} class="manual-part" data-testid="manual-part" data-sent={seen[i] ? 'true' : 'false'}>
          {seen[i] ? (
            <p class="feedback-success">
              <span aria-hidden="true">✓ </span>
              {single ? t('compose.manual.single') : t('compose.manual.part', { part: i + 1, parts: parts.length })}: {t('compose.manual.partSent')}
            </p>
          ) : (
            <CopyField
              label={single ? t('compose.manual.single') : t('compose.manual.part', { part: i + 1, parts: parts.length })}
              value={part}
              copyLabel={single ? t('compose.manual.copy') : t('compose.manual.copyPart', { part: i + 1 })}
              monospace
              rows={2}
            />
          )}
        </div>
      ))}
      <div class="row">
        <button type="button" onClick={() => onDone(false)}>
          {t('compose.manual.done')}
        </button>
      </div>
    </section>
  );
}
