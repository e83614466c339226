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
import { isArrayOf, isBoolean, isBoundedString, isExactObject, isNonNegativeInt, isNullable, type Guard } from './guards';

export const MESSAGE_TAG = 'sealed-dms/v1';

/** Requests the content script may make. It never receives plaintext or key material. */
export interface ContentProtocol {
  /**
   * What to do in the thread on screen. `username` is the counterpart from the thread header (null
   * when it cannot be read, e.g. a group). Links the thread to the contact with that username.
   */
  threadState: { request: { threadId: string; username: string | null }; response: { mode: ThreadMode } };
  /**
   * Whether some thread has encryption on (the vault's unsealed hints, known while locked). Asked
   * on the DM pages outside a chat (the inbox), where reader frames are then loaded ahead, so a
   * chat clicked there shows its messages sooner (src/instagram/frame-pool.ts).
   */
  directState: { request: Empty; response: { encryptedChats: boolean } };
  /**
   * Armored parts found in message bubbles (src/protocol/armor.ts). The background decrypts and
   * archives them and answers only where each belongs and how it went: never plaintext.
   */
  readPayloads: { request: { threadId: string; items: PayloadItem[] }; response: { results: PayloadResult[] } };
}

/**
 * - inactive: no identity yet (or the vault is unusable): Instagram works as usual.
 * - locked: the vault is locked and this thread is not known to be encrypted (threads with
 *   encryption on answer 'on' even while locked, so their composer stays guarded).
 * - plain: the counterpart is not a contact: Instagram works as usual.
 * - off: a contact, but the user turned encryption off for this thread.
 * - on: a contact with encryption on: mount the compose frame, block Instagram's composer.
 */
export type ThreadMode = 'inactive' | 'locked' | 'plain' | 'off' | 'on';

export interface PayloadItem {
  /** The content script's key for the bubble (echoed back). */
  key: string;
  /** The armored parts in the bubble's text, in order of appearance. */
  parts: string[];
  /** Whether the bubble is on our side of the thread. */
  outgoing: boolean;
}

/** How a received or sent payload went. Only 'ok' has plaintext, and only in the archive. */
export const PAYLOAD_STATUSES = [
  'ok',
  'incomplete',
  'tampered',
  'replayed',
  'not-for-this-device',
  'other-chat', // a message of our conversation with another contact, shown in this thread
  'missing-keys', // for us, but the keys it needs are no longer here (old invite code, lost session)
  'deleted', // exactly a message of this chat that the user deleted from the archive ("Delete message history", or the contact removed and added again)
  'unknown-sender',
  'malformed',
  'unsupported-version',
  'too-far-out-of-order',
  'locked',
] as const;
export type PayloadStatus = (typeof PAYLOAD_STATUSES)[number];

export interface PayloadResult {
  key: string;
  /**
   * The message id (docs/PROTOCOL.md "Message id", 22 characters) once the whole message was read
   * (also with 'locked'); null while parts are missing or when nothing in the bubble could be read.
   * With 'ok', the reader frame asks `readMessage` for it.
   */
  messageId: string | null;
  status: PayloadStatus;
  /** 1-based index of the bubble's first part, and the total number of parts of its message; 0 and 0 when no part could be read. */
  part: number;
  parts: number;
}

/**
 * Commands the background sends to the content script of one tab (tabs.sendMessage): only
 * ciphertext travels this way.
 */
export interface ContentCommands {
  /** Put these armored parts into Instagram's composer of `threadId`, send each, confirm each. */
  post: { request: { threadId: string; parts: string[] }; response: PostOutcome };
}

export const POST_FAILURES = [
  'composer-missing', // no usable composer in the thread on screen
  'wrong-thread', // the tab shows another thread now
  'page-changed', // Instagram's page does not look as expected: encryption paused
  'insertion-rejected', // the composer would not take our text (trusted input only)
  'dialog', // a dialog covers the composer
  'send-failed', // Instagram reported a failure, or the bubble never appeared
  'unconfirmed', // Send was pressed, then the chat was left before its bubble was confirmed: it may have been sent
  'busy', // another send is in progress in this tab
  'unreachable', // no content script answered in the tab
] as const;
export type PostFailure = (typeof POST_FAILURES)[number];
/**
 * Failures after which the message may have left: the background keeps it 'sending' (not
 * 'failed'), and the compose frame never says "nothing was sent" for them, so nothing is sent twice.
 */
export const MAYBE_SENT_FAILURES: ReadonlySet<PostFailure> = new Set<PostFailure>(['unconfirmed', 'unreachable']);
export type PostOutcome = { outcome: 'sent' } | { outcome: 'failed'; reason: PostFailure; sentParts: number };

export type SendOutcome =
  | { outcome: 'sent'; messageId: string }
  /** Nothing (or only `sentParts` of the parts) left the browser; the frame says why. */
  | { outcome: 'failed'; messageId: string; reason: PostFailure; sentParts: number }
  /** The page only accepts typed input: the user pastes these armored parts and sends them by hand. */
  | { outcome: 'manual'; messageId: string; parts: string[] };

export interface ComposeState {
  contact: ContactSummary | null;
  encrypt: boolean;
  /** Longest text in UTF-8 bytes one message may carry. */
  maxTextBytes: number;
}

export interface StoredMessage {
  text: string;
  direction: 'sent' | 'received';
  /** Epoch ms. */
  at: number;
  contactName: string;
  verification: MessageVerification;
}

/**
 * The contact's verification as shown with one message: 'earlier-key' when the message was sent
 * or received before the contact's current key replaced another (background/read-message.ts), so
 * verifying a new key never makes messages under the old one read "Verified".
 */
export type MessageVerification = Verification | 'earlier-key';

/** A stored message as a reader frame shows it: with the security pattern drawn beside it (null: no profile). */
export interface ReaderMessage extends StoredMessage {
  pattern: SecurityPattern | null;
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

/** An invite code found in a chat bubble, as the card-offer frame shows it (no keys). */
export interface CardOffer {
  /** The card's display name (may be empty) and Instagram username. */
  name: string;
  instagram: string | null;
  /** The chat's counterpart as the request named it (normalized), or null. */
  chat: string | null;
  /**
   * The username to pass to `addContact`: the existing contact's own when the code would change
   * its key; else the card's and the chat's when they agree or only one is known; null when they
   * disagree (nothing is linked silently).
   */
  link: string | null;
  /** The contact adding would update (found by identity, else by `link` or the card's username). */
  existing: CardPreview['existing'];
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
  /** The card-offer frame's question about a code in a chat with `chat` (the header's username). */
  cardOffer: { request: { code: string; chat: string | null }; response: CardOffer };
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
  // --- compose and reader frames (extension-origin iframes inside instagram.com) ---
  composeState: { request: { threadId: string }; response: ComposeState };
  setThreadEncryption: { request: { threadId: string; encrypt: boolean }; response: Empty };
  /**
   * Encrypts for the thread's contact, archives, and has the content script of the sender's tab
   * post the armor. `confirmKeyChange` must be true when the contact's key changed.
   */
  send: { request: { threadId: string; text: string; confirmKeyChange: boolean }; response: SendOutcome };
  /** The archived plaintext of one message, for the reader frame. */
  /** With the user's security pattern (as `status` gives it), so a reader frame needs one request only. */
  readMessage: { request: { messageId: string }; response: ReaderMessage };
  /** Messages to the thread's contact that did not go out, or may not have: the compose frame offers their text back. */
  unsentMessages: { request: { threadId: string }; response: { messages: UnsentMessage[] } };
  /** The user dealt with an unsent message (discarded it, or sent its text again). */
  dismissUnsent: { request: { messageId: string }; response: Empty };
  /** Which of a message's armored parts (being pasted by hand) have shown up in the chat. */
  manualProgress: { request: { messageId: string; parts: string[] }; response: { seen: boolean[] } };
}

export type Empty = Record<string, never>;

/**
 * A sent message that did not go out: 'not-sent' (nothing of it can be read: no part, or not every
 * part, left the browser) or 'maybe-sent' (the outcome is unknown: the chat was left or the tab
 * stopped answering after it may have been posted).
 */
export interface UnsentMessage {
  messageId: string;
  text: string;
  /** Epoch ms. */
  at: number;
  state: 'not-sent' | 'maybe-sent';
}

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
  // compose and reader frames
  'no-thread', // the thread has no contact (or encryption is off there)
  'key-change-unconfirmed',
  'message-empty',
  'message-too-long',
  'no-message',
  'no-tab', // the request did not come from a frame inside an Instagram tab
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

/** Characters the compose frame may send in one request; the byte limit is checked by the protocol. */
export const MAX_COMPOSE_CHARS = 16384;

/** Instagram thread ids: digits or base64-like ids (thread-id.ts), bounded. */
const isThreadId = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v);
/** One armored part is at most 900 characters; a bubble holds few. */
const isPart = isBoundedString(1024);
const isMessageId = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v);

export const contentRequestGuards: RequestGuards<ContentProtocol> = {
  threadState: isExactObject({ threadId: isThreadId, username: isUsername }),
  directState: isEmpty,
  readPayloads: isExactObject({
    threadId: isThreadId,
    items: isArrayOf(isExactObject<PayloadItem>({ key: isBoundedString(256), parts: isArrayOf(isPart, 8), outgoing: isBoolean }), 64),
  }),
};

export const contentCommandGuards: RequestGuards<ContentCommands> = {
  post: isExactObject({ threadId: isThreadId, parts: isArrayOf(isPart, 64) }),
};

export const privilegedRequestGuards: RequestGuards<PrivilegedProtocol> = {
  status: isEmpty,
  createIdentity: isExactObject({ displayName: isName, instagram: isUsername, passphrase: isNullable(isPassphrase) }),
  unlock: isExactObject({ passphrase: isPassphrase }),
  lock: isEmpty,
  myCard: isEmpty,
  previewCard: isExactObject({ code: isCode }),
  cardOffer: isExactObject({ code: isCode, chat: isUsername }),
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
  composeState: isExactObject({ threadId: isThreadId }),
  setThreadEncryption: isExactObject({ threadId: isThreadId, encrypt: isBoolean }),
  send: isExactObject({ threadId: isThreadId, text: isBoundedString(MAX_COMPOSE_CHARS), confirmKeyChange: isBoolean }),
  readMessage: isExactObject({ messageId: isMessageId }),
  unsentMessages: isExactObject({ threadId: isThreadId }),
  dismissUnsent: isExactObject({ messageId: isMessageId }),
  manualProgress: isExactObject({ messageId: isMessageId, parts: isArrayOf(isPart, 8) }),
};


function isAutoLockMinutes(value: unknown): value is number {
  return isNonNegativeInt(value) && value >= 1 && value <= 7 * 24 * 60;
}

/**
 * The background's word to every extension page (popup, our frames on instagram.com) that what it
 * shows may be out of date: the vault locked (by the user or its idle timer) or unlocked, or the
 * user changed a contact, a chat's encryption or its history. It carries nothing: each page asks
 * again (src/messaging/changed-notice.ts). Without it a frame looked again only when it got focus,
 * so a locked vault left decrypted messages on screen.
 */
export interface ChangedNotice {
  tag: typeof MESSAGE_TAG;
  notice: 'changed';
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
