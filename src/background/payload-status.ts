/**
 * What the content script is told when a message cannot be shown (src/messaging/protocol.ts
 * PayloadStatus), for each protocol error (src/protocol/errors.ts). Exhaustive on purpose: a new
 * protocol error must be placed here before it compiles.
 */
import type { PayloadStatus } from '../messaging/protocol';
import type { ProtocolError } from '../protocol/errors';

/** 'corrupted': our own stored state is unreadable; the request fails instead (refused 'corrupted'). */
export const DECRYPT_STATUS: Record<ProtocolError, PayloadStatus | 'corrupted'> = {
  malformed: 'malformed',
  'unsupported-version': 'unsupported-version',
  'not-for-this-device': 'not-for-this-device',
  'unknown-sender': 'unknown-sender',
  // Our own message, but not in the archive (deleted, or sent from a restored copy): unreadable here.
  'own-message': 'not-for-this-device',
  // For us once, but the prekey (old invite code) or the session it needs is gone: unreadable here.
  'stale-prekey': 'not-for-this-device',
  'no-session': 'not-for-this-device',
  tampered: 'tampered',
  replayed: 'replayed',
  'too-far-out-of-order': 'too-far-out-of-order',
  incomplete: 'incomplete',
  'bad-state': 'corrupted',
  // Only encrypt returns it; a decrypted envelope is bounded by the wire format.
  'too-long': 'malformed',
};
