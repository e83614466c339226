/**
 * Messages to this chat's contact that did not go out (`unsentMessages`): a send whose frame went
 * away with the page (the chat was left, or the page reloaded, mid-send) is offered back here when
 * the user returns, instead of lying silently in the archive. Its text is shown only inside this
 * extension frame, fetched from the background over the privileged channel.
 *
 * - 'not-sent': "was not sent"; Put it back in the box (sent again as a new message) or Discard.
 * - 'maybe-sent': "may have been sent, check the chat"; Put it back in the box or Dismiss. Asked
 *   again every POLL_MS while shown (for a minute): once the reader finds its bubble, it is sent
 *   and goes away.
 *
 * Messages this frame sent itself are left out (`exclude`): their outcome is on the feedback line.
 */
import { useEffect, useState } from 'preact/hooks';
import { request } from '../../messaging/client';
import type { UnsentMessage } from '../../messaging/protocol';
import { failureText } from '../failure-text';
import { t, tPlural } from '../i18n';

const POLL_MS = 3000;
/** Each ask reads the contact's archive: after about a minute, only focus or a send asks again. */
const MAX_POLLS = 20;

export interface UnsentNoticeProps {
  threadId: string;
  contactName: string;
  /** Ids not to offer (sent from this frame, or already put back in the box). */
  exclude: readonly string[];
  /** Bumped when the frame should ask again (focus, a send finished). */
  refresh: number | string;
  onRestore(message: UnsentMessage): void;
}

export function UnsentNotice({ threadId, contactName, exclude, refresh, onRestore }: UnsentNoticeProps) {
  const [messages, setMessages] = useState<UnsentMessage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const shown = messages.filter((m) => !exclude.includes(m.messageId));
  const current = shown.at(-1);
  const waiting = shown.some((m) => m.state === 'maybe-sent');

  useEffect(() => {
    let live = true;
    void request('privileged', 'unsentMessages', { threadId }).then((reply) => {
      if (live && reply.ok) setMessages(reply.value.messages);
    });
    return () => {
      live = false;
    };
  }, [threadId, refresh, tick]);

  useEffect(() => {
    if (!waiting || tick >= MAX_POLLS) return;
    const timer = setTimeout(() => setTick((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [waiting, tick]);

  if (!current) return null;

  async function dismiss(message: UnsentMessage) {
    setBusy(true);
    setError(null);
    const reply = await request('privileged', 'dismissUnsent', { messageId: message.messageId });
    setBusy(false);
    if (!reply.ok && !(reply.error === 'refused' && reply.reason === 'no-message')) {
      setError(failureText(reply));
      return;
    }
    setMessages((list) => list.filter((m) => m.messageId !== message.messageId));
  }

  const notSent = current.state === 'not-sent';
  return (
    <section class="unsent" role="alert" data-testid="unsent-message" data-state={current.state}>
      <p class="warning">
        <span aria-hidden="true">⚠ </span>
        {notSent ? t('compose.unsent.notSent', { name: contactName }) : t('compose.unsent.maybeSent', { name: contactName })}
      </p>
      <blockquote class="unsent-text" data-testid="unsent-text">
        {current.text}
      </blockquote>
      <div class="row">
        <button type="button" disabled={busy} onClick={() => onRestore(current)}>
          {t('compose.unsent.restore')}
        </button>
        <button type="button" disabled={busy} onClick={() => void dismiss(current)}>
          {notSent ? t('compose.unsent.discard') : t('compose.unsent.dismiss')}
        </button>
      </div>
      {shown.length > 1 && <p class="hint">{tPlural('compose.unsent.more', shown.length - 1)}</p>}
      {error && (
        <p class="feedback-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </section>
  );
}
