/**
 * `send`: encrypts the compose frame's text for the thread's contact and has the content script
 * of the frame's tab post the armor.
 *
 * Order matters: the new ratchet state and the archive entry ('sending') are committed in one
 * transaction BEFORE anything is posted, so a message key is never used twice (a crash after the
 * post cannot roll the ratchet back) and every message that may have left has its plaintext in
 * the archive. Any refusal is thrown inside that transaction, which then writes nothing.
 */
import { MAYBE_SENT_FAILURES, type PostOutcome, type PrivilegedProtocol, type SendOutcome } from '../messaging/protocol';
import { Refusal } from '../messaging/refusal';
import { armor } from '../protocol/armor';
import { messageId } from '../protocol/message-id';
import { encrypt } from '../protocol/session';
import type { BackgroundDeps } from './deps';
import { requireIdentity } from './identity-service';
import { moveSentStatus } from './archive-status';
import { isBlankText, MAX_SEND_PARTS, MAX_SEND_TEXT_BYTES, SEND_PART_CHARS, textBytes } from './send-limits';
import { linkedContact } from './thread-link';

type Req = PrivilegedProtocol['send']['request'];

interface Prepared {
  messageId: string;
  parts: string[];
}

/** `inFlight` holds the ids of messages being posted right now (not "unsent" while it does). */
export async function sendMessage(deps: BackgroundDeps, tabId: number, req: Req, inFlight: Set<string> = new Set()): Promise<SendOutcome> {
  const { messageId: id, parts } = await prepare(deps, req);
  let posted: PostOutcome;
  inFlight.add(id);
  try {
    posted = await deps.post(tabId, { threadId: req.threadId, parts });
  } catch {
    posted = { outcome: 'failed', reason: 'unreachable', sentParts: 0 };
  } finally {
    inFlight.delete(id);
  }
  if (posted.outcome === 'sent') {
    await recordStatus(deps, id, 'sent');
    return { outcome: 'sent', messageId: id };
  }
  // The page takes typed input only: the user pastes the parts. The entry stays 'sending' until
  // readPayloads sees the bubble. All parts, even ones already posted: duplicates merge (same id).
  if (posted.reason === 'insertion-rejected') return { outcome: 'manual', messageId: id, parts };
  // May have left (Send pressed, then the chat left or the tab gone): it stays 'sending', readPayloads
  // makes it 'sent' if its bubble shows up, and the compose frame offers it back as "may have been sent".
  if (!MAYBE_SENT_FAILURES.has(posted.reason)) await recordStatus(deps, id, 'failed');
  const sentParts = Math.min(Math.max(0, Math.floor(posted.sentParts)), parts.length);
  return { outcome: 'failed', messageId: id, reason: posted.reason, sentParts };
}

/** Checks, encrypts, stores session and archive entry in one transaction; returns the armor. */
async function prepare(deps: BackgroundDeps, req: Req): Promise<Prepared> {
  const vault = await deps.vault();
  const now = deps.now();
  return vault.transact(async (tx) => {
    const me = await requireIdentity(tx);
    const link = linkedContact(await tx.listContacts(), req.threadId);
    if (!link || !link.setting.encrypt) throw new Refusal('no-thread');
    if (isBlankText(req.text)) throw new Refusal('message-empty');
    if (textBytes(req.text) > MAX_SEND_TEXT_BYTES) throw new Refusal('message-too-long');
    const contact = link.contact;
    if (contact.verification === 'key-changed') {
      if (!req.confirmKeyChange) throw new Refusal('key-change-unconfirmed');
      // The user saw the warning and chose to send: the new key is now trusted on first use.
      await tx.putContact({ ...contact, verification: 'unverified' });
    }
    const sealed = encrypt(await tx.getSession(contact.id), me, contact.card, { text: req.text, sentAt: Math.floor(now / 1000) }, now, deps.randomBytes);
    if (!sealed.ok) throw new Refusal(sealed.error === 'too-long' ? 'message-too-long' : 'corrupted');
    const parts = armor(sealed.message, { maxPartChars: SEND_PART_CHARS });
    // MAX_SEND_TEXT_BYTES already guarantees this; checked again so a change elsewhere fails closed.
    if (parts.length > MAX_SEND_PARTS) throw new Refusal('message-too-long');
    const id = messageId(sealed.message);
    await tx.putSession(contact.id, sealed.state);
    await tx.putArchiveEntry({ payloadId: id, contactId: contact.id, direction: 'sent', at: now, status: 'sending', text: req.text });
    return { messageId: id, parts };
  });
}

/**
 * Best effort: the message has left (or not) whatever happens here. If the vault locked meanwhile,
 * the entry stays 'sending' until its bubble is read (readPayloads marks it 'sent').
 */
async function recordStatus(deps: BackgroundDeps, id: string, status: 'sent' | 'failed'): Promise<void> {
  try {
    const vault = await deps.vault();
    await vault.transact((tx) => moveSentStatus(tx, id, status === 'sent' ? ['sending', 'failed'] : ['sending'], status));
  } catch {
    console.warn('sealed-dms: could not record a sent message status');
  }
}
