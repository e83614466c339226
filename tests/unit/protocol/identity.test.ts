import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../../src/encoding/bytes';
import { checkIdentity, createIdentity, findPrekey, MAX_PREKEYS, PREKEY_RETENTION_MS, PREKEY_ROTATION_MS, publicIdentity, readIdentity, rotatePrekeys, verifyPrekey } from '../../../src/protocol/identity';
import { seededRng, T0 } from './helpers';

const DAY = 24 * 3600 * 1000;

describe('device identity', () => {
  const id = createIdentity(T0, seededRng('identity-test'));

  it('is JSON-safe, deterministic with fixed randomness, and self-consistent', () => {
    expect(JSON.parse(JSON.stringify(id))).toEqual(id);
    expect(createIdentity(T0, seededRng('identity-test'))).toEqual(id);
    expect(createIdentity(T0, seededRng('other'))).not.toEqual(id);
    expect(checkIdentity(id)).toBe(true);
    const keys = readIdentity(id)!;
    expect(keys.public.deviceId.length).toBe(16);
    expect(keys.public.signingKey).not.toEqual(keys.public.agreementKey); // two independent keys
    const p = keys.prekeys[0]!;
    expect(verifyPrekey(keys.public.signingKey, p.id, p.pair.public, p.signature)).toBe(true);
    expect(publicIdentity(id)).toEqual(keys.public);
  });

  it('rotates every 7 days and forgets a retired prekey after 30 days', () => {
    const first = id.prekeys[0]!.id;
    expect(rotatePrekeys(id, T0 + PREKEY_ROTATION_MS - 1, seededRng('r'))!.prekeys).toHaveLength(1);
    const week = rotatePrekeys(id, T0 + PREKEY_ROTATION_MS, seededRng('r'))!;
    expect(week.prekeys).toHaveLength(2);
    expect(week.prekeys[1]).toMatchObject({ id: first, retiredAt: T0 + PREKEY_ROTATION_MS });
    expect(week.prekeys[0]!.retiredAt).toBeNull();
    expect(checkIdentity(week)).toBe(true);
    expect(id.prekeys).toHaveLength(1); // input untouched
    // Still usable during retention, gone after it (even without another rotation call).
    const keys = readIdentity(week)!;
    expect(findPrekey(keys, first, T0 + PREKEY_ROTATION_MS + PREKEY_RETENTION_MS)).toBeDefined();
    expect(findPrekey(keys, first, T0 + PREKEY_ROTATION_MS + PREKEY_RETENTION_MS + 1)).toBeUndefined();
    let s = week;
    for (let day = 14; day <= 70; day += 7) s = rotatePrekeys(s, T0 + day * DAY, seededRng(`r${day}`))!;
    expect(s.prekeys.map((p) => p.id)).not.toContain(first);
    expect(s.prekeys.length).toBeLessThanOrEqual(6); // current + retired within 30 days
    expect(new Set(s.prekeys.map((p) => p.id)).size).toBe(s.prekeys.length);
    expect(s.prekeys.length).toBeLessThanOrEqual(MAX_PREKEYS);
  });

  it('refuses corrupted state', () => {
    const bad = [
      null,
      {},
      { ...id, v: 2 },
      { ...id, deviceId: 'AAAA' },
      { ...id, signing: { ...id.signing, secret: id.signing.secret + '!' } },
      { ...id, prekeys: [] },
      { ...id, prekeys: [{ ...id.prekeys[0]!, retiredAt: 5 }] },
      { ...id, prekeys: [id.prekeys[0], id.prekeys[0]] },
      { ...id, prekeys: [{ ...id.prekeys[0]!, id: 0 }] },
    ];
    for (const b of bad) {
      expect(readIdentity(b)).toBeUndefined();
      expect(checkIdentity(b)).toBe(false);
      expect(rotatePrekeys(b as never, T0)).toBeUndefined();
    }
    // Structurally fine but keys that do not match: only the full check notices.
    const other = createIdentity(T0, seededRng('someone else'));
    const mixed = { ...id, agreement: { ...id.agreement, public: other.agreement.public } };
    expect(readIdentity(mixed)).toBeDefined();
    expect(checkIdentity(mixed)).toBe(false);
    const forgedPrekey = { ...id, prekeys: [{ ...id.prekeys[0]!, signature: toBase64url(new Uint8Array(64)) }] };
    expect(checkIdentity(forgedPrekey)).toBe(false);
  });
});
