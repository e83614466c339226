/**
 * `readPayloads`: the content script shows us the armored parts in message bubbles; we answer, per
 * bubble, the message id and a status, never plaintext. Each whole message is tied to the thread
 * it is shown in (the thread's linked contact) and answered truthfully:
 *
 * - In the archive (history after a reload, our own sent messages, duplicates and replays of
 *   messages already read): 'ok' when it belongs to this thread's contact, 'other-chat' when the
 *   page shows a message of another conversation here.
 * - Deleted from the archive by the user ("Delete message history", or the contact removed and
 *   added again), whose message ids the vault keeps for the contact: 'deleted'. The id is a hash
 *   of the whole payload, so only the exact bytes of a deleted message get it (a changed copy has
 *   another id and reads as below).
 * - Otherwise, by the pair tag of its header (a routing hint readable without keys):
 *   - from this thread's contact to us: decrypted; the new session state and the archive entry
 *     are stored in one transaction;
 *   - from us to this thread's contact: 'tampered'. Every message this browser sends is archived
 *     before it is posted, so one that claims to be ours and is neither archived nor deleted is
 *     not what we sent (its bytes were changed);
 *   - between us and another contact: 'other-chat';
 *   - anything else: an outgoing bubble is 'not-for-this-device'; an incoming one is tried
 *     (decryption tells 'unknown-sender' from 'not-for-this-device'), or is 'unknown-sender' in a
 *     thread without a contact.
 *
 * Looked up in a read-only transaction first (opening a thread whose history is archived writes
 * nothing); only messages to decrypt, and sent entries to mark 'sent', take a read-write one.
 */
import type { ContentProtocol, PayloadResult, PayloadStatus } from '../messaging/protocol';
import { Refusal } from '../messaging/refusal';
import type { ContactCard } from '../protocol/card';
import type { PublicIdentity } from '../protocol/ids';
import { decrypt, messageDirection, peekMessage } from '../protocol/session';
import { DeletedMessages } from '../vault/deleted-messages';
import type { ContactRecord } from '../vault/records';
import { isVaultError } from '../vault/errors';
import type { VaultReadTx, VaultTx } from '../vault/vault-tx';
import { moveSentStatus } from './archive-status';
import { readBubbles, type BubbleRead } from './bubble-payloads';
import type { BackgroundDeps } from './deps';
import { ownPublic, requireIdentity } from './identity-service';
import { DECRYPT_STATUS } from './payload-status';
import type { PendingParts } from './pending-parts';
import { linkedContact } from './thread-link';

type Req = ContentProtocol['readPayloads']['request'];
type Whole = Extract<BubbleRead, { kind: 'whole' }>;

/** What a whole message needs: an answer known from the read-only lookup, or a write. */
type Plan = { kind: 'status'; status: PayloadStatus } | { kind: 'decrypt' } | { kind: 'mark-sent' };

export async function readPayloads(deps: BackgroundDeps, pending: PendingParts, req: Req): Promise<{ results: PayloadResult[] }> {
  const vault = await deps.vault();
  const status = await vault.status();
  if (status.state === 'uninitialized' || !status.hasIdentity) throw new Refusal('no-identity');
  const bubbles = readBubbles(pending, req.items);
  const result = (i: number, s: PayloadStatus, messageId: string | null): PayloadResult => {
    const b = bubbles[i]!;
    return { key: req.items[i]!.key, messageId, status: s, part: b.part, parts: b.parts };
  };
  const allLocked = () => ({ results: bubbles.map((b, i) => result(i, 'locked', b.kind === 'whole' ? b.messageId : null)) });
  if (status.state === 'locked') return allLocked();

  const statuses = new Map<number, PayloadStatus>();
  try {
    // Only whole messages need the vault (parts still missing are answered from memory).
    if (bubbles.some((b) => b.kind === 'whole')) {
      const plans = await vault.read((tx) => planWhole(tx, req, bubbles));
      for (const [i, plan] of plans) if (plan.kind === 'status') statuses.set(i, plan.status);
      const writes = [...plans].filter(([, plan]) => plan.kind !== 'status');
      if (writes.length > 0) {
        const written = await vault.transact((tx) => resolveWrites(deps, tx, req.threadId, bubbles, new Map(writes)));
        for (const [i, s] of written) statuses.set(i, s);
      }
    }
  } catch (e) {
    // The idle timer may lock the vault between the status check and a transaction.
    if (isVaultError(e, 'locked')) return allLocked();
    throw e;
  }
  return {
    results: bubbles.map((b, i) => {
      if (b.kind === 'incomplete') return result(i, 'incomplete', null);
      if (b.kind === 'failed') return result(i, b.status, null);
      return result(i, statuses.get(i)!, b.messageId);
    }),
  };
}

/** Which way a message goes between us and `card`, from its pair tag; undefined: neither. */
function tagged(payload: Uint8Array, me: PublicIdentity, card: ContactCard): 'from' | 'to' | undefined {
  const d = messageDirection(payload, me, card);
  return d === 'from-contact' ? 'from' : d === 'to-contact' ? 'to' : undefined;
}

/** The contact's deleted message ids, read once and only if a bubble is not in the archive. */
function deletedOf(tx: VaultReadTx, contact: ContactRecord | undefined): () => Promise<DeletedMessages> {
  let loaded: Promise<DeletedMessages> | undefined;
  return () => (loaded ??= contact ? tx.getDeletedMessages(contact.id) : Promise.resolve(DeletedMessages.none));
}

/** The read-only pass: every whole bubble's answer, or the write it needs (see the file comment). */
async function planWhole(tx: VaultReadTx, req: Req, bubbles: BubbleRead[]): Promise<Map<number, Plan>> {
  const me = await ownPublic(tx);
  const contacts = await tx.listContacts();
  const contact = linkedContact(contacts, req.threadId)?.contact;
  const deleted = deletedOf(tx, contact);
  const plans = new Map<number, Plan>();
  for (const [i, b] of bubbles.entries()) {
    if (b.kind !== 'whole') continue;
    plans.set(i, await planOne(tx, b, req.items[i]!.outgoing, me, contact, contacts, deleted));
  }
  return plans;
}

async function planOne(
  tx: VaultReadTx,
  b: Whole,
  outgoing: boolean,
  me: PublicIdentity,
  contact: ContactRecord | undefined,
  contacts: readonly ContactRecord[],
  deleted: () => Promise<DeletedMessages>,
): Promise<Plan> {
  const done = (status: PayloadStatus): Plan => ({ kind: 'status', status });
  // The archive first: a message read before must not come back as 'replayed'.
  const entry = await tx.getArchiveEntry(b.messageId);
  if (entry) {
    if (entry.contactId !== contact?.id) return done('other-chat');
    return entry.direction === 'sent' && (entry.status === 'sending' || entry.status === 'failed') ? { kind: 'mark-sent' } : done('ok');
  }
  if ((await deleted()).has(b.messageId)) return done('deleted');
  const header = peekMessage(b.payload);
  if (!header.ok) return done(header.error);
  if (contact) {
    const t = tagged(b.payload, me, contact.card);
    if (t === 'from') return { kind: 'decrypt' };
    if (t === 'to') return done('tampered');
  }
  if (contacts.some((c) => c !== contact && tagged(b.payload, me, c.card) !== undefined)) return done('other-chat');
  if (outgoing) return done('not-for-this-device');
  return contact ? { kind: 'decrypt' } : done('unknown-sender');
}

/**
 * The writes, in one transaction: sent entries whose bubble showed up become 'sent', and messages
 * to us are decrypted (each message once; the archive is asked again first, since another request
 * may have stored it since the read-only pass).
 */
async function resolveWrites(
  deps: BackgroundDeps,
  tx: VaultTx,
  threadId: string,
  bubbles: BubbleRead[],
  plans: Map<number, Plan>,
): Promise<Map<number, PayloadStatus>> {
  const me = await requireIdentity(tx);
  const contact = linkedContact(await tx.listContacts(), threadId)?.contact;
  let session = contact ? await tx.getSession(contact.id) : undefined;
  const deleted = deletedOf(tx, contact);
  const now = deps.now();
  const byMessage = new Map<string, PayloadStatus>();
  const out = new Map<number, PayloadStatus>();

  const resolve = async (b: Whole, plan: Plan): Promise<PayloadStatus> => {
    const archived = await moveSentStatus(tx, b.messageId, ['sending', 'failed'], 'sent');
    if (archived) return archived.contactId === contact?.id ? 'ok' : 'other-chat';
    // Its history was deleted since the read-only pass.
    if ((await deleted()).has(b.messageId)) return 'deleted';
    // A sent entry gone since the read-only pass without being deleted with the history (see above).
    if (plan.kind === 'mark-sent') return 'tampered';
    if (plan.kind !== 'decrypt' || !contact) return 'unknown-sender';
    const opened = decrypt(session, me, contact.card, b.payload, now, deps.randomBytes);
    if (!opened.ok) {
      const s = DECRYPT_STATUS[opened.error];
      if (s === 'corrupted') throw new Refusal('corrupted');
      return s;
    }
    session = opened.state;
    await tx.putSession(contact.id, opened.state);
    await tx.putArchiveEntry({
      payloadId: b.messageId,
      contactId: contact.id,
      direction: 'received',
      // The sender's time (authenticated, but its clock), never later than our now: the archive is
      // ordered by it, and a wrong clock must not put a message in the future.
      at: Math.min(opened.envelope.sentAt * 1000, now),
      status: 'received',
      text: opened.envelope.text,
    });
    return 'ok';
  };

  for (const [i, plan] of plans) {
    const b = bubbles[i]!;
    if (b.kind !== 'whole') continue;
    const known = byMessage.get(b.messageId);
    if (known !== undefined) {
      out.set(i, known);
      continue;
    }
    const s = await resolve(b, plan);
    byMessage.set(b.messageId, s);
    out.set(i, s);
  }
  return out;
}
