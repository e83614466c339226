/**
 * Known-answer vectors for the Sealed DMs protocol, from fixed randomness.
 *
 *   npx tsx tests/unit/protocol/vectors/generate.ts     (rewrites protocol.json)
 *
 * vectors.test.ts recomputes everything with generateVectors() and compares it with the stored
 * JSON, so any change of a byte layout, label or state format shows up as a test failure. Only
 * regenerate when such a change is intended (and bump the protocol version if it breaks the wire).
 *
 * `independentFirstMessage` re-derives the first message with raw @noble calls, following
 * docs/PROTOCOL.md rather than src/, as a check that the document and the code agree.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { concatBytes, fromBase64url } from '../../../../src/encoding/bytes';
import { createCard, encodeCard } from '../../../../src/protocol/card';
import { createIdentity, type IdentityState } from '../../../../src/protocol/identity';
import { safetyNumber } from '../../../../src/protocol/safety-number';
import { decrypt, encrypt, type SessionState } from '../../../../src/protocol/session';
import { encodeEnvelope } from '../../../../src/protocol/envelope';
import { seededRng } from '../helpers';

export const VECTOR_TIME = Date.UTC(2025, 0, 1); // ms
const SECONDS = VECTOR_TIME / 1000;

const enc = (s: string) => new TextEncoder().encode(s);
const b = (s: string) => fromBase64url(s)!;

export interface VectorMessage {
  from: 'alice' | 'bob';
  text: string;
  sentAt: number;
  hex: string;
}

export interface Vectors {
  time: number;
  alice: { identity: IdentityState; card: string };
  bob: { identity: IdentityState; card: string };
  envelopeHi: string;
  safetyNumber: { digits: string; aliceScannable: string; bobScannable: string };
  messages: VectorMessage[];
  finalStates: { alice: SessionState; bob: SessionState };
  independentFirstMessage: Record<string, string>;
}

/** The first message derived from scratch with raw primitives (docs/PROTOCOL.md). */
export function independentFirstMessage(alice: IdentityState, bob: IdentityState, sentAt: number, text: string): Record<string, string> {
  const rng = seededRng('vector/alice/session'); // the initiator draws EK_A first, then its ratchet key
  const ek = rng(32);
  const dhs = rng(32);
  const spk = bob.prekeys[0]!;
  const dh1 = x25519.getSharedSecret(b(alice.agreement.secret), b(spk.public));
  const dh2 = x25519.getSharedSecret(ek, b(bob.agreement.public));
  const dh3 = x25519.getSharedSecret(ek, b(spk.public));
  const sk = hkdf(sha256, concatBytes(new Uint8Array(32).fill(0xff), dh1, dh2, dh3), new Uint8Array(32), enc('SealedDMs/1 X3DH'), 32);
  const root = hkdf(sha256, x25519.getSharedSecret(dhs, b(spk.public)), sk, enc('SealedDMs/1 root'), 64);
  const ck = root.slice(32);
  const mk = hmac(sha256, ck, Uint8Array.of(1));
  const keys = hkdf(sha256, mk, new Uint8Array(32), enc('SealedDMs/1 message'), 44);
  const idHash = (s: IdentityState) =>
    sha256(concatBytes(enc('SealedDMs/1 identity'), b(s.signing.public), b(s.agreement.public), b(s.deviceId)));
  const ha = idHash(alice);
  const hb = idHash(bob);
  const tag = sha256(concatBytes(enc('SealedDMs/1 pair tag'), ha, hb)).slice(0, 4);
  const [lo, hi] = bytesToHex(ha) < bytesToHex(hb) ? [ha, hb] : [hb, ha];
  const conversation = sha256(concatBytes(enc('SealedDMs/1 conversation'), lo, hi));
  const prekeyId = new Uint8Array(4);
  new DataView(prekeyId.buffer).setUint32(0, spk.id);
  const header = concatBytes(Uint8Array.of(0x11), tag, prekeyId, x25519.getPublicKey(ek), x25519.getPublicKey(dhs), Uint8Array.of(0));
  const ad = concatBytes(conversation, ha, header);
  const time = new Uint8Array(4);
  new DataView(time.buffer).setUint32(0, sentAt);
  const content = concatBytes(Uint8Array.of(0), time, enc(text), Uint8Array.of(0x80));
  const padded = new Uint8Array(Math.max(16, Math.ceil(content.length / 16) * 16));
  padded.set(content);
  const ciphertext = chacha20poly1305(keys.slice(0, 32), keys.slice(32, 44), ad).encrypt(padded);
  const hex = bytesToHex;
  return {
    dh1: hex(dh1),
    dh2: hex(dh2),
    dh3: hex(dh3),
    sk: hex(sk),
    rootKey1: hex(root.slice(0, 32)),
    sendingChainKey0: hex(ck),
    messageKey0: hex(mk),
    aeadKey: hex(keys.slice(0, 32)),
    nonce: hex(keys.slice(32, 44)),
    aliceIdentityHash: hex(ha),
    bobIdentityHash: hex(hb),
    pairTag: hex(tag),
    conversationId: hex(conversation),
    header: hex(header),
    associatedData: hex(ad),
    paddedEnvelope: hex(padded),
    message: hex(concatBytes(header, ciphertext)),
  };
}

export function generateVectors(): Vectors {
  const alice = createIdentity(VECTOR_TIME, seededRng('vector/alice/identity'));
  const bob = createIdentity(VECTOR_TIME, seededRng('vector/bob/identity'));
  const aliceCard = createCard(alice, { name: 'Alice', instagram: 'alice' }, VECTOR_TIME);
  const bobCard = createCard(bob, { name: 'Bob 🌸' }, VECTOR_TIME);
  if (!aliceCard.ok || !bobCard.ok) throw new Error('card');
  const sn = safetyNumber(aliceCard.card, bobCard.card);
  const snBob = safetyNumber(bobCard.card, aliceCard.card);

  const parties = {
    alice: { identity: alice, card: aliceCard.card, rng: seededRng('vector/alice/session'), state: undefined as SessionState | undefined },
    bob: { identity: bob, card: bobCard.card, rng: seededRng('vector/bob/session'), state: undefined as SessionState | undefined },
  };
  const script: [from: 'alice' | 'bob', text: string, dt: number][] = [
    ['alice', 'hi', 0],
    ['alice', 'second first message', 1],
    ['bob', 'hello Alice', 60],
    ['alice', 'how are you?', 61],
    ['alice', 'Zoë 🌸 — ünïcödé', 62],
    ['bob', 'x'.repeat(600), 120],
  ];
  const messages: VectorMessage[] = [];
  for (const [from, text, dt] of script) {
    const me = parties[from];
    const them = parties[from === 'alice' ? 'bob' : 'alice'];
    const sentAt = SECONDS + dt;
    const e = encrypt(me.state, me.identity, them.card, { text, sentAt }, sentAt * 1000, me.rng);
    if (!e.ok) throw new Error(e.error);
    me.state = e.state;
    const d = decrypt(them.state, them.identity, me.card, e.message, sentAt * 1000, them.rng);
    if (!d.ok || d.envelope.text !== text) throw new Error('vector conversation failed');
    them.state = d.state;
    messages.push({ from, text, sentAt, hex: bytesToHex(e.message) });
  }
  return {
    time: VECTOR_TIME,
    alice: { identity: alice, card: encodeCard(aliceCard.card) },
    bob: { identity: bob, card: encodeCard(bobCard.card) },
    envelopeHi: bytesToHex(encodeEnvelope({ text: 'hi', sentAt: SECONDS })!),
    safetyNumber: { digits: sn.digits, aliceScannable: bytesToHex(sn.scannable), bobScannable: bytesToHex(snBob.scannable) },
    messages,
    finalStates: { alice: parties.alice.state!, bob: parties.bob.state! },
    independentFirstMessage: independentFirstMessage(alice, bob, SECONDS, 'hi'),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = fileURLToPath(new URL('./protocol.json', import.meta.url));
  writeFileSync(out, JSON.stringify(generateVectors(), null, 2) + '\n');
  console.log(`wrote ${out}`);
}
