/**
 * Backup file container: the vault's contents encrypted under a backup passphrase.
 * Pure, no browser API. All integers big-endian.
 *
 *   offset  size  field
 *        0     8  magic "SDMSBACK" (53 44 4D 53 42 41 43 4B)
 *        8     1  format version = 1
 *        9     1  kdf = 1 (scrypt)
 *       10     1  log2N     \
 *       11     1  r          > scrypt cost (production: 17, 8, 1)
 *       12     1  p         /
 *       13    32  salt (random)
 *       45    24  nonce (random)
 *       69     4  L = ciphertext length (payload length + 16)
 *       73     L  XChaCha20-Poly1305(key = scrypt(NFKC(passphrase), salt), nonce, AAD = bytes 0..72, payload)
 *     73+L    32  SHA-256 of bytes 0..72+L
 *
 * The header is the AEAD's associated data, so no cost parameter can be changed unnoticed. The
 * trailing SHA-256 is not a security mechanism (anyone can recompute it): it only tells "the file
 * was damaged" apart from "wrong passphrase", which AEAD failure alone cannot.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, equalBytes } from '../encoding/bytes';
import { VaultError } from './errors';
import { deriveKey, isScryptParams, SALT_LENGTH, type ScryptParams } from './passphrase-kdf';
import { NONCE_LENGTH } from './record-seal';

export const BACKUP_MAGIC = Uint8Array.from([0x53, 0x44, 0x4d, 0x53, 0x42, 0x41, 0x43, 0x4b]);
export const BACKUP_VERSION = 1;
const KDF_SCRYPT = 1;
export const BACKUP_HEADER_LENGTH = 73;
const CHECKSUM_LENGTH = 32;
const TAG_LENGTH = 16;
/** Refuse absurd files before allocating anything (the whole file is in memory anyway). */
export const MAX_BACKUP_LENGTH = 512 * 1024 * 1024;

export interface BackupHeader {
  params: ScryptParams;
  salt: Uint8Array;
  nonce: Uint8Array;
  ciphertextLength: number;
}

function encodeHeader(h: BackupHeader): Uint8Array {
  const out = new Uint8Array(BACKUP_HEADER_LENGTH);
  out.set(BACKUP_MAGIC, 0);
  out.set([BACKUP_VERSION, KDF_SCRYPT, h.params.log2N, h.params.r, h.params.p], 8);
  out.set(h.salt, 13);
  out.set(h.nonce, 45);
  new DataView(out.buffer).setUint32(69, h.ciphertextLength);
  return out;
}

export async function sealBackup(payload: Uint8Array, passphrase: string, params: ScryptParams): Promise<Uint8Array> {
  const header: BackupHeader = {
    params: { log2N: params.log2N, r: params.r, p: params.p },
    salt: randomBytes(SALT_LENGTH),
    nonce: randomBytes(NONCE_LENGTH),
    ciphertextLength: payload.length + TAG_LENGTH,
  };
  const headerBytes = encodeHeader(header);
  const key = await deriveKey(passphrase, header.salt, header.params);
  const ct = xchacha20poly1305(key, header.nonce, headerBytes).encrypt(payload);
  key.fill(0);
  const body = concatBytes(headerBytes, ct);
  return concatBytes(body, sha256(body));
}

/**
 * Checks everything that does not need the passphrase. Throws VaultError with code
 * backup-not-a-backup | backup-unsupported-version | backup-truncated | backup-damaged.
 */
export function readBackupHeader(file: Uint8Array): BackupHeader {
  const magicLen = Math.min(file.length, BACKUP_MAGIC.length);
  if (!equalBytes(file.subarray(0, magicLen), BACKUP_MAGIC.subarray(0, magicLen)) || file.length === 0) {
    throw new VaultError('backup-not-a-backup');
  }
  if (file.length <= 8) throw new VaultError('backup-truncated');
  if (file[8] !== BACKUP_VERSION) throw new VaultError('backup-unsupported-version');
  if (file.length > MAX_BACKUP_LENGTH) throw new VaultError('backup-damaged');
  if (file.length < BACKUP_HEADER_LENGTH + TAG_LENGTH + CHECKSUM_LENGTH) throw new VaultError('backup-truncated');

  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const ciphertextLength = view.getUint32(69);
  const expected = BACKUP_HEADER_LENGTH + ciphertextLength + CHECKSUM_LENGTH;
  const body = file.subarray(0, file.length - CHECKSUM_LENGTH);
  const intact = equalBytes(sha256(body), file.subarray(file.length - CHECKSUM_LENGTH));
  if (!intact) throw new VaultError(file.length < expected ? 'backup-truncated' : 'backup-damaged');

  const params = { log2N: file[10]!, r: file[11]!, p: file[12]! };
  if (file.length !== expected || ciphertextLength < TAG_LENGTH || file[9] !== KDF_SCRYPT || !isScryptParams(params)) {
    throw new VaultError('backup-damaged');
  }
  return { params, salt: file.slice(13, 45), nonce: file.slice(45, 69), ciphertextLength };
}

/** The payload bytes, or a VaultError (the header codes above, or backup-wrong-passphrase). */
export async function openBackup(file: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const header = readBackupHeader(file);
  const key = await deriveKey(passphrase, header.salt, header.params);
  try {
    return xchacha20poly1305(key, header.nonce, file.subarray(0, BACKUP_HEADER_LENGTH)).decrypt(
      file.subarray(BACKUP_HEADER_LENGTH, BACKUP_HEADER_LENGTH + header.ciphertextLength),
    );
  } catch {
    throw new VaultError('backup-wrong-passphrase');
  } finally {
    key.fill(0);
  }
}
