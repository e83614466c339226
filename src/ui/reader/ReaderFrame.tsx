/**
 * The reader frame: an extension-origin iframe the content script puts inside a chat bubble that
 * holds Sealed DMs ciphertext, at `/reader-frame.html#m=<messageId>&s=<status>&p=<part>&n=<parts>`
 * (src/ui/frame-hash.ts). Decrypted text exists only here (and in the background's archive).
 *
 * The hash is the page's to rewrite, so it is trusted for nothing: `s=ok` only means "ask the
 * background for message m", and the text, sender, time and verification shown all come from the
 * background's answer. Any other status shows a failure badge and its explanation, never text and
 * never a verified mark. The user's security pattern is drawn in every state.
 */
import type { SecurityPattern } from '../../messaging/protocol';
import { VerificationBadge } from '../components/VerificationBadge';
import { failureText } from '../failure-text';
import { parseReaderHash, type FailureStatus } from '../frame-hash';
import { FrameNote } from '../frames/FrameNote';
import { FrameRoot } from '../frames/FrameRoot';
import { useFocusRefresh } from '../frames/useFocusRefresh';
import { useLocationHash } from '../frames/useLocationHash';
import { formatDateTime, t } from '../i18n';
import { SecurityPatternBadge } from '../pattern/SecurityPatternBadge';
import { usePrivileged } from '../useBackground';
import { payloadBadge, payloadExplanation, payloadIcon } from './payload-text';

const PATTERN_SIZE = 16;

export function ReaderFrame() {
  const hash = useLocationHash();
  const refresh = useFocusRefresh();
  const status = usePrivileged('status', {}, refresh);
  const pattern = status?.ok ? status.value.pattern : null;
  const target = parseReaderHash(hash);
  return (
    <FrameRoot class="reader" testId="reader-frame">
      {target === null ? (
        <FrameNote pattern={pattern} text={t('frame.badLink')} alert />
      ) : target.kind === 'failure' ? (
        <PayloadFailure status={target.status} part={target.part} parts={target.parts} pattern={pattern} />
      ) : target.continues ? (
        <FrameNote pattern={pattern} text={t('reader.continued', target.continues)} />
      ) : (
        <ReaderMessage key={target.messageId} messageId={target.messageId} refresh={refresh} pattern={pattern} />
      )}
    </FrameRoot>
  );
}

function ReaderMessage({ messageId, refresh, pattern }: { messageId: string; refresh: number; pattern: SecurityPattern | null }) {
  const reply = usePrivileged('readMessage', { messageId }, refresh);
  if (reply === undefined) return <FrameNote pattern={pattern} text={t('common.loading')} />;
  if (!reply.ok) {
    if (reply.error === 'refused' && reply.reason === 'no-message') return <FrameNote pattern={pattern} text={t('reader.noMessage')} />;
    if (reply.error === 'refused' && reply.reason === 'locked') return <PayloadFailure status="locked" part={null} parts={null} pattern={pattern} />;
    return <FrameNote pattern={pattern} text={failureText(reply)} alert />;
  }
  const message = reply.value;
  const when = validDate(message.at);
  return (
    <article data-testid="reader-message" data-direction={message.direction}>
      {/* A text node: line breaks kept by CSS (pre-wrap), never parsed as markup. */}
      <p class="reader-text" dir="auto" data-testid="reader-text">
        {message.text}
      </p>
      <div class="reader-meta">
        {pattern && <SecurityPatternBadge pattern={pattern} size={PATTERN_SIZE} />}
        <span>{message.direction === 'sent' ? t('reader.to', { name: message.contactName }) : t('reader.from', { name: message.contactName })}</span>
        {when && <time dateTime={when.toISOString()}>{formatDateTime(message.at)}</time>}
        <VerificationBadge verification={message.verification} />
      </div>
    </article>
  );
}

function PayloadFailure({ status, part, parts, pattern }: { status: FailureStatus; part: number | null; parts: number | null; pattern: SecurityPattern | null }) {
  return (
    <div data-testid="payload-failure" data-status={status}>
      <div class="reader-meta">
        {pattern && <SecurityPatternBadge pattern={pattern} size={PATTERN_SIZE} />}
        <span class={`payload-badge payload-${status}`}>
          <span aria-hidden="true">{payloadIcon(status)}</span>
          {payloadBadge(status)}
        </span>
      </div>
      <p class="reader-explain" role="status">
        {payloadExplanation(status, part, parts)}
      </p>
    </div>
  );
}

function validDate(epochMs: number): Date | null {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? null : date;
}
