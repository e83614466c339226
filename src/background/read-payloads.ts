/**
 * `readPayloads`: the content script shows us the armored parts in message bubbles; we answer, per
 * bubble, the message id and a status, never plaintext. Whole messages are looked up in the
 * archive first (history after a reload, our own sent messages, duplicates and replays of
 * messages already read); otherwise an incoming one is decrypted from the thread's contact, and
 * the new session state and the archive entry are stored in one transaction.
 */
import type { ContentProtocol, PayloadResult, PayloadStatus } from '../messaging/protocol';
import { Refusal } from '../messaging/refusal';
import { decrypt } from '../protocol/session';
import { isVaultError } from '../vault/errors';
import type { VaultTx } from '../vault/vault-tx';
import { moveSentStatus } from './archive-status';
import { readBubbles, type BubbleRead } from './bubble-payloads';
import type { BackgroundDeps } from './deps';
import { requireIdentity } from './identity-service';
import { DECRYPT_STATUS } from './payload-status';
import type { PendingParts } from './pending-parts';
import { linkedContact } from './thread-link';

type Req = ContentProtocol['readPayloads']['request'];
type Whole = Extract<BubbleRead, { kind: 'whole' }>;

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

  let statuses = new Map<number, PayloadStatus>();
  try {
    // Only whole messages need the vault (parts still missing are answered from memory).
    if (bubbles.some((b) => b.kind === 'whole')) statuses = await vault.transact((tx) => resolveWhole(deps, tx, req, bubbles));
  } catch (e) {
    // The idle timer may lock the vault between the status check and the transaction.
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

/** Status of every whole bubble (by index), in one transaction. Each message is decrypted once. */
async function resolveWhole(deps: BackgroundDeps, tx: VaultTx, req: Req, bubbles: BubbleRead[]): Promise<Map<number, PayloadStatus>> {
  const me = await requireIdentity(tx);
  const contact = linkedContact(await tx.listContacts(), req.threadId)?.contact;
  let session = contact ? await tx.getSession(contact.id) : undefined;
  const now = deps.now();
  const byMessage = new Map<string, PayloadStatus>();
  const out = new Map<number, PayloadStatus>();

  const resolve = async (b: Whole, outgoing: boolean): Promise<PayloadStatus> => {
    // The archive first: a message read before must not come back as 'replayed'.
    const archived = await moveSentStatus(tx, b.messageId, ['sending', 'failed'], 'sent');
    if (archived) return 'ok';
    if (outgoing) return 'not-for-this-device';
    if (!contact) return 'unknown-sender';
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

  for (const [i, b] of bubbles.entries()) {
    if (b.kind !== 'whole') continue;
    const outgoing = req.items[i]!.outgoing;
    const known = byMessage.get(b.messageId);
    // An answer for an outgoing bubble ('not ours to read') says nothing about an incoming copy.
    if (known === 'ok' || (known !== undefined && !outgoing)) {
      out.set(i, known);
      continue;
    }
    const s = await resolve(b, outgoing);
    if (!outgoing || s === 'ok') byMessage.set(b.messageId, s);
    out.set(i, s);
  }
  return out;
}
