/**
 * Session setup without a server, after Signal's X3DH (https://signal.org/docs/specifications/x3dh/,
 * revision 1, §3) with no one-time prekeys (there is no server to hand them out):
 *
 *   DH1 = DH(IK_A, SPK_B)   DH2 = DH(EK_A, IK_B)   DH3 = DH(EK_A, SPK_B)
 *   SK  = KDF(DH1 || DH2 || DH3)                   (src/crypto/kdf.ts)
 *
 * IK are the X25519 identity keys, SPK_B the responder's signed prekey from their contact card
 * (signature checked by the card decoder and again here), EK_A the initiator's fresh ephemeral key.
 * Consequences of having no one-time prekey are listed in docs/PROTOCOL.md "Session setup".
 */
import { dh, generateX25519, type KeyPair } from '../crypto/keys';
import { x3dhSecret } from '../crypto/kdf';
import type { Rng } from '../crypto/random';

/** Alice: returns SK and the ephemeral key pair (its public half is the session's base key). */
export function x3dhInitiate(
  identitySecret: Uint8Array,
  theirIdentityKey: Uint8Array,
  theirPrekey: Uint8Array,
  rng: Rng,
): { sharedSecret: Uint8Array; ephemeral: KeyPair } | undefined {
  const ephemeral = generateX25519(rng);
  const dh1 = dh(identitySecret, theirPrekey);
  const dh2 = dh(ephemeral.secret, theirIdentityKey);
  const dh3 = dh(ephemeral.secret, theirPrekey);
  if (!dh1 || !dh2 || !dh3) return undefined;
  return { sharedSecret: x3dhSecret(dh1, dh2, dh3), ephemeral };
}

/** Bob: SK from his identity and prekey secrets and Alice's identity and base keys. */
export function x3dhRespond(
  identitySecret: Uint8Array,
  prekeySecret: Uint8Array,
  theirIdentityKey: Uint8Array,
  theirBaseKey: Uint8Array,
): Uint8Array | undefined {
  const dh1 = dh(prekeySecret, theirIdentityKey);
  const dh2 = dh(identitySecret, theirBaseKey);
  const dh3 = dh(prekeySecret, theirBaseKey);
  if (!dh1 || !dh2 || !dh3) return undefined;
  return x3dhSecret(dh1, dh2, dh3);
}
