/**
 * Plain words for a send that did not go through (src/messaging/protocol.ts `SendOutcome` 'failed'):
 * why, then what left the browser. The template-literal key type makes the compiler check that the
 * catalog has a sentence for every PostFailure.
 */
import { MAYBE_SENT_FAILURES, type PostFailure } from '../../messaging/protocol';
import { t, tPlural, type MessageKey } from '../i18n';

const postFailureKey = (reason: PostFailure): MessageKey => `postFailure.${reason}`;

export function sendFailureText(reason: PostFailure, sentParts: number): string {
  // May have left: saying "nothing was sent" or inviting a retry could make the user send it twice.
  const what = MAYBE_SENT_FAILURES.has(reason)
    ? t('compose.failed.maybeSent')
    : sentParts > 0
      ? tPlural('compose.failed.partial', sentParts)
      : t('compose.failed.nothingSent');
  return `${t(postFailureKey(reason))} ${what}`;
}

/** Length of `text` in UTF-8 bytes, as TextEncoder would encode it (a lone surrogate counts 3). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}
