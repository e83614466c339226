/**
 * How the vault key is kept at rest: the `meta/keyslot` record (stored unencrypted, it holds no
 * secret when a passphrase is set). Pure, no browser API.
 *
 *   { kind: 'plain',  key }                                    no passphrase: the 32-byte vault key itself.
 *   { kind: 'scrypt', log2N, r, p, salt, nonce, wrapped }      passphrase lock:
 *       kek     = scrypt(NFKC(passphrase), salt, N = 2^log2N, r, p, dkLen 32)
 *       wrapped = XChaCha20-Poly1305(kek, nonce, AAD, vaultKey)      (32 + 16 bytes)
 *       AAD     = "sealed-dms/vault-keyslot/v1" || u32be(len vaultId) || vaultId || log2N || r || p || salt
 *
 * 'plain' only keeps the key away from web pages, content scripts and other extensions (they cannot
 * read the extension origin's IndexedDB); anyone who can read the profile directory can read it.
 * A wrong passphrase and a damaged slot are indistinguishable: both fail authentication.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { concatBytes, utf8 } from '../encoding/bytes';
import { deriveKey, isScryptParams, SALT_LENGTH, type ScryptParams } from './passphrase-kdf';
import { NONCE_LENGTH, VAULT_KEY_LENGTH } from './record-seal';

export type KeySlot =
  | { kind: 'plain'; key: Uint8Array }
  | ({ kind: 'scrypt'; salt: Uint8Array; nonce: Uint8Array; wrapped: Uint8Array } & ScryptParams);

const AAD_LABEL = utf8.encode('sealed-dms/vault-keyslot/v1');
const WRAPPED_LENGTH = VAULT_KEY_LENGTH + 16;

function isBytes(v: unknown, length: number): v is Uint8Array {
  return v instanceof Uint8Array && v.length === length;
}

/** Shape check of a slot read back from IndexedDB (anything else is a corrupted vault). */
export function isKeySlot(v: unknown): v is KeySlot {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  if (s.kind === 'plain') return Object.keys(s).length === 2 && isBytes(s.key, VAULT_KEY_LENGTH);
  if (s.kind !== 'scrypt' || Object.keys(s).length !== 7) return false;
  const params = { log2N: s.log2N, r: s.r, p: s.p } as ScryptParams;
  return (
    isScryptParams(params) &&
    isBytes(s.salt, SALT_LENGTH) &&
    isBytes(s.nonce, NONCE_LENGTH) &&
    isBytes(s.wrapped, WRAPPED_LENGTH)
  );
}

function slotAad(vaultId: string, params: ScryptParams, salt: Uint8Array): Uint8Array {
  const id = utf8.encode(vaultId);
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, id.length);
  return concatBytes(AAD_LABEL, len, id, Uint8Array.of(params.log2N, params.r, params.p), salt);
}

export async function wrapVaultKey(
  vaultKey: Uint8Array,
  passphrase: string,
  params: ScryptParams,
  vaultId: string,
): Promise<KeySlot> {
  const salt = randomBytes(SALT_LENGTH);
  const nonce = randomBytes(NONCE_LENGTH);
  const kek = await deriveKey(passphrase, salt, params);
  const p = { log2N: params.log2N, r: params.r, p: params.p };
  const wrapped = xchacha20poly1305(kek, nonce, slotAad(vaultId, p, salt)).encrypt(vaultKey);
  kek.fill(0);
  return { kind: 'scrypt', ...p, salt, nonce, wrapped };
}

/** The vault key, or undefined when the passphrase is wrong (or the slot was altered). */
export async function unwrapVaultKey(
  slot: Extract<KeySlot, { kind: 'scrypt' }>,
  passphrase: string,
  vaultId: string,
): Promise<Uint8Array | undefined> {
  const kek = await deriveKey(passphrase, slot.salt, slot);
  try {
    return xchacha20poly1305(kek, slot.nonce, slotAad(vaultId, slot, slot.salt)).decrypt(slot.wrapped);
  } catch {
    return undefined;
  } finally {
    kek.fill(0);
  }
}
