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
  // Claims to be ours but is not in the archive, where everything we send is stored before it is
  // posted: not the bytes we sent (read-payloads.ts routes these by their pair tag before decrypting).
  'own-message': 'tampered',
  // For us, but the prekey (old invite code) or the session it needs is gone from this browser.
  'stale-prekey': 'missing-keys',
  'no-session': 'missing-keys',
  tampered: 'tampered',
  replayed: 'replayed',
  'too-far-out-of-order': 'too-far-out-of-order',
  incomplete: 'incomplete',
  'bad-state': 'corrupted',
  // Only encrypt returns it; a decrypted envelope is bounded by the wire format.
  'too-long': 'malformed',
};
