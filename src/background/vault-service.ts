/** Lock, passphrase, auto-lock and backup requests from the popup, on top of src/vault. */
import { fromBase64url, toBase64url } from '../encoding/bytes';
import type { PrivilegedProtocol } from '../messaging/protocol';
import { Refusal } from '../messaging/refusal';
import type { BackgroundDeps } from './deps';

type Req<K extends keyof PrivilegedProtocol> = PrivilegedProtocol[K]['request'];
type Empty = Record<string, never>;

export async function unlock(deps: BackgroundDeps, req: Req<'unlock'>): Promise<Empty> {
  await (await deps.vault()).unlock(req.passphrase);
  return {};
}

export async function lock(deps: BackgroundDeps): Promise<Empty> {
  await (await deps.vault()).lock();
  return {};
}

export async function settings(deps: BackgroundDeps): Promise<PrivilegedProtocol['settings']['response']> {
  const vault = await deps.vault();
  const status = await vault.status();
  const stored = await vault.read((tx) => tx.getSettings());
  return { hasPassphrase: status.hasPassphrase, autoLockMinutes: stored.autoLockMinutes };
}

/** Set (no current), change (both), or remove (no next) the passphrase. */
export async function setPassphrase(deps: BackgroundDeps, req: Req<'setPassphrase'>): Promise<Empty> {
  const vault = await deps.vault();
  if (req.current === null && req.next !== null) await vault.setPassphrase(req.next);
  else if (req.current !== null && req.next !== null) await vault.changePassphrase(req.current, req.next);
  else if (req.current !== null) await vault.removePassphrase(req.current);
  else throw new Refusal('invalid-passphrase');
  return {};
}

export async function setAutoLock(deps: BackgroundDeps, req: Req<'setAutoLock'>): Promise<Empty> {
  const vault = await deps.vault();
  await vault.transact(async (tx) => tx.putSettings({ ...(await tx.getSettings()), autoLockMinutes: req.minutes }));
  return {};
}

export async function exportBackup(deps: BackgroundDeps, req: Req<'exportBackup'>): Promise<{ file: string; fileName: string }> {
  const file = await (await deps.vault()).exportBackup(req.passphrase);
  const day = new Date(deps.now()).toISOString().slice(0, 10);
  return { file: toBase64url(file), fileName: `sealed-dms-backup-${day}.sdmbackup` };
}

/**
 * Restores a backup. In a fresh profile (first run) the vault is created first, without a
 * passphrase; the user can add one afterwards. A vault that holds anything is replaced only with
 * `replaceExisting` (the popup asks first).
 */
export async function importBackup(deps: BackgroundDeps, req: Req<'importBackup'>): Promise<Empty> {
  const bytes = fromBase64url(req.file);
  if (!bytes) throw new Refusal('backup-not-a-backup');
  const vault = await deps.vault();
  if ((await vault.status()).state === 'uninitialized') await vault.initialize();
  await vault.importBackup(bytes, req.passphrase, { replaceExisting: req.replaceExisting });
  return {};
}
