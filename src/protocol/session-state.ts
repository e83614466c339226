/**
 * JSON-safe session state for one contact, and its strict codec (docs/PROTOCOL.md "Session state").
 *
 * A SessionState holds one active ratchet session (used to send and receive) and a few retired
 * ones (receive only) so that messages sent under a session that lost a simultaneous-initiation
 * race, or before a reset, still decrypt. Bytes are base64url strings; readSession() validates
 * every field and returns undefined for anything unexpected.
 */
import { toBase64url } from '../encoding/bytes';
import { KEY_LEN } from '../crypto/keys';
import { MAX_PAST_REMOTE, MAX_STORED_SKIPPED, type Chain, type Ratchet, type SkippedKey } from './ratchet';
import { asRecord, readArray, readBytes, readInt, TIME_MAX, U32_MAX } from './json-fields';

export const SESSION_STATE_VERSION = 1;
export const MAX_RETIRED = 3;
/** Base keys of accepted first messages remembered after their session is forgotten. */
export const MAX_SEEN_BASE_KEYS = 64;

export interface ChainState {
  key: string;
  n: number;
}

export interface RatchetRecordState {
  /** The initiator's X3DH ephemeral public key EK_A: names the session. */
  baseKey: string;
  /** The responder's signed prekey id used by X3DH. */
  prekeyId: number;
  /** True if this device started the session. */
  initiator: boolean;
  /** True once a message from the peer was decrypted in this session (always true for a responder). */
  confirmed: boolean;
  /** Latest envelope time (unix seconds, the peer's clock) received in this session; 0 if none. */
  peerTime: number;
  /** Last send or receive in this session (ms, our clock). */
  lastUsed: number;
  /** When it stopped being the active session (ms), or null while active. */
  retiredAt: number | null;
  rootKey: string;
  self: { secret: string; public: string };
  remote: string | null;
  send: ChainState | null;
  recv: ChainState | null;
  pn: number;
  skipped: { dh: string; n: number; key: string }[];
  pastRemote: string[];
}

export interface SessionState {
  v: typeof SESSION_STATE_VERSION;
  /** Identity hash of this device (binds the state to it). */
  self: string;
  /** Identity hash of the contact. */
  peer: string;
  active: RatchetRecordState | null;
  /** Receive-only sessions, most recently retired first, at most MAX_RETIRED. */
  retired: RatchetRecordState[];
  /**
   * Base keys of every session the peer started that we accepted, oldest first, at most
   * MAX_SEEN_BASE_KEYS: a replayed first message of a session we no longer keep is refused
   * ('replayed') instead of being accepted again. Absent means empty.
   */
  seenBaseKeys?: string[];
}

/** Decoded record used by session.ts. */
export interface RatchetRecord {
  baseKey: Uint8Array;
  prekeyId: number;
  initiator: boolean;
  confirmed: boolean;
  peerTime: number;
  lastUsed: number;
  retiredAt: number | null;
  ratchet: Ratchet;
}

export interface Session {
  self: Uint8Array;
  peer: Uint8Array;
  active: RatchetRecord | undefined;
  retired: RatchetRecord[];
  seenBaseKeys: Uint8Array[];
}

const b64 = toBase64url;

function writeChain(c: Chain | undefined): ChainState | null {
  return c ? { key: b64(c.key), n: c.n } : null;
}

function writeRecord(r: RatchetRecord): RatchetRecordState {
  const t = r.ratchet;
  return {
    baseKey: b64(r.baseKey),
    prekeyId: r.prekeyId,
    initiator: r.initiator,
    confirmed: r.confirmed,
    peerTime: r.peerTime,
    lastUsed: r.lastUsed,
    retiredAt: r.retiredAt,
    rootKey: b64(t.rootKey),
    self: { secret: b64(t.self.secret), public: b64(t.self.public) },
    remote: t.remote ? b64(t.remote) : null,
    send: writeChain(t.send),
    recv: writeChain(t.recv),
    pn: t.pn,
    skipped: t.skipped.map((s) => ({ dh: b64(s.dh), n: s.n, key: b64(s.key) })),
    pastRemote: t.pastRemote.map(b64),
  };
}

export function writeSession(s: Session): SessionState {
  return {
    v: SESSION_STATE_VERSION,
    self: b64(s.self),
    peer: b64(s.peer),
    active: s.active ? writeRecord(s.active) : null,
    retired: s.retired.map(writeRecord),
    seenBaseKeys: s.seenBaseKeys.map(b64),
  };
}

function readChain(value: unknown): Chain | null | undefined {
  if (value === null) return null;
  const r = asRecord(value);
  const key = readBytes(r?.key, KEY_LEN);
  const n = readInt(r?.n, 0, U32_MAX);
  return key && n !== undefined ? { key, n } : undefined;
}

function readSkipped(value: unknown): SkippedKey | undefined {
  const r = asRecord(value);
  const dh = readBytes(r?.dh, KEY_LEN);
  const n = readInt(r?.n, 0, U32_MAX);
  const key = readBytes(r?.key, KEY_LEN);
  return dh && key && n !== undefined ? { dh, n, key } : undefined;
}

function readRecord(value: unknown): RatchetRecord | undefined {
  const r = asRecord(value);
  if (!r) return undefined;
  const baseKey = readBytes(r.baseKey, KEY_LEN);
  const prekeyId = readInt(r.prekeyId, 1, U32_MAX);
  const peerTime = readInt(r.peerTime, 0, U32_MAX);
  const lastUsed = readInt(r.lastUsed, 0, TIME_MAX);
  const retiredAt = r.retiredAt === null ? null : readInt(r.retiredAt, 0, TIME_MAX);
  const rootKey = readBytes(r.rootKey, KEY_LEN);
  const self = asRecord(r.self);
  const selfSecret = readBytes(self?.secret, KEY_LEN);
  const selfPublic = readBytes(self?.public, KEY_LEN);
  const remote = r.remote === null ? null : readBytes(r.remote, KEY_LEN);
  const send = readChain(r.send);
  const recv = readChain(r.recv);
  const pn = readInt(r.pn, 0, U32_MAX);
  const skipped = readArray(r.skipped, MAX_STORED_SKIPPED, readSkipped);
  const pastRemote = readArray(r.pastRemote, MAX_PAST_REMOTE, (v) => readBytes(v, KEY_LEN));
  if (typeof r.initiator !== 'boolean' || typeof r.confirmed !== 'boolean') return undefined;
  if (!baseKey || prekeyId === undefined || peerTime === undefined || lastUsed === undefined || retiredAt === undefined) return undefined;
  if (!rootKey || !selfSecret || !selfPublic || remote === undefined || send === undefined || recv === undefined) return undefined;
  if (pn === undefined || !skipped || !pastRemote) return undefined;
  return {
    baseKey,
    prekeyId,
    initiator: r.initiator,
    confirmed: r.confirmed,
    peerTime,
    lastUsed,
    retiredAt,
    ratchet: {
      rootKey,
      self: { secret: selfSecret, public: selfPublic },
      remote: remote ?? undefined,
      send: send ?? undefined,
      recv: recv ?? undefined,
      pn,
      skipped,
      pastRemote,
    },
  };
}

/** Validates and decodes stored state; undefined if anything is off. Never throws. */
export function readSession(value: unknown): Session | undefined {
  try {
    const r = asRecord(value);
    if (!r || r.v !== SESSION_STATE_VERSION) return undefined;
    const self = readBytes(r.self, 32);
    const peer = readBytes(r.peer, 32);
    const active = r.active === null ? null : readRecord(r.active);
    const retired = readArray(r.retired, MAX_RETIRED, readRecord);
    const seenBaseKeys = r.seenBaseKeys === undefined ? [] : readArray(r.seenBaseKeys, MAX_SEEN_BASE_KEYS, (v) => readBytes(v, KEY_LEN));
    if (!self || !peer || active === undefined || !retired || !seenBaseKeys) return undefined;
    if (active && active.retiredAt !== null) return undefined;
    if (retired.some((x) => x.retiredAt === null)) return undefined;
    return { self, peer, active: active ?? undefined, retired, seenBaseKeys };
  } catch {
    return undefined;
  }
}
