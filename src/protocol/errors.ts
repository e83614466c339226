/**
 * Typed failures of the wire protocol (cards, armor, messages, stored state).
 *
 * Every parser and every decrypt path in src/protocol returns one of these codes instead of
 * throwing: input comes from a hostile page. See docs/PROTOCOL.md "Errors" for when each is used.
 */

export const PROTOCOL_ERRORS = [
  /** Bytes or text that cannot be parsed at all. */
  'malformed',
  /** Parsed far enough to see a version or type this code does not implement. */
  'unsupported-version',
  /** Addressed to another identity (another device, or another conversation). */
  'not-for-this-device',
  /** Addressed to us, but from an identity that is not the given contact. */
  'unknown-sender',
  /** A message this identity sent (seen again in the thread); only the archive can show it. */
  'own-message',
  /** A first message for a signed prekey this device no longer has (old invite code). */
  'stale-prekey',
  /** Well-formed and for us, but there is no session state that could decrypt it. */
  'no-session',
  /** Authentication failed: altered, forged, or not made with the keys it claims. */
  'tampered',
  /** This message's key was already used (a duplicate) or was discarded. */
  'replayed',
  /** Decrypting would need more skipped message keys than the bounds allow. */
  'too-far-out-of-order',
  /** A multi-part armored message with parts still missing (armor layer). */
  'incomplete',
  /** Stored identity or session state failed validation, or belongs to other identities. */
  'bad-state',
  /** The plaintext is longer than an envelope may carry. */
  'too-long',
] as const;

export type ProtocolError = (typeof PROTOCOL_ERRORS)[number];

export type Result<T> = ({ ok: true } & T) | { ok: false; error: ProtocolError };

export function fail(error: ProtocolError): { ok: false; error: ProtocolError } {
  return { ok: false, error };
}

export function isProtocolError(value: unknown): value is ProtocolError {
  return typeof value === 'string' && (PROTOCOL_ERRORS as readonly string[]).includes(value);
}
