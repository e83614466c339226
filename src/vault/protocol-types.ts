/**
 * The protocol records the vault stores, and the checks it runs on them when they are read back
 * or handed in: the identity (src/protocol/identity.ts), a contact's card (src/protocol/card.ts)
 * and the ratchet session with a contact (src/protocol/session-state.ts).
 *
 * The checks are structural and cheap (no curve operations): a stored record's integrity comes
 * from the vault's AEAD, and a card's signatures were verified by decodeCard when it was imported.
 * Re-verifying every card on every contact listing would cost ~10 ms per contact.
 */
import { CARD_VERSION, CARD_MAX_LEN, type ContactCard } from '../protocol/card';
import { readIdentity, type IdentityState } from '../protocol/identity';
import { DEVICE_ID_LEN } from '../protocol/ids';
import { readSession, type SessionState } from '../protocol/session-state';
import { KEY_LEN, SIGNATURE_LEN } from '../crypto/keys';

export type { ContactCard, IdentityState, SessionState };

export function isIdentityState(v: unknown): v is IdentityState {
  return readIdentity(v) !== undefined;
}

export function isSessionState(v: unknown): v is SessionState {
  return readSession(v) !== undefined;
}

const isBytes = (v: unknown, len: number): v is Uint8Array => v instanceof Uint8Array && v.length === len;
const isU32 = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= 0xffffffff;

/** The decoded card's fields have the types and lengths decodeCardBytes produces. */
export function isContactCard(v: unknown): v is ContactCard {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  const p = c.prekey as Record<string, unknown> | null | undefined;
  return (
    c.version === CARD_VERSION &&
    isBytes(c.signingKey, KEY_LEN) &&
    isBytes(c.agreementKey, KEY_LEN) &&
    isBytes(c.deviceId, DEVICE_ID_LEN) &&
    isU32(c.created) &&
    typeof p === 'object' &&
    p !== null &&
    isU32(p.id) &&
    p.id !== 0 &&
    isBytes(p.publicKey, KEY_LEN) &&
    isBytes(p.signature, SIGNATURE_LEN) &&
    typeof c.name === 'string' &&
    (c.instagram === undefined || typeof c.instagram === 'string') &&
    isBytes(c.signature, SIGNATURE_LEN) &&
    c.bytes instanceof Uint8Array &&
    c.bytes.length <= CARD_MAX_LEN
  );
}
