/**
 * Every message between the extension's contexts, typed in one place and validated on receipt.
 *
 * Two channels (see docs/ARCHITECTURE.md, "Messaging"):
 * - `content`: what the content script (which shares the DOM with instagram.com's own scripts) may
 *   ask. It can never receive plaintext or key material.
 * - `privileged`: what extension pages (popup, welcome page, extension-origin frames) may ask.
 *
 * The channel a message claims is only a routing hint: the background decides privilege from the
 * browser-stamped sender (src/messaging/sender.ts) and refuses a privileged request from anything
 * that is not an extension page.
 */
import { isBoolean, isBoundedString, isExactObject, isNonNegativeInt, isNullable, type Guard } from './guards';

export const MESSAGE_TAG = 'sealed-dms/v1';

/** Requests the content script may make. It never receives plaintext or key material. */
export interface ContentProtocol {
  /** Liveness and version check; the content script does nothing until this succeeds. */
  hello: { request: { page: string }; response: { version: string } };
}

export type VaultState = 'uninitialized' | 'locked' | 'unlocked';
export type Verification = 'unverified' | 'verified' | 'key-changed';

/**
 * The per-installation security pattern (chosen at random when the identity is created) drawn in
 * every extension surface, so a look-alike "secure" box drawn by the page can be told apart.
 */
export interface SecurityPattern {
  /** Two hues in degrees (0..359). */
  hues: [number, number];
  /** Which of the pattern shapes (0..3). */
  shape: number;
  /** 16 cells of a 4x4 grid, each on or off. */
  cells: number;
}

export interface ContactSummary {
  id: string;
  name: string;
  instagram: string | null;
  verification: Verification;
}

export interface ContactDetails extends ContactSummary {
  /** 60 digits (Signal's NumericFingerprint), to show as 12 groups of 5. */
  safetyNumber: string;
  /** The scannable fingerprint (base64url) for the QR code. */
  safetyQr: string;
  addedAt: number;
  keyChangedAt: number | null;
  archivedMessages: number;
}

export interface CardPreview {
  name: string;
  instagram: string | null;
  /** A contact that already has this device's identity, or that has the same Instagram username. */
  existing: { id: string; name: string; sameKey: boolean } | null;
}

export interface MyCard {
  displayName: string;
  instagram: string | null;
  /** The invite code: one copyable string. */
  code: string;
  /** The same card as raw bytes (base64url) for the QR code. */
  qr: string;
  /** A ready-to-paste message that explains what the code is. */
  shareText: string;
}

/** Requests extension pages may make. */
export interface PrivilegedProtocol {
  status: { request: Empty; response: { version: string; browser: string; vault: VaultState; pattern: SecurityPattern | null } };
  createIdentity: { request: { displayName: string; instagram: string | null; passphrase: string | null }; response: Empty };
  unlock: { request: { passphrase: string }; response: Empty };
  lock: { request: Empty; response: Empty };
  myCard: { request: Empty; response: MyCard };
  previewCard: { request: { code: string }; response: CardPreview };
  /** Adds a contact, or updates one whose card changed (which marks it key-changed). */
  addContact: { request: { code: string; name: string; instagram: string | null }; response: { id: string } };
  listContacts: { request: Empty; response: { contacts: ContactSummary[] } };
  contactDetails: { request: { id: string }; response: ContactDetails };
  updateContact: { request: { id: string; name: string; instagram: string | null }; response: Empty };
  setVerified: { request: { id: string; verified: boolean }; response: Empty };
  removeContact: { request: { id: string }; response: Empty };
  deleteArchive: { request: { id: string }; response: { deleted: number } };
  settings: { request: Empty; response: { hasPassphrase: boolean; autoLockMinutes: number | null } };
  /** Sets, changes (current required) or removes (next null) the passphrase. */
  setPassphrase: { request: { current: string | null; next: string | null }; response: Empty };
  setAutoLock: { request: { minutes: number | null }; response: Empty };
  /** An encrypted backup of everything, under its own passphrase, as base64url file bytes. */
  exportBackup: { request: { passphrase: string }; response: { file: string; fileName: string } };
  importBackup: { request: { file: string; passphrase: string; replaceExisting: boolean }; response: Empty };
}

export type Empty = Record<string, never>;

/**
 * Why the background refused a well-formed request: safe to show (each maps to a UI string), never
 * carries secrets. `retryAt` (epoch ms) accompanies `throttled`.
 */
export const REFUSAL_REASONS = [
  'no-identity',
  'identity-exists',
  'locked',
  'wrong-passphrase',
  'throttled',
  'invalid-passphrase',
  'no-passphrase',
  'corrupted',
  'unsupported-version',
  // invite codes
  'card-malformed',
  'card-truncated',
  'card-bad-checksum',
  'card-bad-signature',
  'card-unsupported-version',
  'own-card',
  // contacts
  'no-contact',
  'invalid-name',
  'invalid-username',
  // backups
  'would-overwrite',
  'backup-not-a-backup',
  'backup-unsupported-version',
  'backup-truncated',
  'backup-damaged',
  'backup-wrong-passphrase',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export type Channel = 'content' | 'privileged';
export type ProtocolOf<C extends Channel> = C extends 'content' ? ContentProtocol : PrivilegedProtocol;
export type RequestOf<C extends Channel, K extends keyof ProtocolOf<C>> = ProtocolOf<C>[K] extends { request: infer R } ? R : never;
export type ResponseOf<C extends Channel, K extends keyof ProtocolOf<C>> = ProtocolOf<C>[K] extends { response: infer R } ? R : never;

export type RequestGuards<P> = { [K in keyof P]: Guard<P[K] extends { request: infer R } ? R : never> };

const isEmpty = isExactObject<Empty>({});
const isId = isBoundedString(64);
const isName = isBoundedString(64);
const isUsername = isNullable(isBoundedString(30));
const isPassphrase = isBoundedString(1024);
const isCode = isBoundedString(4096);
/** A backup file as base64url; 48 MiB of text is far above any realistic archive. */
const isFile = isBoundedString(48 * 1024 * 1024);

export const contentRequestGuards: RequestGuards<ContentProtocol> = {
  hello: isExactObject({ page: isBoundedString(64) }),
};

export const privilegedRequestGuards: RequestGuards<PrivilegedProtocol> = {
  status: isEmpty,
  createIdentity: isExactObject({ displayName: isName, instagram: isUsername, passphrase: isNullable(isPassphrase) }),
  unlock: isExactObject({ passphrase: isPassphrase }),
  lock: isEmpty,
  myCard: isEmpty,
  previewCard: isExactObject({ code: isCode }),
  addContact: isExactObject({ code: isCode, name: isName, instagram: isUsername }),
  listContacts: isEmpty,
  contactDetails: isExactObject({ id: isId }),
  updateContact: isExactObject({ id: isId, name: isName, instagram: isUsername }),
  setVerified: isExactObject({ id: isId, verified: isBoolean }),
  removeContact: isExactObject({ id: isId }),
  deleteArchive: isExactObject({ id: isId }),
  settings: isEmpty,
  setPassphrase: isExactObject({ current: isNullable(isPassphrase), next: isNullable(isPassphrase) }),
  setAutoLock: isExactObject({ minutes: isNullable(isAutoLockMinutes) }),
  exportBackup: isExactObject({ passphrase: isPassphrase }),
  importBackup: isExactObject({ file: isFile, passphrase: isPassphrase, replaceExisting: isBoolean }),
};

function isAutoLockMinutes(value: unknown): value is number {
  return isNonNegativeInt(value) && value >= 1 && value <= 7 * 24 * 60;
}

/** The wire form of a request. */
export interface Envelope<C extends Channel = Channel> {
  tag: typeof MESSAGE_TAG;
  channel: C;
  type: string;
  payload: unknown;
}

export type ErrorCode =
  | 'malformed' // the request did not have the expected shape
  | 'forbidden' // the sender may not make this request
  | 'unknown-type'
  | 'refused' // a well-formed request the background declined; see `reason`
  | 'internal'; // the handler failed; details stay in the background

export type Failure = { ok: false; error: Exclude<ErrorCode, 'refused'> } | { ok: false; error: 'refused'; reason: RefusalReason; retryAt?: number };
export type Reply<T> = { ok: true; value: T } | Failure;
