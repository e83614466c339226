import { describe, expect, it } from 'vitest';
import { REFUSAL_REASONS } from '../../../src/messaging/protocol';
import { en } from '../../../src/ui/i18n/en';
import { t, tPlural } from '../../../src/ui/i18n';
import { failureText, meansVaultChanged, secondsUntil } from '../../../src/ui/failure-text';
import { normalizeUsername } from '../../../src/ui/popup/username';

describe('i18n', () => {
  it('fills parameters as plain text and leaves unknown ones', () => {
    expect(t('add.preview.heading', { name: '<b>Eve</b>' })).toBe('Invite code of <b>Eve</b>');
    expect(t('add.preview.heading')).toBe('Invite code of {name}');
    expect(t('contact.remove.confirmButton', { other: 'x' })).toBe('Remove {name}');
  });

  it('chooses plural forms', () => {
    expect(tPlural('contact.archive.deleted', 1)).toBe('Deleted 1 message.');
    expect(tPlural('contact.archive.deleted', 0)).toBe('Deleted 0 messages.');
    expect(tPlural('contact.archive.confirm', 3, { name: 'Bob' })).toContain('Delete 3 stored messages with Bob?');
  });

  it('every catalog entry is non-empty and every plural has both forms', () => {
    for (const [key, value] of Object.entries(en)) {
      expect(value.trim(), key).not.toBe('');
      if (key.endsWith('.one')) expect(en, key).toHaveProperty([key.replace(/\.one$/, '.other')]);
      if (key.endsWith('.other')) expect(en, key).toHaveProperty([key.replace(/\.other$/, '.one')]);
    }
  });
});

describe('failure text', () => {
  it('every refusal reason has its own plain message', () => {
    const texts = REFUSAL_REASONS.map((reason) => failureText({ ok: false, error: 'refused', reason }));
    for (const [i, text] of texts.entries()) expect(text, REFUSAL_REASONS[i]).toBe(en[`refusal.${REFUSAL_REASONS[i]!}`]);
    expect(new Set(texts).size).toBe(REFUSAL_REASONS.length);
  });

  it('every transport error has a message', () => {
    for (const error of ['malformed', 'forbidden', 'unknown-type', 'internal', 'unreachable'] as const) {
      expect(failureText({ ok: false, error })).toBe(en[`error.${error}`]);
    }
  });

  it('a throttle with retryAt says how long to wait, rounded up', () => {
    expect(failureText({ ok: false, error: 'refused', reason: 'throttled', retryAt: 10_500 }, 0)).toBe('Too many wrong attempts. Try again in 11 seconds.');
    expect(failureText({ ok: false, error: 'refused', reason: 'throttled', retryAt: 1_000 }, 0)).toBe('Too many wrong attempts. Try again in 1 second.');
    expect(failureText({ ok: false, error: 'refused', reason: 'throttled', retryAt: 1_000 }, 2_000)).toBe(en['refusal.throttled']);
    expect(secondsUntil(5_001, 0)).toBe(6);
    expect(secondsUntil(0, 5_000)).toBe(0);
  });

  it('locked and missing-identity refusals mean the vault changed', () => {
    expect(meansVaultChanged({ ok: false, error: 'refused', reason: 'locked' })).toBe(true);
    expect(meansVaultChanged({ ok: false, error: 'refused', reason: 'no-identity' })).toBe(true);
    expect(meansVaultChanged({ ok: false, error: 'refused', reason: 'wrong-passphrase' })).toBe(false);
    expect(meansVaultChanged({ ok: false, error: 'internal' })).toBe(false);
  });
});

describe('username normalisation', () => {
  it('trims, drops one @, lowercases; empty is none', () => {
    expect(normalizeUsername('  @Jane.Doe ')).toBe('jane.doe');
    expect(normalizeUsername('jane_doe')).toBe('jane_doe');
    expect(normalizeUsername('   ')).toBeNull();
    expect(normalizeUsername('@')).toBeNull();
    expect(normalizeUsername('@@x')).toBe('@x');
  });
});
