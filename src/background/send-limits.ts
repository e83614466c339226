/**
 * What one `send` may carry. A message longer than MAX_SEND_PARTS Instagram messages would be
 * tedious to post, easy to break apart and conspicuous; the compose frame shows the byte limit.
 */
import { utf8 } from '../encoding/bytes';
import { MAX_PART_CHARS } from '../protocol/armor';
import { maxTextBytes } from '../protocol/text-capacity';

export const MAX_SEND_PARTS = 8;
/** Characters per armored part (the armor's own ceiling, below Instagram's ~1000). */
export const SEND_PART_CHARS = MAX_PART_CHARS;
/** UTF-8 bytes that fit MAX_SEND_PARTS parts whatever the header (5194). */
export const MAX_SEND_TEXT_BYTES = maxTextBytes(MAX_SEND_PARTS, SEND_PART_CHARS);

/** Only whitespace and invisible characters: nothing the recipient would see. */
export function isBlankText(text: string): boolean {
  return /^[\s\u00ad\u180e\u200b-\u200d\u2060\ufeff]*$/u.test(text);
}

export function textBytes(text: string): number {
  return utf8.encode(text).length;
}
