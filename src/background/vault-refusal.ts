/**
 * Turns the vault's typed errors into refusals the popup can explain (src/messaging/protocol.ts
 * REFUSAL_REASONS). Anything else (a bug, an IndexedDB failure) is rethrown and reaches the page
 * only as a bare 'internal'.
 */
import { Refusal } from '../messaging/refusal';
import type { RefusalReason } from '../messaging/protocol';
import { isVaultError, type VaultErrorCode } from '../vault/errors';

const REASONS: Partial<Record<VaultErrorCode, RefusalReason>> = {
  'not-initialized': 'no-identity',
  'no-identity': 'no-identity',
  'already-initialized': 'identity-exists',
  'identity-exists': 'identity-exists',
  'unsupported-version': 'unsupported-version',
  locked: 'locked',
  'no-passphrase': 'no-passphrase',
  // Setting a first passphrase on a vault that has one: the popup's view was stale.
  'has-passphrase': 'invalid-passphrase',
  'invalid-passphrase': 'invalid-passphrase',
  'wrong-passphrase': 'wrong-passphrase',
  throttled: 'throttled',
  corrupted: 'corrupted',
  'would-overwrite': 'would-overwrite',
  'backup-not-a-backup': 'backup-not-a-backup',
  'backup-unsupported-version': 'backup-unsupported-version',
  'backup-truncated': 'backup-truncated',
  'backup-damaged': 'backup-damaged',
  'backup-wrong-passphrase': 'backup-wrong-passphrase',
};

export function toRefusal(error: unknown): unknown {
  if (!isVaultError(error)) return error;
  const reason = REASONS[error.code];
  return reason ? new Refusal(reason, error.detail.retryAt) : error;
}

/** Runs `fn`, rethrowing vault errors as refusals. */
export async function refusingVaultErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toRefusal(e);
  }
}
