/**
 * Safety number between two identities, using Signal's NumericFingerprintGenerator
 * (src/crypto/fingerprint.ts) with our identity encoding (docs/PROTOCOL.md "Safety number"):
 *
 *   key = 0x05 || X25519 identity public key                   (33 bytes, Signal's key format)
 *   id  = device id (16 bytes) || Ed25519 identity public key   (48 bytes)
 *   iterations = 5200, version = 2
 *
 * The X25519 key takes the place of Signal's identity key. The Ed25519 key goes into the stable
 * id, so replacing either key (or the device id) changes the 60 digits; keeping the key at 33 bytes
 * keeps each of the 5200 rounds at one SHA-512 block. Both people compute the same digits from
 * the two cards alone.
 */
import { concatBytes } from '../encoding/bytes';
import { numericFingerprint } from '../crypto/fingerprint';
import type { PublicIdentity } from './ids';

export const SAFETY_NUMBER_ITERATIONS = 5200;
export const SAFETY_NUMBER_VERSION = 2;
/** Signal's type byte for a Curve25519 public key (libsignal KeyType::Djb). */
const DJB_TYPE = 0x05;

export interface SafetyNumber {
  /** 60 digits. */
  digits: string;
  /** The 60 digits as 12 groups of 5, as Signal shows them. */
  groups: string[];
  /** Signal's CombinedFingerprints bytes for a QR code (ours is "local"). */
  scannable: Uint8Array;
}

export function fingerprintKey(id: PublicIdentity): Uint8Array {
  return concatBytes(Uint8Array.of(DJB_TYPE), id.agreementKey);
}

export function fingerprintId(id: PublicIdentity): Uint8Array {
  return concatBytes(id.deviceId, id.signingKey);
}

export function safetyNumber(own: PublicIdentity, theirs: PublicIdentity): SafetyNumber {
  const fp = numericFingerprint({
    iterations: SAFETY_NUMBER_ITERATIONS,
    version: SAFETY_NUMBER_VERSION,
    local: { id: fingerprintId(own), key: fingerprintKey(own) },
    remote: { id: fingerprintId(theirs), key: fingerprintKey(theirs) },
  });
  const groups = fp.displayable.match(/\d{5}/g) ?? [];
  return { digits: fp.displayable, groups, scannable: fp.scannable };
}
