/**
 * High-level session API for the background vault (docs/PROTOCOL.md "Sessions").
 *
 * encrypt() starts a session from the contact card when there is none (X3DH, x3dh.ts) and sends
 * with the Double Ratchet (ratchet.ts); decrypt() accepts a first message only from the contact it
 * is given, and decrypts in whichever stored session the message belongs to.
 *
 * Guarantees: never throws on any input (stored state included); decrypt returns plaintext only
 * after authentication and returns a new state only on success (the input is never modified);
 * the associated data of every message binds its header, both identities and the conversation:
 *   AD = conversationId (32) || sender identity hash (32) || header bytes
 *
 * Simultaneous initiation and resets (both sides may start a session at the same moment; a peer
 * may lose its state) are resolved by the deterministic rule in placeSession().
 */
import { concatBytes, equalBytes, utf8 } from '../encoding/bytes';
import { open, seal } from '../crypto/aead';
import { isCanonicalX25519, KEY_LEN } from '../crypto/keys';
import { messageCipherKeys } from '../crypto/kdf';
import { defaultRng, type Rng } from '../crypto/random';
import type { ContactCard } from './card';
import { decodeEnvelope, encodeEnvelope, MAX_TEXT_BYTES, type Envelope } from './envelope';
import { fail, type ProtocolError } from './errors';
import { findPrekey, readIdentity, verifyPrekey, type IdentityKeys, type IdentityState } from './identity';
import { compareBytes, conversationId, DEVICE_ID_LEN, identityHash, pairTag, type PublicIdentity } from './ids';
import { cloneRatchet, initInitiator, initResponder, knowsRemoteKey, nextSendKey, receive, type Ratchet, type ReceiveError } from './ratchet';
import { MAX_RETIRED, MAX_SEEN_BASE_KEYS, readSession, writeSession, type RatchetRecord, type Session, type SessionState } from './session-state';
import { encodeHeader, parseMessage, type Header, type ParsedMessage } from './wire';
import { x3dhInitiate, x3dhRespond } from './x3dh';

export type { SessionState } from './session-state';

/** A retired session is forgotten after this long without traffic. */
export const RETIRED_IDLE_MS = 30 * 24 * 3600 * 1000;

export type EncryptResult =
  | { ok: true; state: SessionState; message: Uint8Array }
  | { ok: false; error: 'bad-state' | 'malformed' | 'too-long' };

export type DecryptResult =
  | {
      ok: true;
      state: SessionState;
      envelope: Envelope;
      /** 'prekey' for a first message of a session (X3DH data included). */
      kind: 'prekey' | 'normal';
      /** False when it was decrypted in a retired session (still authentic). */
      activeSession: boolean;
    }
  | { ok: false; error: ProtocolError };

interface Context {
  keys: IdentityKeys;
  peer: PublicIdentity;
  peerHash: Uint8Array;
  conversation: Uint8Array;
}

function cloneRecord(r: RatchetRecord): RatchetRecord {
  return { ...r, ratchet: cloneRatchet(r.ratchet) };
}

function cloneSession(s: Session): Session {
  return { ...s, active: s.active && cloneRecord(s.active), retired: s.retired.map(cloneRecord), seenBaseKeys: [...s.seenBaseKeys] };
}

function emptySession(ctx: Context): Session {
  return { self: ctx.keys.hash, peer: ctx.peerHash, active: undefined, retired: [], seenBaseKeys: [] };
}

/** Shape only: the card decoder already checked the keys themselves. */
function validPublic(id: PublicIdentity): boolean {
  const bytes = (b: unknown, n: number) => b instanceof Uint8Array && b.length === n;
  return bytes(id.deviceId, DEVICE_ID_LEN) && bytes(id.signingKey, KEY_LEN) && isCanonicalX25519(id.agreementKey);
}

function context(me: IdentityState, contact: ContactCard): Context | 'bad-state' | 'malformed' {
  const keys = readIdentity(me);
  if (!keys) return 'bad-state';
  if (!contact || typeof contact !== 'object' || !validPublic(contact)) return 'malformed';
  const peerHash = identityHash(contact);
  // A conversation with oneself would make incoming and outgoing messages indistinguishable.
  if (equalBytes(peerHash, keys.hash)) return 'malformed';
  return { keys, peer: contact, peerHash, conversation: conversationId(keys.hash, peerHash) };
}

/** Stored state, checked to belong to this pair of identities. */
function loadSession(state: SessionState | undefined, ctx: Context): Session | undefined | 'bad-state' {
  if (state === undefined) return undefined;
  const s = readSession(state);
  if (!s || !equalBytes(s.self, ctx.keys.hash) || !equalBytes(s.peer, ctx.peerHash)) return 'bad-state';
  return s;
}

function associatedData(ctx: Context, senderHash: Uint8Array, headerBytes: Uint8Array): Uint8Array {
  return concatBytes(ctx.conversation, senderHash, headerBytes);
}

/** Drops retired sessions idle for RETIRED_IDLE_MS and keeps the MAX_RETIRED most recently used. */
function prune(s: Session, now: number): void {
  s.retired = s.retired
    .filter((r) => now - r.lastUsed <= RETIRED_IDLE_MS)
    .sort((a, b) => b.lastUsed - a.lastUsed)
    .slice(0, MAX_RETIRED);
}

function retire(s: Session, r: RatchetRecord, now: number): void {
  r.retiredAt = now;
  s.retired.unshift(r);
}

function startSession(ctx: Context, contact: ContactCard, now: number, rng: Rng): RatchetRecord | undefined {
  const prekey = contact.prekey;
  if (!prekey || !isCanonicalX25519(prekey.publicKey)) return undefined;
  if (!verifyPrekey(contact.signingKey, prekey.id, prekey.publicKey, prekey.signature)) return undefined;
  const x = x3dhInitiate(ctx.keys.agreement.secret, ctx.peer.agreementKey, prekey.publicKey, rng);
  if (!x) return undefined;
  const ratchet = initInitiator(x.sharedSecret, prekey.publicKey, rng);
  if (!ratchet) return undefined;
  return {
    baseKey: x.ephemeral.public,
    prekeyId: prekey.id,
    initiator: true,
    confirmed: false,
    peerTime: 0,
    lastUsed: now,
    retiredAt: null,
    ratchet,
  };
}

/**
 * Encrypts one envelope for `contact`, starting a session if `state` has none.
 * `now` is milliseconds since the epoch (stored for housekeeping only; the envelope carries its
 * own sent time). Returns the new state to store and the binary message to armor.
 */
export function encrypt(
  state: SessionState | undefined,
  me: IdentityState,
  contact: ContactCard,
  envelope: Envelope,
  now: number,
  rng: Rng = defaultRng,
): EncryptResult {
  try {
    const ctx = context(me, contact);
    if (typeof ctx === 'string') return fail(ctx) as EncryptResult;
    const loaded = loadSession(state, ctx);
    if (loaded === 'bad-state') return fail('bad-state') as EncryptResult;
    if (typeof envelope?.text === 'string' && utf8.encode(envelope.text).length > MAX_TEXT_BYTES) return fail('too-long') as EncryptResult;
    const body = encodeEnvelope(envelope);
    if (!body) return fail('malformed') as EncryptResult;

    const session: Session = loaded ? cloneSession(loaded) : emptySession(ctx);
    if (!session.active) {
      const started = startSession(ctx, contact, now, rng);
      if (!started) return fail('malformed') as EncryptResult;
      session.active = started;
    }
    const record = session.active;
    const step = nextSendKey(record.ratchet);
    if (!step) return fail('bad-state') as EncryptResult;
    const tag = pairTag(ctx.keys.hash, ctx.peerHash);
    // Until the peer has answered, every message repeats the X3DH data (X3DH spec §3.3).
    const header: Header =
      record.initiator && !record.confirmed
        ? { type: 'prekey', tag, prekeyId: record.prekeyId, baseKey: record.baseKey, ratchetKey: step.ratchetKey, n: step.n }
        : { type: 'normal', tag, ratchetKey: step.ratchetKey, pn: step.pn, n: step.n };
    const headerBytes = encodeHeader(header);
    const { key, nonce } = messageCipherKeys(step.messageKey);
    const ciphertext = seal(key, nonce, associatedData(ctx, ctx.keys.hash, headerBytes), body);
    record.lastUsed = now;
    prune(session, now);
    return { ok: true, state: writeSession(session), message: concatBytes(headerBytes, ciphertext) };
  } catch {
    // Only reachable through a bug or a broken rng; never leak partial results.
    return fail('bad-state') as EncryptResult;
  }
}

/** Routing information readable without keys. */
export type MessageInfo =
  | { ok: true; type: 'prekey'; tag: Uint8Array; prekeyId: number }
  | { ok: true; type: 'normal'; tag: Uint8Array }
  | { ok: false; error: 'malformed' | 'unsupported-version' };

/** Reads a message's type and pair tag (and prekey id for a first message) without decrypting. */
export function peekMessage(message: Uint8Array): MessageInfo {
  const parsed = parseMessage(message);
  if (!parsed.ok) return parsed;
  const h = parsed.message.header;
  return h.type === 'prekey' ? { ok: true, type: 'prekey', tag: h.tag, prekeyId: h.prekeyId } : { ok: true, type: 'normal', tag: h.tag };
}

/**
 * Which way a message goes between `me` and `contact`, from its pair tag alone (a 32-bit hint:
 * decrypt() still authenticates). 'unrelated' means it is neither from nor to `me` with `contact`.
 */
export function messageDirection(
  message: Uint8Array,
  me: PublicIdentity,
  contact: PublicIdentity,
): 'from-contact' | 'to-contact' | 'unrelated' | 'malformed' | 'unsupported-version' {
  try {
    const info = peekMessage(message);
    if (!info.ok) return info.error;
    const mine = identityHash(me);
    const theirs = identityHash(contact);
    if (equalBytes(info.tag, pairTag(theirs, mine))) return 'from-contact';
    if (equalBytes(info.tag, pairTag(mine, theirs))) return 'to-contact';
    return 'unrelated';
  } catch {
    return 'malformed';
  }
}

type Attempt =
  | { ok: true; record: RatchetRecord; envelope: Envelope }
  | { ok: false; error: ReceiveError | 'malformed' | 'unsupported-version' };

/** Decrypts in a copy of `record`; the copy is returned only on full success. */
function attempt(record: RatchetRecord, ctx: Context, msg: ParsedMessage, rng: Rng): Attempt {
  const copy = cloneRecord(record);
  const h = msg.header;
  const ad = associatedData(ctx, ctx.peerHash, msg.headerBytes);
  const opener = (mk: Uint8Array) => {
    const { key, nonce } = messageCipherKeys(mk);
    return open(key, nonce, ad, msg.ciphertext);
  };
  const pn = h.type === 'normal' ? h.pn : 0;
  const got = receive(copy.ratchet, { ratchetKey: h.ratchetKey, pn, n: h.n }, opener, rng);
  if (!got.ok) return got;
  const env = decodeEnvelope(got.plaintext);
  if (!env.ok) return env;
  copy.confirmed = true;
  copy.peerTime = Math.max(copy.peerTime, env.envelope.sentAt);
  return { ok: true, record: copy, envelope: env.envelope };
}

/**
 * Where a session that just decrypted a first message from the peer goes (it was new or retired).
 *
 * - No active session: it becomes active.
 * - The active session is ours and unanswered (we sent first messages, heard nothing back):
 *   simultaneous initiation. The session started by the identity with the smaller identity hash
 *   wins on both sides; the loser is retired (still decrypts what was sent under it).
 * - Otherwise the peer started a new session although one was working: if this message was sent
 *   later (peer's clock) than everything we received in the active session, the peer reset its
 *   state and the new session wins; if not, it is a late first message from an old race and is
 *   retired. Both times come from the peer's clock, so clock skew between us does not matter.
 */
function placeSession(s: Session, ctx: Context, record: RatchetRecord, sentAt: number, now: number): void {
  const active = s.active;
  let promote: boolean;
  if (!active) promote = true;
  else if (active.initiator && !active.confirmed) promote = compareBytes(ctx.peerHash, ctx.keys.hash) < 0;
  else promote = sentAt > active.peerTime;
  s.retired = s.retired.filter((r) => r !== record && !equalBytes(r.baseKey, record.baseKey));
  if (promote) {
    if (active) retire(s, active, now);
    record.retiredAt = null;
    s.active = record;
  } else {
    if (record.retiredAt === null) record.retiredAt = now;
    s.retired.unshift(record);
  }
}

/**
 * Decrypts a binary message from `contact`. Never throws; on failure the given state stays valid
 * and unchanged. `now` in milliseconds; `rng` supplies the next ratchet key pair when the turn
 * changes.
 */
export function decrypt(
  state: SessionState | undefined,
  me: IdentityState,
  contact: ContactCard,
  message: Uint8Array,
  now: number,
  rng: Rng = defaultRng,
): DecryptResult {
  try {
    const parsed = parseMessage(message);
    if (!parsed.ok) return fail(parsed.error);
    const ctx = context(me, contact);
    if (typeof ctx === 'string') return fail(ctx);
    const loaded = loadSession(state, ctx);
    if (loaded === 'bad-state') return fail('bad-state');
    const msg = parsed.message;
    const h = msg.header;

    if (!equalBytes(h.tag, pairTag(ctx.peerHash, ctx.keys.hash))) {
      if (equalBytes(h.tag, pairTag(ctx.keys.hash, ctx.peerHash))) return fail('own-message');
      if (h.type === 'prekey' && ctx.keys.prekeys.some((p) => p.id === h.prekeyId)) return fail('unknown-sender');
      return fail('not-for-this-device');
    }

    const session: Session = loaded ? cloneSession(loaded) : emptySession(ctx);
    const records = [session.active, ...session.retired].filter((r): r is RatchetRecord => r !== undefined);

    if (h.type === 'prekey') {
      let record = records.find((r) => equalBytes(r.baseKey, h.baseKey));
      // The peer never sends under a base key we made, and a session's prekey id never changes.
      if (record && (record.initiator || record.prekeyId !== h.prekeyId)) return fail('tampered');
      if (!record) {
        // A first message of a session we accepted before and have since forgotten.
        if (session.seenBaseKeys.some((k) => equalBytes(k, h.baseKey))) return fail('replayed');
        const prekey = findPrekey(ctx.keys, h.prekeyId, now);
        if (!prekey) return fail('stale-prekey');
        const sk = x3dhRespond(ctx.keys.agreement.secret, prekey.pair.secret, ctx.peer.agreementKey, h.baseKey);
        if (!sk) return fail('tampered');
        record = {
          baseKey: h.baseKey,
          prekeyId: h.prekeyId,
          initiator: false,
          confirmed: true,
          peerTime: 0,
          lastUsed: now,
          retiredAt: null as number | null,
          ratchet: initResponder(sk, prekey.pair),
        };
      }
      const got = attempt(record, ctx, msg, rng);
      if (!got.ok) return fail(got.error);
      got.record.lastUsed = now;
      if (record === session.active) session.active = got.record;
      else placeSession(session, ctx, got.record, got.envelope.sentAt, now);
      if (!session.seenBaseKeys.some((k) => equalBytes(k, h.baseKey))) {
        session.seenBaseKeys.push(h.baseKey);
        session.seenBaseKeys.splice(0, session.seenBaseKeys.length - MAX_SEEN_BASE_KEYS);
      }
      prune(session, now);
      return { ok: true, state: writeSession(session), envelope: got.envelope, kind: 'prekey', activeSession: session.active === got.record };
    }

    // Normal message: the session that knows its ratchet key, else try a DH step in each session.
    if (records.length === 0) return fail('no-session');
    const known = records.find((r) => knowsRemoteKey(r.ratchet, h.ratchetKey));
    const candidates = known ? [known] : records.filter((r) => !ownsRatchetKey(r.ratchet, h.ratchetKey));
    let error: ProtocolError = 'tampered';
    for (const record of candidates) {
      const got = attempt(record, ctx, msg, rng);
      if (!got.ok) {
        if (known || got.error === 'too-far-out-of-order') error = got.error;
        continue;
      }
      got.record.lastUsed = now;
      if (record === session.active) session.active = got.record;
      else session.retired = session.retired.map((r) => (r === record ? got.record : r));
      prune(session, now);
      return { ok: true, state: writeSession(session), envelope: got.envelope, kind: 'normal', activeSession: session.active === got.record };
    }
    return fail(error);
  } catch {
    return fail('malformed');
  }
}

/** A message carrying our own current ratchet key cannot come from the peer. */
function ownsRatchetKey(r: Ratchet, key: Uint8Array): boolean {
  return equalBytes(r.self.public, key);
}
