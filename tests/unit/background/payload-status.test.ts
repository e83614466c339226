/** Protocol errors → what the reader shows (src/background/payload-status.ts): each status says what it means. */
import { describe, expect, it } from 'vitest';
import { DECRYPT_STATUS } from '../../../src/background/payload-status';

describe('DECRYPT_STATUS', () => {
  it("'not for this browser' only for messages addressed elsewhere; our own unarchived message is altered; lost keys say so", () => {
    expect(DECRYPT_STATUS['not-for-this-device']).toBe('not-for-this-device');
    expect(DECRYPT_STATUS['own-message']).toBe('tampered');
    expect(DECRYPT_STATUS['stale-prekey']).toBe('missing-keys');
    expect(DECRYPT_STATUS['no-session']).toBe('missing-keys');
    expect(Object.entries(DECRYPT_STATUS).filter(([, s]) => s === 'not-for-this-device').map(([e]) => e)).toEqual(['not-for-this-device']);
  });
});
