/**
 * The one error type the vault throws on purpose. Callers switch on `code`; `detail` holds only
 * non-secret facts (store name, record keys, retry time), never plaintext or key bytes.
 * Anything else that escapes the vault is a bug (or an IndexedDB failure) and should be treated as
 * `internal` by the caller.
 */

export type VaultErrorCode =
  | 'not-initialized' // no vault in this profile yet (first run)
  | 'already-initialized'
  | 'unsupported-version' // written by a newer version of the extension
  | 'locked' // unlock first (or the idle timer locked it)
  | 'no-passphrase' // a passphrase operation on a vault that has none
  | 'has-passphrase' // setPassphrase on a vault that already has one (use changePassphrase)
  | 'invalid-passphrase' // empty passphrase
  | 'wrong-passphrase'
  | 'throttled' // too many wrong passphrases: wait until `detail.retryAt`
  | 'corrupted' // a stored record failed to decrypt or parse: `detail.store`, `detail.keys`
  | 'identity-exists' // createIdentity over an existing identity
  | 'no-identity' // updateIdentity without one
  | 'invalid-record' // the caller tried to store a record of the wrong shape
  | 'would-overwrite' // importBackup into a vault that holds data, without `replaceExisting`
  | 'backup-not-a-backup' // wrong magic bytes
  | 'backup-unsupported-version'
  | 'backup-truncated' // shorter (or longer) than its header says
  | 'backup-damaged' // checksum mismatch or impossible header fields: the file was changed
  | 'backup-wrong-passphrase'; // checksum fine but authentication failed

export interface VaultErrorDetail {
  store?: string;
  keys?: string[];
  /** Epoch milliseconds at which the next unlock attempt is allowed. */
  retryAt?: number;
}

export class VaultError extends Error {
  override readonly name = 'VaultError';
  readonly code: VaultErrorCode;
  readonly detail: VaultErrorDetail;

  constructor(code: VaultErrorCode, detail: VaultErrorDetail = {}) {
    super(`vault: ${code}${detail.store ? ` (${detail.store})` : ''}`);
    this.code = code;
    this.detail = detail;
  }
}

export function isVaultError(e: unknown, code?: VaultErrorCode): e is VaultError {
  return e instanceof VaultError && (code === undefined || e.code === code);
}
