/**
 * The vault's own record types (contacts, archive entries, settings) and their shape guards.
 * Pure, no browser API. Guards run on every record read back (after decryption) and on every
 * record the caller asks to store, so a wrong shape is an error at the boundary, not later.
 */
import { randomBytes } from '@noble/ciphers/utils.js';
import { toBase64url } from '../encoding/bytes';
import { isBoolean, isBoundedString, isExactObject, isOneOf, type Guard } from '../messaging/guards';
import { isContactCard, type ContactCard } from './protocol-types';

export type Verification = 'unverified' | 'verified' | 'key-changed';

export interface PreviousCard {
  /** The card (with the identity key) this contact used before a key change. */
  card: ContactCard;
  /** Epoch ms at which it was replaced. */
  replacedAt: number;
}

export interface ThreadSetting {
  /** Instagram's thread id (from /direct/t/<id>/). */
  threadId: string;
  /** Whether the user turned encryption on for this thread. */
  encrypt: boolean;
}

export interface ContactRecord {
  /** Local random id (see newContactId); also the key of the contact's session and archive. */
  id: string;
  card: ContactCard;
  name: string;
  instagramUsername: string | null;
  verification: Verification;
  /** Oldest first. */
  previousCards: PreviousCard[];
  threads: ThreadSetting[];
  addedAt: number;
}

export type ArchiveDirection = 'sent' | 'received';
export type ArchiveStatus = 'sending' | 'sent' | 'failed' | 'received';

export interface ArchiveEntry {
  /** Stable id of the armored message (the same on both sides). */
  payloadId: string;
  contactId: string;
  direction: ArchiveDirection;
  /** Epoch ms. */
  at: number;
  status: ArchiveStatus;
  /** The message plaintext. */
  text: string;
}

/**
 * What this installation says about its user and shows in its own surfaces: the name and Instagram
 * username put on the invite code, and the seed of the security pattern (6 random bytes drawn when
 * the identity is created; see src/background/security-pattern.ts).
 */
export interface Profile {
  displayName: string;
  instagram: string | null;
  patternSeed: Uint8Array;
}

export const PATTERN_SEED_LENGTH = 6;

export interface VaultSettings {
  /** Lock after this many minutes without user activity; null = never. Only applies with a passphrase. */
  autoLockMinutes: number | null;
}

export const DEFAULT_SETTINGS: Readonly<VaultSettings> = Object.freeze({ autoLockMinutes: 15 });

export const MAX_ID_LENGTH = 256;
const MAX_NAME_LENGTH = 1024;
const MAX_TEXT_LENGTH = 1 << 20;
const MAX_LIST_LENGTH = 10_000;

const isTime: Guard<number> = (v): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isId: Guard<string> = (v): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH;
/** Never with ':', so a contact id cannot name the ids kept for a removed contact (deleted-messages.ts removedKey). */
const isContactId: Guard<string> = (v): v is string => isId(v) && !v.includes(':');

function isListOf<T>(item: Guard<T>): Guard<T[]> {
  return (v): v is T[] => Array.isArray(v) && v.length <= MAX_LIST_LENGTH && v.every((x) => item(x));
}

export const isContactRecord: Guard<ContactRecord> = isExactObject<ContactRecord>({
  id: isContactId,
  card: isContactCard,
  name: isBoundedString(MAX_NAME_LENGTH),
  instagramUsername: (v): v is string | null => v === null || isBoundedString(MAX_NAME_LENGTH)(v),
  verification: isOneOf(['unverified', 'verified', 'key-changed'] as const),
  previousCards: isListOf(isExactObject<PreviousCard>({ card: isContactCard, replacedAt: isTime })),
  threads: isListOf(isExactObject<ThreadSetting>({ threadId: isId, encrypt: isBoolean })),
  addedAt: isTime,
});

export const isArchiveEntry: Guard<ArchiveEntry> = isExactObject<ArchiveEntry>({
  payloadId: isId,
  contactId: isId,
  direction: isOneOf(['sent', 'received'] as const),
  at: isTime,
  status: isOneOf(['sending', 'sent', 'failed', 'received'] as const),
  text: isBoundedString(MAX_TEXT_LENGTH),
});

export const isProfile: Guard<Profile> = isExactObject<Profile>({
  displayName: isBoundedString(MAX_NAME_LENGTH),
  instagram: (v): v is string | null => v === null || isBoundedString(MAX_NAME_LENGTH)(v),
  patternSeed: (v): v is Uint8Array => v instanceof Uint8Array && v.length === PATTERN_SEED_LENGTH,
});

export const isVaultSettings: Guard<VaultSettings> = isExactObject<VaultSettings>({
  autoLockMinutes: (v): v is number | null => v === null || (isTime(v) && v > 0 && v <= 7 * 24 * 60),
});

/** A fresh local contact id: 16 random bytes, base64url. Random, so the ids visible at rest say nothing. */
export function newContactId(): string {
  return toBase64url(randomBytes(16));
}
