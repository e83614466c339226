import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../src/encoding/bytes';
import { compareScannable, numericFingerprint } from '../../../src/crypto/fingerprint';
import { safetyNumber } from '../../../src/protocol/safety-number';
import { makeParty } from './helpers';

describe('safety number', () => {
  const a = makeParty('sn-a').card;
  const b = makeParty('sn-b').card;
  const ours = safetyNumber(a, b);
  const theirs = safetyNumber(b, a);

  it('is the same 60 digits on both sides, in 12 groups of 5', () => {
    expect(ours.digits).toMatch(/^\d{60}$/);
    expect(ours.digits).toBe(theirs.digits);
    expect(ours.groups).toHaveLength(12);
    expect(ours.groups.join('')).toBe(ours.digits);
    expect(compareScannable(ours.scannable, theirs.scannable)).toBe(true);
    expect(compareScannable(ours.scannable, ours.scannable)).toBe(false);
  });

  it('uses key = 0x05 || X25519 key and id = device id || Ed25519 key', () => {
    const fp = numericFingerprint({
      iterations: 5200,
      version: 2,
      local: { id: concatBytes(a.deviceId, a.signingKey), key: concatBytes(Uint8Array.of(5), a.agreementKey) },
      remote: { id: concatBytes(b.deviceId, b.signingKey), key: concatBytes(Uint8Array.of(5), b.agreementKey) },
    });
    expect(ours.digits).toBe(fp.displayable);
    expect(ours.scannable).toEqual(fp.scannable);
  });

  it('changes when either key or the device id changes', () => {
    const flip = (x: Uint8Array) => {
      const y = x.slice();
      y[0]! ^= 1;
      return y;
    };
    for (const field of ['signingKey', 'agreementKey', 'deviceId'] as const) {
      const changed = { ...b, [field]: flip(b[field]) };
      const sn = safetyNumber(a, changed);
      expect(sn.digits, field).not.toBe(ours.digits);
      expect(compareScannable(sn.scannable, theirs.scannable)).toBe(false);
    }
  });
});
