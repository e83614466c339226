import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../../src/encoding/bytes';
import { kdfChain } from '../../../src/crypto/kdf';
import { rotatePrekeys } from '../../../src/protocol/identity';
import { MAX_SKIP, MAX_STORED_SKIPPED } from '../../../src/protocol/ratchet';
import { decrypt, encrypt, messageDirection, peekMessage, type SessionState } from '../../../src/protocol/session';
import { createCard } from '../../../src/protocol/card';
import { identityHash } from '../../../src/protocol/ids';
import { flipBit, FULL, makeParty, RUNS, seededRng, T0 } from './helpers';
import { Conversation, type Sent, type Side } from './sim';

const DAY = 24 * 3600 * 1000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('session round trips', () => {
  it('sends first messages (prekey) until the peer answers, then normal messages', () => {
    const c = new Conversation('basic');
    const m1 = c.send('A', 'hi');
    const m2 = c.send('A', 'are you there?');
    expect(peekMessage(m1.bytes)).toMatchObject({ ok: true, type: 'prekey' });
    expect(peekMessage(m2.bytes)).toMatchObject({ ok: true, type: 'prekey' });
    const r1 = c.deliver(m1);
    expect(r1).toMatchObject({ ok: true, kind: 'prekey', envelope: { text: 'hi', sentAt: m1.sentAt } });
    expect(c.deliver(m2)).toMatchObject({ ok: true, envelope: { text: 'are you there?' } });
    const m3 = c.send('B', 'yes');
    expect(peekMessage(m3.bytes)).toMatchObject({ ok: true, type: 'normal' });
    expect(c.deliver(m3)).toMatchObject({ ok: true, kind: 'normal', envelope: { text: 'yes' } });
    const m4 = c.send('A', 'great');
    expect(peekMessage(m4.bytes)).toMatchObject({ ok: true, type: 'normal' });
    expect(c.deliver(m4)).toMatchObject({ ok: true, envelope: { text: 'great' } });
    expect(c.activeBaseKey('A')).toBe(c.activeBaseKey('B'));
  });

  it('keeps messages small: "hi" is 106 bytes first, 71 bytes later', () => {
    const c = new Conversation('sizes');
    const first = c.send('A', 'hi');
    c.deliver(first);
    const reply = c.send('B', 'hi');
    expect(first.bytes.length).toBe(106);
    expect(toBase64url(first.bytes).length).toBe(142);
    expect(reply.bytes.length).toBe(71);
    expect(toBase64url(reply.bytes).length).toBe(95);
  });

  it('classifies direction from the pair tag', () => {
    const c = new Conversation('direction');
    const m = c.send('A');
    const a = c.peers.A.party.card;
    const b = c.peers.B.party.card;
    expect(messageDirection(m.bytes, b, a)).toBe('from-contact');
    expect(messageDirection(m.bytes, a, b)).toBe('to-contact');
    expect(messageDirection(m.bytes, a, makeParty('stranger').card)).toBe('unrelated');
    expect(messageDirection(new Uint8Array([1, 2]), a, b)).toBe('unsupported-version');
  });

  it('round-trips any text, including the empty string and astral characters', () => {
    const a = makeParty('rt-a');
    const b = makeParty('rt-b');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 0, max: 0xffffffff }), (text, sentAt) => {
        const e = encrypt(undefined, a.identity, b.card, { text, sentAt }, T0, seededRng(text));
        expect(e.ok).toBe(true);
        if (!e.ok) return;
        const d = decrypt(undefined, b.identity, a.card, e.message, T0, seededRng('d'));
        expect(d).toMatchObject({ ok: true, envelope: { text, sentAt } });
      }),
      { numRuns: RUNS },
    );
  });
});

type Action =
  | { kind: 'send'; from: Side; tick: number }
  | { kind: 'deliver'; pick: number; duplicate: boolean; drop: boolean };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('send' as const), from: fc.constantFrom<Side>('A', 'B'), tick: fc.nat(2) }),
  fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(), duplicate: fc.boolean(), drop: fc.boolean() }),
);

/**
 * Runs a random schedule: sends from either side (both may start at once), deliveries in random
 * order with duplicates and drops. Every first delivery must decrypt to exactly what was sent and
 * every second delivery must be refused; afterwards one round trip makes both use one session.
 */
function runSchedule(seed: string, actions: Action[], skew: number): void {
  const c = new Conversation(seed, skew);
  const queue: Sent[] = [];
  const delivered = new Set<number>();
  const check = (msg: Sent) => {
    const r = c.deliver(msg);
    if (delivered.has(msg.id)) {
      expect(r).toEqual({ ok: false, error: 'replayed' });
    } else {
      expect(r, `message ${msg.id}`).toMatchObject({ ok: true, envelope: { text: msg.text, sentAt: msg.sentAt } });
      delivered.add(msg.id);
    }
  };
  for (const a of actions) {
    if (a.kind === 'send') {
      c.tick(a.from, a.tick);
      queue.push(c.send(a.from));
    } else if (queue.length > 0) {
      const i = a.pick % queue.length;
      const msg = queue[i]!;
      if (!a.duplicate) queue.splice(i, 1);
      if (!a.drop) check(msg);
    }
  }
  for (const msg of queue) check(msg);
  // Converge: a round trip in each order.
  c.tick('A', 1);
  check(c.send('A', 'ping'));
  c.tick('B', 1);
  check(c.send('B', 'pong'));
  check(c.send('A', 'ping again'));
  expect(c.activeBaseKey('A')).toBeDefined();
  expect(c.activeBaseKey('A')).toBe(c.activeBaseKey('B'));
}

describe('delivery orders, drops and duplicates (property)', () => {
  it('every message decrypts once, in any order, with drops and duplicates', () => {
    fc.assert(
      fc.property(fc.array(actionArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: -3600, max: 3600 }), (actions, skew) => {
        runSchedule('schedule', actions, skew);
      }),
      { numRuns: RUNS },
    );
  });
});

function smallerSide(c: Conversation): Side {
  const a = Buffer.from(fromBase64url(identityHashOf(c, 'A'))!);
  const b = Buffer.from(fromBase64url(identityHashOf(c, 'B'))!);
  return Buffer.compare(a, b) < 0 ? 'A' : 'B';
}

function identityHashOf(c: Conversation, side: Side): string {
  return toBase64url(identityHash(c.peers[side].party.card));
}

describe('simultaneous initiation', () => {
  it('both start at once: smaller identity hash wins, no message is lost', () => {
    const winners = new Set<string>();
    for (const seed of ['sim-1', 'sim-2', 'sim-3', 'sim-4']) {
      const c = new Conversation(seed);
      const a1 = c.send('A', 'a1');
      const b1 = c.send('B', 'b1');
      const a2 = c.send('A', 'a2');
      const b2 = c.send('B', 'b2');
      expect(c.deliver(a1)).toMatchObject({ ok: true, envelope: { text: 'a1' } });
      expect(c.deliver(b1)).toMatchObject({ ok: true, envelope: { text: 'b1' } });
      // The winner is the same on both sides.
      expect(c.activeBaseKey('A')).toBe(c.activeBaseKey('B'));
      const winner = c.activeBaseKey('A');
      const aBase = c.peers.A.state!.retired.concat(c.peers.A.state!.active!).find((r) => r.initiator)!.baseKey;
      const bBase = c.peers.B.state!.retired.concat(c.peers.B.state!.active!).find((r) => r.initiator)!.baseKey;
      const smaller = smallerSide(c);
      expect(winner).toBe(smaller === 'A' ? aBase : bBase);
      winners.add(smaller);
      // Messages already sent under the losing session still decrypt.
      expect(c.deliver(a2)).toMatchObject({ ok: true, envelope: { text: 'a2' } });
      expect(c.deliver(b2)).toMatchObject({ ok: true, envelope: { text: 'b2' } });
      const a3 = c.send('A', 'a3');
      const b3 = c.send('B', 'b3');
      expect(c.deliver(b3)).toMatchObject({ ok: true, envelope: { text: 'b3' } });
      expect(c.deliver(a3)).toMatchObject({ ok: true, envelope: { text: 'a3' } });
      expect(c.activeBaseKey('A')).toBe(winner);
      expect(c.activeBaseKey('B')).toBe(winner);
    }
    expect(winners.size).toBe(2); // the seeds cover both orders
  });

  it('late first messages of the losing session do not take over a confirmed session', () => {
    for (const seed of ['sim-1', 'sim-3']) {
      const c = new Conversation(seed);
      const small = smallerSide(c);
      const large = c.other(small);
      const fromSmall = c.send(small, 'small starts');
      const fromLarge = c.send(large, 'large starts');
      // The larger side sees the winning first message and answers in that session...
      expect(c.deliver(fromSmall).ok).toBe(true);
      c.tick(large, 1);
      const answer = c.send(large, 'answer in the winning session');
      expect(c.deliver(answer).ok).toBe(true);
      const winner = c.activeBaseKey(small);
      expect(c.peers[small].state!.active!.confirmed).toBe(true);
      // ...and only then does its own (older) first message reach the smaller side.
      expect(c.deliver(fromLarge)).toMatchObject({ ok: true, envelope: { text: 'large starts' }, activeSession: false });
      expect(c.activeBaseKey(small)).toBe(winner);
      expect(c.activeBaseKey(large)).toBe(winner);
      const next = c.send(small, 'still one session');
      expect(c.deliver(next)).toMatchObject({ ok: true, activeSession: true });
    }
  });

  it('property: any interleaving of two initiators converges on one session', () => {
    fc.assert(
      fc.property(
        fc.array(actionArb, { maxLength: 20 }),
        fc.integer({ min: -100, max: 100 }),
        // A few fixed identity pairs (cheap, cached) that cover both orders of the identity hashes.
        fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5', 'r6'),
        (actions, skew, seed) => {
          // Both parties send before anything is delivered.
          runSchedule(`race/${seed}`, [{ kind: 'send', from: 'A', tick: 0 }, { kind: 'send', from: 'B', tick: 0 }, ...actions], skew);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a peer that lost its state starts again and the new session takes over', () => {
    const c = new Conversation('reset');
    c.deliver(c.send('A', 'hello'));
    c.deliver(c.send('B', 'hi'));
    c.deliver(c.send('A', 'how are you'));
    const old = c.activeBaseKey('A');
    c.peers.B.state = undefined; // B restored an empty profile with the same identity
    c.tick('B', 5);
    const fresh = c.send('B', 'I lost my history');
    expect(c.deliver(fresh)).toMatchObject({ ok: true, kind: 'prekey', activeSession: true });
    expect(c.activeBaseKey('A')).not.toBe(old);
    const reply = c.send('A', 'no problem');
    expect(c.deliver(reply)).toMatchObject({ ok: true, envelope: { text: 'no problem' } });
    expect(c.activeBaseKey('A')).toBe(c.activeBaseKey('B'));
  });
});

describe('replay and forward secrecy', () => {
  it('a second delivery is refused as replayed, for first and later messages', () => {
    const c = new Conversation('replay');
    const m1 = c.send('A');
    expect(c.deliver(m1).ok).toBe(true);
    expect(c.deliver(m1)).toEqual({ ok: false, error: 'replayed' });
    const m2 = c.send('B');
    expect(c.deliver(m2).ok).toBe(true);
    expect(c.deliver(m2)).toEqual({ ok: false, error: 'replayed' });
    // A late duplicate from an already finished receiving chain.
    c.deliver(c.send('A'));
    c.deliver(c.send('B'));
    expect(c.deliver(m2)).toEqual({ ok: false, error: 'replayed' });
    expect(c.deliver(m1)).toEqual({ ok: false, error: 'replayed' });
    // Out of order: a message decrypted with a stored skipped key is refused the second time.
    const late = c.send('A', 'late');
    const early = c.send('A', 'early');
    expect(c.deliver(early).ok).toBe(true);
    expect(c.deliver(late)).toMatchObject({ ok: true, envelope: { text: 'late' } });
    expect(c.deliver(late)).toEqual({ ok: false, error: 'replayed' });
  });

  it('a first message is refused as replayed even after its session was forgotten', () => {
    const c = new Conversation('replay-first');
    const old = c.send('A', 'first session');
    expect(c.deliver(old).ok).toBe(true);
    c.peers.A.state = undefined; // A starts over: B retires the first session
    c.tick('A', 10);
    expect(c.deliver(c.send('A', 'second session'))).toMatchObject({ ok: true, activeSession: true });
    expect(c.peers.B.state!.retired).toHaveLength(1);
    // 31 days later the idle retired session is pruned; B's prekey is still current.
    c.tick('A', 31 * 24 * 3600);
    c.tick('B', 31 * 24 * 3600);
    expect(c.deliver(c.send('A', 'much later')).ok).toBe(true);
    expect(c.peers.B.state!.retired).toHaveLength(0);
    expect(c.deliver(old)).toEqual({ ok: false, error: 'replayed' });
  });

  it('a used message key is gone from the serialized state', () => {
    const c = new Conversation('forward');
    c.deliver(c.send('A'));
    c.deliver(c.send('B'));
    // A's next sending chain key, to compute message keys independently.
    const m0 = c.send('A', 'zero');
    const chain = c.peers.A.state!.active!.send!;
    const ck1 = fromBase64url(chain.key)!; // chain key after message 0
    const mk1 = kdfChain(ck1).messageKey;
    const m1 = c.send('A', 'one');
    const m2 = c.send('A', 'two');
    expect(c.deliver(m0).ok).toBe(true);
    expect(c.deliver(m2).ok).toBe(true); // skips message 1: its key is stored
    expect(JSON.stringify(c.peers.B.state)).toContain(toBase64url(mk1));
    expect(c.deliver(m1)).toMatchObject({ ok: true, envelope: { text: 'one' } });
    const json = JSON.stringify(c.peers.B.state);
    expect(json).not.toContain(toBase64url(mk1));
    expect(c.peers.B.state!.active!.skipped).toHaveLength(0);
    // The state after decrypting cannot decrypt the same messages again.
    for (const m of [m0, m1, m2]) expect(c.deliver(m)).toEqual({ ok: false, error: 'replayed' });
  });

  it('post-compromise: a copied state fails once a fresh DH round trip has happened', () => {
    const c = new Conversation('pcs');
    c.deliver(c.send('A'));
    c.deliver(c.send('B'));
    // Eve copies B's complete state (and identity) now.
    const stolen = structuredClone(c.peers.B.state!);
    const eve = (msg: Sent, state: SessionState) =>
      decrypt(state, c.peers.B.party.identity, c.peers.A.party.card, msg.bytes, T0, seededRng('eve'));
    // Before recovery the copy works: it reads A's next message (same DH chain as the copy knows).
    const m1 = c.send('A', 'still readable by eve');
    const eveM1 = eve(m1, stolen);
    expect(eveM1).toMatchObject({ ok: true, envelope: { text: 'still readable by eve' } });
    expect(c.deliver(m1).ok).toBe(true); // B ratchets: new key pair from B's own randomness
    const m2 = c.send('B', 'B answers with a fresh ratchet key');
    expect(c.deliver(m2).ok).toBe(true); // A ratchets too
    const m3 = c.send('A', 'after one round trip');
    expect(c.deliver(m3)).toMatchObject({ ok: true, envelope: { text: 'after one round trip' } });
    // Neither the raw copy nor the copy advanced with everything Eve saw can read m3 or later.
    expect(eve(m3, stolen).ok).toBe(false);
    if (eveM1.ok) expect(eve(m3, eveM1.state).ok).toBe(false);
    const m4 = c.send('A', 'and later');
    expect(eve(m4, stolen).ok).toBe(false);
    if (eveM1.ok) expect(eve(m4, eveM1.state).ok).toBe(false);
  });
});

describe('bounds', () => {
  it(`accepts a gap of MAX_SKIP (${MAX_SKIP}) and refuses a larger one`, () => {
    const c = new Conversation('bounds');
    c.deliver(c.send('A'));
    c.deliver(c.send('B'));
    const msgs: Sent[] = [];
    for (let i = 0; i < MAX_SKIP + 2; i++) msgs.push(c.send('A', `m${i}`));
    expect(c.deliver(msgs[MAX_SKIP + 1]!)).toEqual({ ok: false, error: 'too-far-out-of-order' });
    expect(c.deliver(msgs[MAX_SKIP]!)).toMatchObject({ ok: true, envelope: { text: `m${MAX_SKIP}` } });
    expect(c.peers.B.state!.active!.skipped.length).toBe(MAX_SKIP);
    expect(c.deliver(msgs[0]!)).toMatchObject({ ok: true, envelope: { text: 'm0' } });
    expect(c.deliver(msgs[MAX_SKIP + 1]!)).toMatchObject({ ok: true });
  });

  it(`keeps at most ${MAX_STORED_SKIPPED} skipped keys, dropping the oldest`, () => {
    const c = new Conversation('cap');
    c.deliver(c.send('A'));
    c.deliver(c.send('B'));
    const first: Sent[] = [];
    for (let i = 0; i < 600; i++) first.push(c.send('A', `a${i}`));
    expect(c.deliver(first[599]!).ok).toBe(true); // 599 skipped
    c.deliver(c.send('B'));
    const second: Sent[] = [];
    for (let i = 0; i < 600; i++) second.push(c.send('A', `b${i}`));
    expect(c.deliver(second[599]!).ok).toBe(true); // 599 more: the cap drops the oldest 198
    expect(c.peers.B.state!.active!.skipped.length).toBe(MAX_STORED_SKIPPED);
    expect(c.deliver(first[0]!)).toEqual({ ok: false, error: 'replayed' }); // key discarded
    expect(c.deliver(first[300]!)).toMatchObject({ ok: true, envelope: { text: 'a300' } });
    expect(c.deliver(second[0]!)).toMatchObject({ ok: true, envelope: { text: 'b0' } });
  });
});

describe('typed errors, never exceptions', () => {
  const a = makeParty('err-a');
  const b = makeParty('err-b');
  const stranger = makeParty('err-c');
  const first = encrypt(undefined, a.identity, b.card, { text: 'hi', sentAt: 1 }, T0, seededRng('e1'));
  if (!first.ok) throw new Error('setup');

  it('own message, unknown sender, not for this device', () => {
    expect(decrypt(first.state, a.identity, b.card, first.message, T0)).toEqual({ ok: false, error: 'own-message' });
    // B thinks the thread belongs to the stranger.
    expect(decrypt(undefined, b.identity, stranger.card, first.message, T0)).toEqual({ ok: false, error: 'unknown-sender' });
    // The stranger is not the recipient.
    expect(decrypt(undefined, stranger.identity, a.card, first.message, T0)).toEqual({ ok: false, error: 'not-for-this-device' });
  });

  it('no session for a normal message', () => {
    const d = decrypt(undefined, b.identity, a.card, first.message, T0, seededRng('d'));
    if (!d.ok) throw new Error(d.error);
    const reply = encrypt(d.state, b.identity, a.card, { text: 'yo', sentAt: 2 }, T0, seededRng('r'));
    if (!reply.ok) throw new Error(reply.error);
    expect(decrypt(undefined, a.identity, b.card, reply.message, T0)).toEqual({ ok: false, error: 'no-session' });
  });

  it('stale prekey: an invite code older than rotation plus retention', () => {
    let bob = b.identity;
    const oldCard = b.card;
    for (let day = 7; day <= 49; day += 7) bob = rotatePrekeys(bob, T0 + day * DAY, seededRng(`rot${day}`))!;
    const msg = encrypt(undefined, a.identity, oldCard, { text: 'hi', sentAt: 1 }, T0, seededRng('old'));
    if (!msg.ok) throw new Error(msg.error);
    expect(decrypt(undefined, bob, a.card, msg.message, T0 + 49 * DAY)).toEqual({ ok: false, error: 'stale-prekey' });
    // Within retention the old prekey still works.
    let recent = b.identity;
    recent = rotatePrekeys(recent, T0 + 7 * DAY, seededRng('r7'))!;
    expect(decrypt(undefined, recent, a.card, msg.message, T0 + 30 * DAY).ok).toBe(true);
    // The new card carries the new prekey, and first messages to it work.
    const fresh = createCard(bob, { name: 'b' }, T0 + 49 * DAY);
    if (!fresh.ok) throw new Error(fresh.error);
    const msg2 = encrypt(undefined, a.identity, fresh.card, { text: 'hi', sentAt: 1 }, T0, seededRng('new'));
    expect(msg2.ok && decrypt(undefined, bob, a.card, msg2.message, T0 + 49 * DAY).ok).toBe(true);
  });

  it('bad state: garbage, or state that belongs to another pair', () => {
    for (const junk of [null, 1, 'x', [], {}, { v: 1 }, { ...first.state, active: { ...first.state.active, rootKey: 'AA' } }]) {
      expect(decrypt(junk as unknown as SessionState, b.identity, a.card, first.message, T0)).toEqual({ ok: false, error: 'bad-state' });
      expect(encrypt(junk as unknown as SessionState, a.identity, b.card, { text: 'x', sentAt: 1 }, T0)).toEqual({ ok: false, error: 'bad-state' });
    }
    // first.state is A's state with B; using it for A with the stranger is refused.
    expect(encrypt(first.state, a.identity, stranger.card, { text: 'x', sentAt: 1 }, T0)).toEqual({ ok: false, error: 'bad-state' });
    expect(decrypt(undefined, { ...b.identity, v: 2 } as never, a.card, first.message, T0)).toEqual({ ok: false, error: 'bad-state' });
  });

  it('malformed, unsupported version, too long', () => {
    expect(decrypt(undefined, b.identity, a.card, new Uint8Array(0), T0)).toEqual({ ok: false, error: 'malformed' });
    expect(decrypt(undefined, b.identity, a.card, 'x' as unknown as Uint8Array, T0)).toEqual({ ok: false, error: 'malformed' });
    const future = first.message.slice();
    future[0] = 0x21;
    expect(decrypt(undefined, b.identity, a.card, future, T0)).toEqual({ ok: false, error: 'unsupported-version' });
    expect(encrypt(undefined, a.identity, b.card, { text: 'x'.repeat(20000), sentAt: 1 }, T0)).toEqual({ ok: false, error: 'too-long' });
    expect(encrypt(undefined, a.identity, b.card, { text: 'x', sentAt: -1 }, T0)).toEqual({ ok: false, error: 'malformed' });
    expect(encrypt(undefined, a.identity, a.card, { text: 'x', sentAt: 1 }, T0)).toEqual({ ok: false, error: 'malformed' });
  });

  it('random bytes never throw and never decrypt', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const r = decrypt(first.state, a.identity, b.card, bytes, T0);
        expect(r.ok).toBe(false);
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('failed decrypts leave the (frozen) state and identity untouched; success returns a new state', () => {
    const d = decrypt(undefined, b.identity, a.card, first.message, T0, seededRng('f'));
    if (!d.ok) throw new Error(d.error);
    const before = JSON.stringify(d.state);
    const frozen = deepFreeze(structuredClone(d.state));
    const identity = deepFreeze(structuredClone(b.identity));
    const next = encrypt(first.state, a.identity, b.card, { text: 'second', sentAt: 2 }, T0, seededRng('g'));
    if (!next.ok) throw new Error(next.error);
    expect(decrypt(frozen, identity, a.card, flipBit(next.message, 8 * 80), T0).ok).toBe(false);
    const ok = decrypt(frozen, identity, a.card, next.message, T0, seededRng('h'));
    expect(ok).toMatchObject({ ok: true, envelope: { text: 'second' } });
    expect(JSON.stringify(frozen)).toBe(before);
  });
});

describe('tampering (every bit flip and truncation)', () => {
  const c = new Conversation('flips');
  const first = c.send('A', 'hi');
  const stateBefore = c.peers.B.state;
  const firstOk = c.deliver(first);
  const normal = c.send('B', 'hi');
  const aState = c.peers.A.state;
  const { identity: aId } = c.peers.A.party;
  const { identity: bId } = c.peers.B.party;
  const aCard = c.peers.A.party.card;
  const bCard = c.peers.B.party.card;

  it('the unmodified messages decrypt', () => {
    expect(firstOk.ok).toBe(true);
    expect(decrypt(aState, aId, bCard, normal.bytes, T0).ok).toBe(true);
  });

  // Each flip of a first message costs a full X3DH; by default every header bit plus one bit of
  // every other byte, all bits with PROTOCOL_FULL=1.
  it(`rejects ${FULL ? 'every' : 'sampled'} single-bit flip${FULL ? '' : 's'} of a first message`, () => {
    for (let bit = 0; bit < first.bytes.length * 8; bit++) {
      if (!FULL && bit >= 9 * 8 && bit % 8 !== (bit >> 3) % 8) continue;
      const r = decrypt(stateBefore, bId, aCard, flipBit(first.bytes, bit), T0, seededRng('x'));
      if (r.ok) throw new Error(`bit ${bit} accepted`);
    }
  });

  it('rejects every single-bit flip of a normal message', () => {
    for (let bit = 0; bit < normal.bytes.length * 8; bit++) {
      const r = decrypt(aState, aId, bCard, flipBit(normal.bytes, bit), T0, seededRng('x'));
      if (r.ok) throw new Error(`bit ${bit} accepted`);
    }
  });

  it('rejects every truncation and any appended bytes', () => {
    for (const [msg, state, me, from] of [
      [first.bytes, stateBefore, bId, aCard],
      [normal.bytes, aState, aId, bCard],
    ] as const) {
      for (let len = 0; len < msg.length; len++) expect(decrypt(state, me, from, msg.subarray(0, len), T0).ok).toBe(false);
      for (const extra of [1, 15, 16, 32]) {
        const longer = new Uint8Array(msg.length + extra);
        longer.set(msg);
        expect(decrypt(state, me, from, longer, T0).ok).toBe(false);
      }
    }
  });
});
