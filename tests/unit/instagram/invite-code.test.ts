/**
 * The content script's invite-code locator (src/instagram/dom/invite-code.ts): shape only, the
 * whole code out of a longer message, nothing for a mere mention of the prefix.
 */
import { describe, expect, it } from 'vitest';
import { findInviteCode, INVITE_PREFIX } from '../../../src/instagram/dom/invite-code';
import { CARD_TEXT_PREFIX, createCard, decodeCard, encodeCard } from '../../../src/protocol/card';
import { createIdentity } from '../../../src/protocol/identity';

function code(name: string, instagram?: string): string {
  const made = createCard(createIdentity(Date.now()), { name, instagram }, Date.now());
  if (!made.ok) throw new Error('card');
  return encodeCard(made.card);
}

describe('findInviteCode', () => {
  it('uses the card format text prefix', () => {
    expect(INVITE_PREFIX).toBe(CARD_TEXT_PREFIX);
  });

  it('finds a whole code, alone or inside a message, that decodes as it was', () => {
    for (const c of [code('', undefined), code('Alice', 'alice'), code('名前'.repeat(10), 'a'.repeat(30))]) {
      expect(findInviteCode(c)).toBe(c);
      const found = findInviteCode(`Add me on Sealed DMs!\n${c}\n(paste it in the popup)`);
      expect(found).toBe(c);
      expect(decodeCard(found!).ok).toBe(true);
    }
  });

  it('takes the first of two codes, and a damaged code as it stands (the background says what is wrong)', () => {
    const a = code('A');
    const b = code('B');
    expect(findInviteCode(`${a} ${b}`)).toBe(a);
    expect(findInviteCode(`x ${a.slice(0, 80)}`)).toBe(a.slice(0, 80));
  });

  it('ignores text without a code-shaped token', () => {
    expect(findInviteCode(undefined)).toBeUndefined();
    expect(findInviteCode('')).toBeUndefined();
    expect(findInviteCode('my code starts with SDMKEY1, ask me')).toBeUndefined();
    expect(findInviteCode(`SDMKEY1${'a'.repeat(31)}`)).toBeUndefined();
    expect(findInviteCode(`SDMKEY2${'a'.repeat(400)}`)).toBeUndefined();
    expect(findInviteCode(`SDM1${'a'.repeat(400)}`)).toBeUndefined();
  });

  it('bounds what it returns', () => {
    expect(findInviteCode(`SDMKEY1${'a'.repeat(5000)}`)).toHaveLength(INVITE_PREFIX.length + 600);
  });
});
