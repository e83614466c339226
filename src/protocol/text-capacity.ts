/**
 * How much text fits in a bounded number of armored parts, whatever the message's header turns out
 * to be (first or later message, any message number). Used to tell the compose frame its limit
 * before anything is encrypted, so a too-long text never advances the ratchet.
 */
import { TAG_LEN } from '../crypto/aead';
import { armorCapacity, MAX_PART_CHARS } from './armor';
import { ENVELOPE_HEADER_LEN, MAX_TEXT_BYTES, PAD_BLOCK } from './envelope';
import { MAX_HEADER_LEN } from './wire';

/** Largest UTF-8 text (bytes) whose message armors into at most `parts` parts. */
export function maxTextBytes(parts: number, maxPartChars: number = MAX_PART_CHARS): number {
  const payload = armorCapacity(parts, maxPartChars);
  // Padded envelope: a multiple of PAD_BLOCK holding header, text and the 1-byte padding marker.
  const envelope = Math.floor((payload - MAX_HEADER_LEN - TAG_LEN) / PAD_BLOCK) * PAD_BLOCK;
  return Math.max(0, Math.min(MAX_TEXT_BYTES, envelope - ENVELOPE_HEADER_LEN - 1));
}
