/**
 * What a backup file carries once decrypted: the whole vault content, encoded with
 * src/vault/value-codec.ts. Pure, no browser API. Not included: the vault key, the lock passphrase
 * and the throttle counter (they belong to one profile's vault, not to its content).
 *
 *   { kind: "sealed-dms-backup", version: 2, exportedAt, settings, identity (or null), profile (or null),
 *     contacts: ContactRecord[], sessions: { contactId, state }[], archive: ArchiveEntry[],
 *     deleted: DeletedRecord[] }
 *
 * Version 2 added `deleted` (deleted-messages.ts): without it, a restored profile would call every
 * message whose history was deleted before the export "altered". Version 1 files still import
 * (with no deleted ids); a version 1 build refuses a version 2 file as a newer version.
 */
import { isExactObject, type Guard } from '../messaging/guards';
import { isDeletedRecord, type DeletedRecord } from './deleted-messages';
import { VaultError } from './errors';
import { isIdentityState, isSessionState, type IdentityState, type SessionState } from './protocol-types';
import {
  isArchiveEntry,
  isContactRecord,
  isProfile,
  isVaultSettings,
  type ArchiveEntry,
  type ContactRecord,
  type Profile,
  type VaultSettings,
} from './records';
import { decodeValue, encodeValue } from './value-codec';

export interface BackupContent {
  exportedAt: number;
  settings: VaultSettings;
  identity: IdentityState | null;
  profile: Profile | null;
  contacts: ContactRecord[];
  sessions: { contactId: string; state: SessionState }[];
  archive: ArchiveEntry[];
  deleted: DeletedRecord[];
}

const KIND = 'sealed-dms-backup';
const VERSION = 2;
/** Version 1 is version 2 without `deleted`. */
const VERSION_WITHOUT_DELETED = 1;

export function encodeBackupContent(c: BackupContent): Uint8Array {
  return encodeValue({ kind: KIND, version: VERSION, ...c });
}

const isList =
  <T>(item: Guard<T>): Guard<T[]> =>
  (v): v is T[] =>
    Array.isArray(v) && v.every((x) => item(x));

const isContent = isExactObject<BackupContent & { kind: string; version: number }>({
  kind: (v): v is string => v === KIND,
  version: (v): v is number => v === VERSION,
  exportedAt: (v): v is number => typeof v === 'number' && Number.isFinite(v),
  settings: isVaultSettings,
  identity: (v): v is IdentityState | null => v === null || isIdentityState(v),
  profile: (v): v is Profile | null => v === null || isProfile(v),
  contacts: isList(isContactRecord),
  sessions: isList(isExactObject({ contactId: (v): v is string => typeof v === 'string', state: isSessionState })),
  archive: isList(isArchiveEntry),
  deleted: isList(isDeletedRecord),
});

/**
 * Authenticated bytes of an unknown shape can only come from a bug or a newer version; either way
 * nothing is imported. Also checks the content is self-consistent (every session, archive entry
 * and deleted-id record belongs to a contact in the file, no duplicates), as an export always is.
 */
export function decodeBackupContent(payload: Uint8Array): BackupContent {
  const decoded = decodeValue(payload);
  if (!decoded.ok) throw new VaultError('backup-damaged');
  let v = decoded.value as Record<string, unknown> | null;
  if (typeof v === 'object' && v !== null && v.kind === KIND && v.version === VERSION_WITHOUT_DELETED) {
    if ('deleted' in v) throw new VaultError('backup-damaged');
    v = { ...v, version: VERSION, deleted: [] };
  }
  if (typeof v === 'object' && v !== null && v.kind === KIND && v.version !== VERSION) {
    throw new VaultError('backup-unsupported-version');
  }
  if (!isContent(v)) throw new VaultError('backup-damaged');
  const { kind: _kind, version: _version, ...content } = v;
  const contactIds = new Set(content.contacts.map((c) => c.id));
  const sessionIds = new Set(content.sessions.map((s) => s.contactId));
  const payloadIds = new Set(content.archive.map((a) => a.payloadId));
  const deletedIds = new Set(content.deleted.map((d) => d.contactId));
  const consistent =
    contactIds.size === content.contacts.length &&
    sessionIds.size === content.sessions.length &&
    payloadIds.size === content.archive.length &&
    deletedIds.size === content.deleted.length &&
    [...deletedIds].every((id) => contactIds.has(id)) &&
    [...sessionIds].every((id) => contactIds.has(id)) &&
    content.archive.every((a) => contactIds.has(a.contactId));
  if (!consistent || (content.profile !== null && content.identity === null)) throw new VaultError('backup-damaged');
  return content;
}
