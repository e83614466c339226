import { readFileSync } from 'node:fs';
import { scrypt } from '@noble/hashes/scrypt.js';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../src/encoding/bytes';
import { isKeySlot, unwrapVaultKey, wrapVaultKey, type KeySlot } from '../../../src/vault/keyslot';
import { DEFAULT_SCRYPT, deriveKey, isScryptParams, passphraseBytes } from '../../../src/vault/passphrase-kdf';
import { FAST_SCRYPT } from './helpers';
import vector from './vectors/scrypt-rfc7914.json';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const vaultKey = new Uint8Array(32).map((_, i) => i + 1);
type ScryptSlot = Extract<KeySlot, { kind: 'scrypt' }>;

describe('passphrase KDF', () => {
  it('production cost is N = 2^17, r = 8, p = 1, as README.md documents', () => {
    expect(DEFAULT_SCRYPT).toEqual({ log2N: 17, r: 8, p: 1 });
    const readme = readFileSync(new URL('../../../src/vault/README.md', import.meta.url), 'utf8');
    expect(readme).toContain('N = 2^17, r = 8, p = 1');
    expect(isScryptParams(DEFAULT_SCRYPT)).toBe(true);
  });

  it('matches the RFC 7914 vector (N = 2^log2N wired correctly)', async () => {
    const salt = utf8.encode(vector.salt);
    const key = await deriveKey(vector.passphrase, salt, { log2N: vector.log2N, r: vector.r, p: vector.p });
    expect(hex(key)).toBe(vector.key);
  });

  it('normalises the passphrase (NFKC) so composed and decomposed input agree', async () => {
    const salt = new Uint8Array(32);
    const composed = await deriveKey('caf\u00e9', salt, FAST_SCRYPT);
    const decomposed = await deriveKey('cafe\u0301', salt, FAST_SCRYPT);
    expect(composed).toEqual(decomposed);
    expect(passphraseBytes('cafe\u0301')).toEqual(utf8.encode('caf\u00e9'));
    const direct = scrypt(utf8.encode('caf\u00e9'), salt, { N: 16, r: 8, p: 1, dkLen: 32 });
    expect(composed).toEqual(direct);
  });

  it('bounds the cost a stored slot or a backup file may ask for', async () => {
    expect(isScryptParams({ log2N: 18, r: 8, p: 1 })).toBe(true); // 256 MiB
    expect(isScryptParams({ log2N: 19, r: 8, p: 1 })).toBe(false); // 512 MiB
    expect(isScryptParams({ log2N: 20, r: 2, p: 1 })).toBe(true);
    expect(isScryptParams({ log2N: 21, r: 1, p: 1 })).toBe(false);
    expect(isScryptParams({ log2N: 10, r: 17, p: 1 })).toBe(false);
    expect(isScryptParams({ log2N: 10, r: 8, p: 5 })).toBe(false);
    expect(isScryptParams({ log2N: 0, r: 8, p: 1 })).toBe(false);
    expect(isScryptParams({ log2N: 10.5, r: 8, p: 1 })).toBe(false);
    await expect(deriveKey('x', new Uint8Array(32), { log2N: 30, r: 8, p: 1 })).rejects.toThrow(RangeError);
  });
});

describe('key slot', () => {
  it('wraps and unwraps the vault key; the slot holds no copy of it', async () => {
    const slot = (await wrapVaultKey(vaultKey, 'correct horse', FAST_SCRYPT, 'vault-1')) as ScryptSlot;
    expect(isKeySlot(slot)).toBe(true);
    expect(slot).toMatchObject({ kind: 'scrypt', ...FAST_SCRYPT });
    expect(hex(slot.wrapped)).not.toContain(hex(vaultKey).slice(0, 16));
    expect(await unwrapVaultKey(slot, 'correct horse', 'vault-1')).toEqual(vaultKey);
  });

  it('fails on a wrong passphrase, another vault id, or any altered field', async () => {
    const slot = (await wrapVaultKey(vaultKey, 'correct horse', FAST_SCRYPT, 'vault-1')) as ScryptSlot;
    expect(await unwrapVaultKey(slot, 'correct horsE', 'vault-1')).toBeUndefined();
    expect(await unwrapVaultKey(slot, 'correct horse', 'vault-2')).toBeUndefined();
    expect(await unwrapVaultKey({ ...slot, r: 4 }, 'correct horse', 'vault-1')).toBeUndefined();
    const salt = Uint8Array.from(slot.salt);
    salt[0]! ^= 1;
    expect(await unwrapVaultKey({ ...slot, salt }, 'correct horse', 'vault-1')).toBeUndefined();
    const wrapped = Uint8Array.from(slot.wrapped);
    wrapped[5]! ^= 1;
    expect(await unwrapVaultKey({ ...slot, wrapped }, 'correct horse', 'vault-1')).toBeUndefined();
  });

  it('recognises only well-formed slots', async () => {
    const slot = (await wrapVaultKey(vaultKey, 'pw', FAST_SCRYPT, 'v')) as ScryptSlot;
    expect(isKeySlot({ kind: 'plain', key: vaultKey })).toBe(true);
    expect(isKeySlot({ kind: 'plain', key: vaultKey.subarray(1) })).toBe(false);
    expect(isKeySlot({ kind: 'plain', key: vaultKey, extra: 1 })).toBe(false);
    expect(isKeySlot({ ...slot, log2N: 30 })).toBe(false);
    expect(isKeySlot({ ...slot, salt: slot.salt.subarray(1) })).toBe(false);
    expect(isKeySlot({ ...slot, wrapped: undefined })).toBe(false);
    expect(isKeySlot(null)).toBe(false);
    expect(isKeySlot('plain')).toBe(false);
  });
});
