import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '@noble/hashes/utils.js';
import { decodeCard } from '../../../src/protocol/card';
import { decrypt } from '../../../src/protocol/session';
import { safetyNumber } from '../../../src/protocol/safety-number';
import { generateVectors, independentFirstMessage, type Vectors } from './vectors/generate';

const stored = JSON.parse(readFileSync(new URL('./vectors/protocol.json', import.meta.url), 'utf8')) as Vectors;

describe('known-answer vectors (tests/unit/protocol/vectors/protocol.json)', () => {
  it('recomputing with the same fixed randomness gives byte-identical results', () => {
    const fresh = JSON.parse(JSON.stringify(generateVectors())) as Vectors;
    // Compare piece by piece for readable failures, then everything.
    expect(fresh.alice.card).toBe(stored.alice.card);
    expect(fresh.bob.card).toBe(stored.bob.card);
    expect(fresh.envelopeHi).toBe(stored.envelopeHi);
    expect(fresh.safetyNumber).toEqual(stored.safetyNumber);
    fresh.messages.forEach((m, i) => expect(m.hex, `message ${i}`).toBe(stored.messages[i]!.hex));
    expect(fresh).toEqual(stored);
  });

  it('the documented derivation, done with raw primitives, produces the first message', () => {
    const indep = independentFirstMessage(stored.alice.identity, stored.bob.identity, stored.time / 1000, 'hi');
    expect(indep).toEqual(stored.independentFirstMessage);
    expect(indep.message).toBe(stored.messages[0]!.hex);
  });

  it('stored cards and messages decode', () => {
    const a = decodeCard(stored.alice.card);
    const b = decodeCard(stored.bob.card);
    if (!a.ok || !b.ok) throw new Error('cards');
    expect(b.card.name).toBe('Bob 🌸');
    expect(safetyNumber(a.card, b.card).digits).toBe(stored.safetyNumber.digits);
    const first = stored.messages[0]!;
    const r = decrypt(undefined, stored.bob.identity, a.card, hexToBytes(first.hex), stored.time);
    expect(r).toMatchObject({ ok: true, kind: 'prekey', envelope: { text: 'hi', sentAt: first.sentAt } });
    expect(first.hex.length / 2).toBe(106);
  });
});
