/**
 * The one message the content script posts INTO a reader frame: its address, for a frame that was
 * created before the background had said what its bubble holds (src/instagram/reader.ts creates
 * the frame as soon as it finds the armor, so the document loads while the background answers).
 *
 * `hash` is exactly what the frame's fragment would have held (readerFrameHash:
 * `#m=<messageId>&s=<status>&p=<part>&n=<parts>`): identifiers and a status, never text or keys, and
 * trusted for nothing (the page can post look-alikes, as it can rewrite a fragment). The frame takes
 * it only from its parent window, only while its own fragment is empty, and only once.
 *
 * Pure (no extension APIs), so the content script can import it.
 */
import { isExactObject, type Guard } from '../../messaging/guards';

export interface ReaderTargetMessage {
  source: 'sealed-dms';
  type: 'reader-target';
  hash: string;
}

/** Longer than any reader fragment (frame-hash.ts refuses more than 512 characters). */
const MAX_HASH = 512;

export const isReaderTargetMessage: Guard<ReaderTargetMessage> = isExactObject<ReaderTargetMessage>({
  source: (v): v is 'sealed-dms' => v === 'sealed-dms',
  type: (v): v is 'reader-target' => v === 'reader-target',
  hash: (v): v is string => typeof v === 'string' && v.startsWith('#') && v.length <= MAX_HASH,
});

export function readerTargetMessage(hash: string): ReaderTargetMessage {
  return { source: 'sealed-dms', type: 'reader-target', hash };
}
