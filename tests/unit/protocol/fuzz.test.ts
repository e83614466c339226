/**
 * Fuzz run: random and mutated inputs through everything that reads page or stored data:
 * parseArmor + reassemble, decodeCard, and session decrypt (with valid and corrupted state).
 * Zero exceptions allowed, and nothing may "succeed" with content that was never sent.
 *
 * FUZZ_RUNS (default 100,000) sets the total number of inputs; FUZZ_SEED replays a run.
 */
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../../src/encoding/bytes';
import { armor, parseArmor, reassemble, type ArmorPart } from '../../../src/protocol/armor';
import { decodeCard, encodeCard, type ContactCard } from '../../../src/protocol/card';
import { isProtocolError } from '../../../src/protocol/errors';
import { decrypt, encrypt, type SessionState } from '../../../src/protocol/session';
import type { IdentityState } from '../../../src/protocol/identity';
import { makeParty, prng, seededRng, T0 } from './helpers';

const TOTAL = Number(process.env.FUZZ_RUNS ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);

const rand = prng(SEED);
const int = (n: number): number => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

// ---------------------------------------------------------------------------------------------
// Corpus: a real conversation between A and B, with the receiver's state before each message.
// ---------------------------------------------------------------------------------------------

interface Delivery {
  bytes: Uint8Array;
  text: string;
  /** Receiver's state just before this message arrived (so the message itself decrypts). */
  state: SessionState | undefined;
  /** Decrypting needs X3DH or a DH ratchet step (a new turn): milliseconds per attempt. */
  costly: boolean;
  me: IdentityState;
  from: ContactCard;
}

const A = makeParty('fuzz/A', 'Alice');
const B = makeParty('fuzz/B', 'Bob');
const M = makeParty('fuzz/M', 'Mallory');
const rngA = seededRng('fuzz/A/run');
const rngB = seededRng('fuzz/B/run');
const states: Record<'A' | 'B', SessionState | undefined> = { A: undefined, B: undefined };
const deliveries: Delivery[] = [];
const sentTexts = new Set<string>();
// Mostly longer texts: a mutation inside the 32-byte ratchet key costs a DH step (see below), so
// short messages make the run slow without testing anything new.
const filler = (n: number): string => 'the quick brown fox jumps over the lazy dog, '.repeat(n);
const script: ['A' | 'B', string][] = [
  ['A', 'hi'],
  ['A', 'are you there? 🙂 ' + filler(4)],
  ['B', 'yes'],
  ['B', 'x'.repeat(700)],
  ['B', 'third in a row ' + filler(5)],
  ['A', 'long one: ' + filler(40)],
  ['A', filler(6)],
  ['A', ''],
];
script.forEach(([from, text], i) => {
  const me = from === 'A' ? A : B;
  const them = from === 'A' ? B : A;
  const to = from === 'A' ? 'B' : 'A';
  const sentAt = Math.floor(T0 / 1000) + i;
  const e = encrypt(states[from], me.identity, them.card, { text, sentAt }, T0 + i * 1000, from === 'A' ? rngA : rngB);
  if (!e.ok) throw new Error(`corpus encrypt: ${e.error}`);
  states[from] = e.state;
  const costly = states[to] === undefined || (i > 0 && script[i - 1]![0] !== from);
  deliveries.push({ bytes: e.message, text, state: states[to], me: them.identity, from: me.card, costly });
  sentTexts.add(text);
  const d = decrypt(states[to], them.identity, me.card, e.message, T0 + i * 1000 + 500, to === 'A' ? rngA : rngB);
  if (!d.ok) throw new Error(`corpus decrypt: ${d.error}`);
  states[to] = d.state;
});

const armoredTexts = deliveries.map((d) => armor(d.bytes).join(pick(['\n', ' ', '', '  text  '])));
const cardTexts = [A, B, M].map((p) => encodeCard(p.card));
const knownCards = new Set([A, B, M].map((p) => toBase64url(p.card.bytes)));
const bytesCorpus: Uint8Array[] = [...deliveries.map((d) => d.bytes), ...[A, B].map((p) => p.card.bytes)];

// ---------------------------------------------------------------------------------------------
// Mutators (bit flips, truncations, insertions, splices), for text and for bytes
// ---------------------------------------------------------------------------------------------

const INSERT_TEXT = [
  'SDM1', 'SDMKEY1', 'SDM', 'SDM2AAAAAAAAAAAAAAAAAAAA', '\n', '\r\n', ' ', '\u200b', '\u00ad', '\ufeff', '\u2028',
  '@', '#', ':', '.', '/', 'https://x.y/', '🙂', '\ud800', '\udc00', '-', '_', 'A', 'g', '_-_-', '\u0000',
];

function randomText(max: number): string {
  const n = int(max);
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.6) s += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[int(64)]!;
    else if (r < 0.8) s += pick(INSERT_TEXT);
    else s += String.fromCharCode(int(0x10000));
  }
  return s;
}

function mutateText(s: string, corpus: readonly string[]): string {
  const rounds = 1 + int(3);
  for (let r = 0; r < rounds; r++) {
    const i = int(s.length + 1);
    switch (int(7)) {
      case 0: {
        // Bit flip in one UTF-16 code unit.
        if (s.length === 0) break;
        const j = Math.min(i, s.length - 1);
        s = s.slice(0, j) + String.fromCharCode(s.charCodeAt(j) ^ (1 << int(16))) + s.slice(j + 1);
        break;
      }
      case 1:
        s = s.slice(0, i); // truncate
        break;
      case 2:
        s = s.slice(0, i) + s.slice(i + 1 + int(8)); // delete a few
        break;
      case 3:
        s = s.slice(0, i) + (rand() < 0.5 ? pick(INSERT_TEXT) : randomText(6)) + s.slice(i); // insert
        break;
      case 4: {
        const other = pick(corpus);
        s = s.slice(0, i) + other.slice(int(other.length + 1)); // splice with another valid output
        break;
      }
      case 5: {
        // Replace one character by another alphabet character (a single-digit change).
        if (s.length === 0) break;
        const j = Math.min(i, s.length - 1);
        s = s.slice(0, j) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[int(64)]! + s.slice(j + 1);
        break;
      }
      default:
        s = s.slice(0, i) + s.slice(int(s.length + 1)); // duplicate or drop a region
    }
  }
  return s;
}

function mutateBytes(b: Uint8Array, corpus: readonly Uint8Array[]): Uint8Array {
  let out = Array.from(b);
  const rounds = 1 + int(3);
  for (let r = 0; r < rounds; r++) {
    const i = int(out.length + 1);
    switch (int(6)) {
      case 0:
        if (out.length) out[Math.min(i, out.length - 1)]! ^= 1 << int(8); // bit flip
        break;
      case 1:
        out = out.slice(0, i); // truncate
        break;
      case 2:
        out.splice(i, 0, ...Array.from({ length: 1 + int(8) }, () => int(256))); // insert
        break;
      case 3: {
        const other = pick(corpus);
        out = [...out.slice(0, i), ...other.slice(int(other.length + 1))]; // splice
        break;
      }
      case 4:
        if (out.length) out[Math.min(i, out.length - 1)] = pick([0, 0xff, 0x7f, 0x80, 0x11, 0x12]); // interesting values
        break;
      default:
        out.splice(i, int(8)); // delete a few
    }
  }
  return Uint8Array.from(out);
}

/** A stored state with one field replaced by junk (the vault must never hand us this, but if it does...). */
function mutateState(state: SessionState | undefined): unknown {
  const junk = [null, undefined, 0, -1, 1e300, Number.NaN, '', 'AAAA', '!!', [], {}, true, 'x'.repeat(100)];
  if (state === undefined) return pick(junk);
  const copy = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
  // Walk to a random nested container and replace one of its entries.
  let node: Record<string, unknown> = copy;
  for (let depth = 0; depth < 4; depth++) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const k = pick(keys);
    const v = node[k];
    if (v && typeof v === 'object' && rand() < 0.6) node = v as Record<string, unknown>;
    else {
      node[k] = typeof v === 'string' && rand() < 0.5 ? mutateText(v, [v]) : pick(junk);
      break;
    }
  }
  return copy;
}

/** cyrb53: a 53-bit string hash, to remember which inputs were tried without keeping them. */
function hash53(str: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

const failures: string[] = [];
const tally = { armor: 0, reassembled: 0, armorDecrypts: 0, card: 0, cardOk: 0, decrypt: 0, decryptOk: 0 };
const time = { armor: 0, card: 0, decrypt: 0, state: 0, inDecrypt: 0 };
const decryptedPayloads = new Set<number>();

function record(what: string, input: unknown, err: unknown): void {
  if (failures.length < 5) {
    const shown = typeof input === 'string' ? JSON.stringify(input.slice(0, 200)) : String(input);
    failures.push(`${what}: ${err instanceof Error ? err.stack : String(err)} on ${shown}`);
  }
}

function checkDecrypt(d: Delivery, bytes: Uint8Array, state: unknown = d.state, from: ContactCard = d.from): void {
  tally.decrypt++;
  const t0 = performance.now();
  try {
    const r = decrypt(state as SessionState | undefined, d.me, from, bytes, T0 + 3600_000, rngB);
    if (r.ok) {
      tally.decryptOk++;
      if (from === M.card) throw new Error('decrypted a message as from a contact who did not send it');
      // A "successful" mutated message must be one that was really sent (e.g. a no-op mutation).
      if (!sentTexts.has(r.envelope.text)) throw new Error('decrypted text that was never sent');
    } else if (!isProtocolError(r.error)) throw new Error(`untyped error ${String(r.error)}`);
  } catch (err) {
    record('decrypt', toBase64url(bytes), err);
  }
  time.inDecrypt += performance.now() - t0;
}

function checkArmor(d: Delivery, text: string): void {
  tally.armor++;
  let parts: ArmorPart[];
  try {
    parts = parseArmor(text);
    if (!Array.isArray(parts)) throw new Error('not an array');
    for (const p of parts) {
      if (!(p.start >= 0 && p.start < p.end && p.end <= text.length)) throw new Error('bad offsets');
    }
    const r = reassemble(parts);
    if (!r.ok) return;
    tally.reassembled++;
    // Many text mutations only touch what is around or between parts and give the same payload
    // again; decrypting that again in the same context would test nothing new.
    const key = hash53(`${deliveries.indexOf(d)}:${toBase64url(r.payload)}`);
    if (decryptedPayloads.has(key)) return;
    decryptedPayloads.add(key);
    tally.armorDecrypts++;
    checkDecrypt(d, r.payload);
  } catch (err) {
    record('armor', text, err);
  }
}

function checkCard(text: string): void {
  tally.card++;
  try {
    const r = decodeCard(text);
    if (r.ok) {
      tally.cardOk++;
      if (!knownCards.has(toBase64url(r.card.bytes))) throw new Error('accepted a card that was never made');
    } else if (!['malformed', 'truncated', 'bad-checksum', 'bad-signature', 'unsupported-version'].includes(r.error)) {
      throw new Error(`untyped card error ${String(r.error)}`);
    }
    parseArmor(text); // card text through the armor parser too (no-false-positive cases are in armor.test.ts)
  } catch (err) {
    record('card', text, err);
  }
}

describe(`fuzz (${TOTAL} inputs, seed ${SEED})`, { timeout: Math.max(60_000, TOTAL * 2) }, () => {
  it('the corpus itself is valid', () => {
    for (const [i, d] of deliveries.entries()) {
      const r = reassemble(parseArmor(armoredTexts[i]!));
      expect(r.ok).toBe(true);
      const got = r.ok ? decrypt(d.state, d.me, d.from, r.payload, T0 + 3600_000, rngB) : undefined;
      expect(got?.ok && got.envelope.text).toBe(d.text);
    }
    for (const c of cardTexts) expect(decodeCard(c).ok).toBe(true);
  });

  it('zero exceptions, no forged successes', () => {
    const started = Date.now();
    const textCorpus = [...armoredTexts, ...cardTexts];
    // Inputs that reach X3DH or a DH ratchet step cost milliseconds each (X25519 in JS), and
    // the receiver does that step before it can check the tag, so every mutation of a first
    // message or of a new turn is that slow; those contexts are drawn less often to keep the
    // default run well under a minute. The same goes for cards that verify (two signatures).
    const cheap = deliveries.map((_, i) => i).filter((i) => !deliveries[i]!.costly);
    const costly = deliveries.map((_, i) => i).filter((i) => deliveries[i]!.costly);
    const pickDelivery = (): number => (rand() < 0.03 ? pick(costly) : pick(cheap));
    const multiPart = armoredTexts.map((_, i) => i).filter((i) => armor(deliveries[i]!.bytes).length > 1);
    // Every input counted is distinct: a mutation that reproduces an input already tried (e.g. a
    // truncation at the very end) is drawn again instead of being run twice.
    const seen = new Set<number>();
    const fresh = (key: string): boolean => {
      const h = hash53(key);
      return !seen.has(h) && (seen.add(h), true);
    };
    for (let n = 0; n < TOTAL; n++) {
      const r = rand();
      // Half of the armor inputs start from a multi-part message (cheap: the id check rejects
      // most damage before decrypt), the rest from any message.
      const di = r < 0.3 ? pick(multiPart) : pickDelivery();
      const d = deliveries[di]!;
      const t0 = performance.now();
      if (r < 0.7) {
        // Armor path: mutated armored text (or pure noise) -> parseArmor -> reassemble -> decrypt.
        const text = rand() < 0.1 ? randomText(300) : mutateText(armoredTexts[di]!, textCorpus);
        if (!fresh(`a${di}:${text}`)) {
          n--;
          continue;
        }
        checkArmor(d, text);
        time.armor += performance.now() - t0;
      } else if (r < 0.8) {
        const base = pick(cardTexts);
        const text = rand() < 0.1 ? randomText(400) : rand() < 0.03 ? `${randomText(20)} ${base} ${randomText(20)}` : mutateText(base, textCorpus);
        if (!fresh(`c:${text}`)) {
          n--;
          continue;
        }
        checkCard(text);
        time.card += performance.now() - t0;
      } else if (r < 0.97) {
        // Binary path: random bytes or a mutated real message straight into decrypt.
        const bytes = rand() < 0.05 ? Uint8Array.from({ length: int(200) }, () => int(256)) : mutateBytes(d.bytes, bytesCorpus);
        if (!fresh(`b${di}:${toBase64url(bytes)}`)) {
          n--;
          continue;
        }
        checkDecrypt(d, bytes);
        time.decrypt += performance.now() - t0;
      } else {
        // A valid message against corrupted stored state, another message's state, or the
        // wrong contact (Mallory's card: must never decrypt as from her).
        const k = rand();
        if (k < 0.7) checkDecrypt(d, d.bytes, mutateState(d.state));
        else if (k < 0.85) checkDecrypt(d, d.bytes, pick(deliveries).state);
        else checkDecrypt(d, d.bytes, d.state, M.card);
        time.state += performance.now() - t0;
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`fuzz: ${TOTAL} inputs in ${seconds.toFixed(1)} s`, tally, 'ms per path', time);
    expect(failures).toEqual([]);
    expect(tally.armor + tally.card + tally.decrypt - tally.armorDecrypts).toBe(TOTAL);
    // The mutations are not all fatal: some inputs get deep enough to decrypt (sanity of the fuzzer).
    if (TOTAL >= 10_000) expect(tally.decryptOk).toBeGreaterThan(0);
  });
});
