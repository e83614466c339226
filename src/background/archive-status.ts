/** Status changes of sent messages in the archive (the entry's text and time never change). */
import type { ArchiveEntry, ArchiveStatus } from '../vault/records';
import type { VaultTx } from '../vault/vault-tx';

/**
 * Sets a sent entry's status to `to` if it is currently one of `from`; returns the entry as stored
 * afterwards (undefined if there is none). Guarded by `from` so a late failure report never
 * overwrites a 'sent' that the bubble already proved.
 */
export async function moveSentStatus(
  tx: VaultTx,
  messageId: string,
  from: readonly ArchiveStatus[],
  to: ArchiveStatus,
): Promise<ArchiveEntry | undefined> {
  const entry = await tx.getArchiveEntry(messageId);
  if (!entry || entry.direction !== 'sent' || !from.includes(entry.status)) return entry;
  const updated = { ...entry, status: to };
  await tx.putArchiveEntry(updated);
  return updated;
}
