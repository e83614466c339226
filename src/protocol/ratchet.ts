/**
 * The Double Ratchet, as in Signal's specification (https://signal.org/docs/specifications/doubleratchet/,
 * revision 4, §3.2-3.5 and §7.2 for X3DH initialization), on decoded state.
 *
 * Functions here mutate the Ratchet they are given; callers (session.ts) pass a copy and keep it
 * only when the whole operation succeeds, so a failed decrypt never changes stored state.
 *
 * Bounds (docs/PROTOCOL.md "Bounds"): one incoming message may make us derive at most MAX_SKIP
 * keys per chain; at most MAX_STORED_SKIPPED skipped keys are kept per session (oldest dropped
 * first); the remote ratchet keys of the last MAX_PAST_REMOTE finished receiving chains are kept so
 * that a late duplicate from such a chain is reported as 'replayed'.
 */
import { equalBytes } from '../encoding/bytes';
import { dh, generateX25519, type KeyPair } from '../crypto/keys';
import { kdfChain, kdfRoot } from '../crypto/kdf';
import type { Rng } from '../crypto/random';

export const MAX_SKIP = 1000;
export const MAX_STORED_SKIPPED = 1000;
export const MAX_PAST_REMOTE = 16;
const MAX_CHAIN_N = 0xffffffff;

export interface Chain {
  key: Uint8Array;
  n: number;
}

export interface SkippedKey {
  /** Remote ratchet public key of the chain. */
  dh: Uint8Array;
  n: number;
  key: Uint8Array;
}

export interface Ratchet {
  rootKey: Uint8Array;
  /** DHs: our current ratchet key pair. */
  self: KeyPair;
  /** DHr: the peer's current ratchet public key. */
  remote: Uint8Array | undefined;
  send: Chain | undefined;
  recv: Chain | undefined;
  /** PN: number of messages in our previous sending chain. */
  pn: number;
  /** MKSKIPPED, oldest first. */
  skipped: SkippedKey[];
  /** Remote ratchet keys of finished receiving chains, oldest first. */
  pastRemote: Uint8Array[];
}

export interface RatchetHeader {
  ratchetKey: Uint8Array;
  pn: number;
  n: number;
}

export type ReceiveError = 'tampered' | 'replayed' | 'too-far-out-of-order';
/** Decrypts with one message key; undefined when authentication fails. */
export type Opener = (messageKey: Uint8Array) => Uint8Array | undefined;

/** Deep enough copy: byte arrays are never modified in place, only replaced. */
export function cloneRatchet(r: Ratchet): Ratchet {
  return {
    ...r,
    send: r.send && { ...r.send },
    recv: r.recv && { ...r.recv },
    skipped: r.skipped.map((s) => ({ ...s })),
    pastRemote: [...r.pastRemote],
  };
}

/** Alice after X3DH: DHr = Bob's signed prekey; first sending chain from a fresh ratchet key. */
export function initInitiator(sharedSecret: Uint8Array, responderKey: Uint8Array, rng: Rng): Ratchet | undefined {
  const self = generateX25519(rng);
  const out = dh(self.secret, responderKey);
  if (!out) return undefined;
  const { rootKey, chainKey } = kdfRoot(sharedSecret, out);
  return { rootKey, self, remote: responderKey, send: { key: chainKey, n: 0 }, recv: undefined, pn: 0, skipped: [], pastRemote: [] };
}

/** Bob after X3DH: DHs = his signed prekey pair; chains start at his first DH ratchet step. */
export function initResponder(sharedSecret: Uint8Array, prekey: KeyPair): Ratchet {
  return { rootKey: sharedSecret, self: prekey, remote: undefined, send: undefined, recv: undefined, pn: 0, skipped: [], pastRemote: [] };
}

/** RatchetEncrypt without the encryption: advances the sending chain and returns the header and key. */
export function nextSendKey(r: Ratchet): (RatchetHeader & { messageKey: Uint8Array }) | undefined {
  if (!r.send || r.send.n >= MAX_CHAIN_N) return undefined;
  const { chainKey, messageKey } = kdfChain(r.send.key);
  const header = { ratchetKey: r.self.public, pn: r.pn, n: r.send.n };
  r.send = { key: chainKey, n: r.send.n + 1 };
  return { ...header, messageKey };
}

/** True if `key` is the current or a past remote ratchet key, or names a stored skipped key. */
export function knowsRemoteKey(r: Ratchet, key: Uint8Array): boolean {
  return (
    (r.remote !== undefined && equalBytes(r.remote, key)) ||
    r.pastRemote.some((k) => equalBytes(k, key)) ||
    r.skipped.some((s) => equalBytes(s.dh, key))
  );
}

/** SkipMessageKeys: stores the keys of chain messages n .. until-1 (bounds checked by the caller). */
function skipTo(r: Ratchet, chain: Chain, dhKey: Uint8Array, until: number): void {
  while (chain.n < until) {
    const { chainKey, messageKey } = kdfChain(chain.key);
    r.skipped.push({ dh: dhKey, n: chain.n, key: messageKey });
    chain.key = chainKey;
    chain.n++;
  }
  if (r.skipped.length > MAX_STORED_SKIPPED) r.skipped.splice(0, r.skipped.length - MAX_STORED_SKIPPED);
}

/** DHRatchet: new receiving chain from the peer's new key, then a new key pair and sending chain. */
function dhStep(r: Ratchet, remoteKey: Uint8Array, rng: Rng): boolean {
  const received = dh(r.self.secret, remoteKey);
  if (!received) return false;
  if (r.remote) {
    r.pastRemote.push(r.remote);
    if (r.pastRemote.length > MAX_PAST_REMOTE) r.pastRemote.splice(0, r.pastRemote.length - MAX_PAST_REMOTE);
  }
  r.pn = r.send ? r.send.n : 0;
  r.remote = remoteKey;
  const a = kdfRoot(r.rootKey, received);
  r.recv = { key: a.chainKey, n: 0 };
  r.self = generateX25519(rng);
  const sent = dh(r.self.secret, remoteKey);
  if (!sent) return false;
  const b = kdfRoot(a.rootKey, sent);
  r.rootKey = b.rootKey;
  r.send = { key: b.chainKey, n: 0 };
  return true;
}

/** Takes the next key of the receiving chain (which must be at `n`). */
function takeRecvKey(chain: Chain): Uint8Array {
  const { chainKey, messageKey } = kdfChain(chain.key);
  chain.key = chainKey;
  chain.n++;
  return messageKey;
}

/**
 * RatchetDecrypt. Mutates `r`; on failure the caller must discard it. Each message key is
 * removed from the state as it is used, so a second delivery finds no key ('replayed').
 */
export function receive(
  r: Ratchet,
  header: RatchetHeader,
  open: Opener,
  rng: Rng,
): { ok: true; plaintext: Uint8Array } | { ok: false; error: ReceiveError } {
  const done = (plaintext: Uint8Array | undefined) =>
    plaintext ? ({ ok: true, plaintext } as const) : ({ ok: false, error: 'tampered' } as const);

  const skippedAt = r.skipped.findIndex((s) => s.n === header.n && equalBytes(s.dh, header.ratchetKey));
  if (skippedAt >= 0) {
    const plaintext = open(r.skipped[skippedAt]!.key);
    if (plaintext) r.skipped.splice(skippedAt, 1);
    return done(plaintext);
  }

  if (r.remote && r.recv && equalBytes(r.remote, header.ratchetKey)) {
    if (header.n < r.recv.n) return { ok: false, error: 'replayed' };
    if (header.n - r.recv.n > MAX_SKIP) return { ok: false, error: 'too-far-out-of-order' };
    skipTo(r, r.recv, r.remote, header.n);
    return done(open(takeRecvKey(r.recv)));
  }

  if (r.pastRemote.some((k) => equalBytes(k, header.ratchetKey))) return { ok: false, error: 'replayed' };

  // A new remote ratchet key: the turn has changed.
  if (header.n > MAX_SKIP) return { ok: false, error: 'too-far-out-of-order' };
  if (r.remote && r.recv) {
    if (header.pn - r.recv.n > MAX_SKIP) return { ok: false, error: 'too-far-out-of-order' };
    skipTo(r, r.recv, r.remote, header.pn);
  }
  if (!dhStep(r, header.ratchetKey, rng)) return { ok: false, error: 'tampered' };
  skipTo(r, r.recv!, header.ratchetKey, header.n);
  return done(open(takeRecvKey(r.recv!)));
}
