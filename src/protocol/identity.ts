/**
 * Device identity: the long-term keys of one installation (docs/PROTOCOL.md "Device identity").
 *
 * - Two independent key pairs: Ed25519 signs (cards, prekeys); X25519 agrees (X3DH). No conversion
 *   between the curves' forms, so each key has one job and one audit story.
 * - A random 16-byte device id.
 * - Signed X25519 prekeys with random 32-bit ids. A new one every PREKEY_ROTATION_MS (7 days);
 *   a superseded one is kept PREKEY_RETENTION_MS (30 days) for first messages still in flight from
 *   people who hold an older invite code, then deleted (its deletion gives forward secrecy to
 *   those first messages).
 * - Stored JSON-safe (base64url strings, numbers); readIdentity() re-validates on every use.
 */
import { concatBytes, equalBytes, toBase64url, utf8 } from '../encoding/bytes';
import { ed25519Public, generateEd25519, generateX25519, isValidEd25519Public, isValidX25519Public, KEY_LEN, sign, SIGNATURE_LEN, verify, x25519Public, type KeyPair } from '../crypto/keys';
import { defaultRng, take, type Rng } from '../crypto/random';
import { DEVICE_ID_LEN, identityHash, type PublicIdentity } from './ids';
import { asRecord, readArray, readBytes, readInt, TIME_MAX, U32_MAX } from './json-fields';

export const IDENTITY_STATE_VERSION = 1;
export const PREKEY_ROTATION_MS = 7 * 24 * 3600 * 1000;
export const PREKEY_RETENTION_MS = 30 * 24 * 3600 * 1000;
/** Rotation every 7 days with 30 days of retention keeps at most 6 prekeys; allow slack for clock jumps. */
export const MAX_PREKEYS = 16;

const PREKEY_SIGNATURE_LABEL = utf8.encode('SealedDMs/1 prekey');

export interface KeyPairState {
  secret: string;
  public: string;
}

export interface PrekeyState {
  /** Random non-zero 32-bit id, named in first messages. */
  id: number;
  secret: string;
  public: string;
  /** Ed25519 signature over "SealedDMs/1 prekey" || id (u32 BE) || public key. */
  signature: string;
  /** Milliseconds since the epoch. */
  created: number;
  /** When a newer prekey replaced it (ms), or null for the current prekey. */
  retiredAt: number | null;
}

export interface IdentityState {
  v: typeof IDENTITY_STATE_VERSION;
  deviceId: string;
  signing: KeyPairState;
  agreement: KeyPairState;
  /** Newest first; exactly one (the first) has retiredAt === null. */
  prekeys: PrekeyState[];
  created: number;
}

/** Decoded form used inside the protocol code. */
export interface Prekey {
  id: number;
  pair: KeyPair;
  signature: Uint8Array;
  created: number;
  retiredAt: number | null;
}

export interface IdentityKeys {
  public: PublicIdentity;
  hash: Uint8Array;
  signing: KeyPair;
  agreement: KeyPair;
  prekeys: Prekey[];
}

export function prekeySignatureMessage(id: number, publicKey: Uint8Array): Uint8Array {
  const idBytes = new Uint8Array(4);
  new DataView(idBytes.buffer).setUint32(0, id);
  return concatBytes(PREKEY_SIGNATURE_LABEL, idBytes, publicKey);
}

export function verifyPrekey(signingKey: Uint8Array, id: number, publicKey: Uint8Array, signature: Uint8Array): boolean {
  return verify(signature, prekeySignatureMessage(id, publicKey), signingKey);
}

function pairState(pair: KeyPair): KeyPairState {
  return { secret: toBase64url(pair.secret), public: toBase64url(pair.public) };
}

function newPrekey(signingSecret: Uint8Array, usedIds: number[], now: number, rng: Rng): PrekeyState {
  let id = 0;
  while (id === 0 || usedIds.includes(id)) {
    const b = take(rng, 4);
    id = new DataView(b.buffer, b.byteOffset, 4).getUint32(0);
  }
  const pair = generateX25519(rng);
  return {
    id,
    secret: toBase64url(pair.secret),
    public: toBase64url(pair.public),
    signature: toBase64url(sign(signingSecret, prekeySignatureMessage(id, pair.public))),
    created: now,
    retiredAt: null,
  };
}

/** A fresh identity with its first signed prekey. `now` is milliseconds since the epoch. */
export function createIdentity(now: number, rng: Rng = defaultRng): IdentityState {
  const deviceId = take(rng, DEVICE_ID_LEN);
  const signing = generateEd25519(rng);
  const agreement = generateX25519(rng);
  return {
    v: IDENTITY_STATE_VERSION,
    deviceId: toBase64url(deviceId),
    signing: pairState(signing),
    agreement: pairState(agreement),
    prekeys: [newPrekey(signing.secret, [], now, rng)],
    created: now,
  };
}

/**
 * Applies the rotation schedule at time `now` (ms): a new current prekey when the current one is
 * PREKEY_ROTATION_MS old, and deletion of prekeys retired more than PREKEY_RETENTION_MS ago.
 * Returns a new state (the input is not modified), or undefined if the input is not a valid identity.
 */
export function rotatePrekeys(identity: IdentityState, now: number, rng: Rng = defaultRng): IdentityState | undefined {
  const keys = readIdentity(identity);
  if (!keys) return undefined;
  let prekeys = identity.prekeys.map((p) => ({ ...p }));
  const current = prekeys[0]!;
  if (now - current.created >= PREKEY_ROTATION_MS) {
    current.retiredAt = now;
    const ids = prekeys.map((p) => p.id);
    prekeys.unshift(newPrekey(keys.signing.secret, ids, now, rng));
  }
  prekeys = prekeys.filter((p) => p.retiredAt === null || now - p.retiredAt <= PREKEY_RETENTION_MS);
  return { ...identity, signing: { ...identity.signing }, agreement: { ...identity.agreement }, prekeys: prekeys.slice(0, MAX_PREKEYS) };
}

/** The public identity (what a contact card carries). Undefined if the state is invalid. */
export function publicIdentity(identity: IdentityState): PublicIdentity | undefined {
  return readIdentity(identity)?.public;
}

/** The prekey a first message names, if this device still holds it at time `now`. */
export function findPrekey(keys: IdentityKeys, id: number, now: number): Prekey | undefined {
  const p = keys.prekeys.find((k) => k.id === id);
  if (!p) return undefined;
  // Enforce retention here too, in case the caller has not run rotatePrekeys lately.
  if (p.retiredAt !== null && now - p.retiredAt > PREKEY_RETENTION_MS) return undefined;
  return p;
}

function readPair(value: unknown): KeyPair | undefined {
  const r = asRecord(value);
  const secret = readBytes(r?.secret, KEY_LEN);
  const pub = readBytes(r?.public, KEY_LEN);
  return secret && pub ? { secret, public: pub } : undefined;
}

function readPrekey(value: unknown): Prekey | undefined {
  const r = asRecord(value);
  if (!r) return undefined;
  const id = readInt(r.id, 1, U32_MAX);
  const pair = readPair(r);
  const signature = readBytes(r.signature, SIGNATURE_LEN);
  const created = readInt(r.created, 0, TIME_MAX);
  const retiredAt = r.retiredAt === null ? null : readInt(r.retiredAt, 0, TIME_MAX);
  if (id === undefined || !pair || !signature || created === undefined || retiredAt === undefined) return undefined;
  return { id, pair, signature, created, retiredAt };
}

/**
 * Structural validation and decoding of a stored identity (cheap: no curve operations; a key
 * that does not match its secret only makes later operations fail authentication).
 * Use checkIdentity() once when a state is imported to also check that keys match.
 */
export function readIdentity(value: unknown): IdentityKeys | undefined {
  const r = asRecord(value);
  if (!r || r.v !== IDENTITY_STATE_VERSION) return undefined;
  const deviceId = readBytes(r.deviceId, DEVICE_ID_LEN);
  const signing = readPair(r.signing);
  const agreement = readPair(r.agreement);
  const prekeys = readArray(r.prekeys, MAX_PREKEYS, readPrekey);
  if (readInt(r.created, 0, TIME_MAX) === undefined) return undefined;
  if (!deviceId || !signing || !agreement || !prekeys || prekeys.length === 0) return undefined;
  if (prekeys[0]!.retiredAt !== null || prekeys.slice(1).some((p) => p.retiredAt === null)) return undefined;
  if (new Set(prekeys.map((p) => p.id)).size !== prekeys.length) return undefined;
  const pub: PublicIdentity = { signingKey: signing.public, agreementKey: agreement.public, deviceId };
  return { public: pub, hash: identityHash(pub), signing, agreement, prekeys };
}

/** Full validation: structure, every public key derived from its secret, every prekey signature. */
export function checkIdentity(value: unknown): value is IdentityState {
  const keys = readIdentity(value);
  if (!keys) return false;
  try {
    if (!isValidEd25519Public(keys.signing.public) || !isValidX25519Public(keys.agreement.public)) return false;
    if (!equalBytes(ed25519Public(keys.signing.secret), keys.signing.public)) return false;
    if (!equalBytes(x25519Public(keys.agreement.secret), keys.agreement.public)) return false;
    for (const p of keys.prekeys) {
      if (!equalBytes(x25519Public(p.pair.secret), p.pair.public)) return false;
      if (!verifyPrekey(keys.signing.public, p.id, p.pair.public, p.signature)) return false;
    }
    return true;
  } catch {
    return false;
  }
}
