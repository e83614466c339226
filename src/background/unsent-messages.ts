/**
 * Sent messages that did not go out, for the compose frame (privileged channel only): a send whose
 * frame went away with the page (the user left the chat, or reloaded, mid-send) is offered back
 * when the user returns, instead of lying silently in the archive.
 *
 * - `failed` entries are 'not-sent': nothing of them can be read (no part, or not every part, left).
 * - `sending` entries that are not being posted right now are 'maybe-sent': the chat was left or
 *   the tab stopped answering after Send may have been pressed, or their parts were handed to the
 *   user to paste. readPayloads turns them 'sent' when their bubble shows up.
 *
 * And the progress of a message being pasted by hand: which of its parts showed up in the chat.
 */
import type { PrivilegedProtocol, UnsentMessage } from '../messaging/protocol';
import { Refusal } from '../messaging/refusal';
import { equalBytes } from '../encoding/bytes';
import { parseArmor } from '../protocol/armor';
import { moveSentStatus } from './archive-status';
import type { BackgroundDeps } from './deps';
import type { PendingParts } from './pending-parts';
import { linkedContact } from './thread-link';

type Req<K extends keyof PrivilegedProtocol> = PrivilegedProtocol[K]['request'];

/** The newest ones only: an old archive must not turn the compose frame into a list. */
export const MAX_UNSENT = 10;

export async function unsentMessages(
  deps: BackgroundDeps,
  req: Req<'unsentMessages'>,
  inFlight: ReadonlySet<string>,
): Promise<{ messages: UnsentMessage[] }> {
  const vault = await deps.vault();
  return vault.read(async (tx) => {
    const link = linkedContact(await tx.listContacts(), req.threadId);
    if (!link || !link.setting.encrypt) return { messages: [] };
    const messages: UnsentMessage[] = [];
    for (const e of await tx.listArchive(link.contact.id)) {
      if (e.direction !== 'sent') continue;
      if (e.status === 'failed') messages.push({ messageId: e.payloadId, text: e.text, at: e.at, state: 'not-sent' });
      else if (e.status === 'sending' && !inFlight.has(e.payloadId)) messages.push({ messageId: e.payloadId, text: e.text, at: e.at, state: 'maybe-sent' });
    }
    return { messages: messages.slice(-MAX_UNSENT) };
  });
}

/**
 * The user dealt with an unsent message. A 'not-sent' one is deleted (its text goes with the user's
 * choice: discarded, or back in the compose box and sent as a new message). A 'maybe-sent' one is
 * kept, as 'sent': it may be in the chat, and its bubble must still read; it is no longer offered.
 */
export async function dismissUnsent(deps: BackgroundDeps, req: Req<'dismissUnsent'>, inFlight: ReadonlySet<string>): Promise<Record<string, never>> {
  const vault = await deps.vault();
  await vault.transact(async (tx) => {
    const entry = await tx.getArchiveEntry(req.messageId);
    if (!entry || entry.direction !== 'sent') throw new Refusal('no-message');
    if (entry.status === 'failed') await tx.deleteArchiveEntry(entry.payloadId);
    else if (!inFlight.has(entry.payloadId)) await moveSentStatus(tx, entry.payloadId, ['sending'], 'sent');
  });
  return {};
}

/**
 * Which of `parts` (the armor of message `messageId`, pasted by hand) showed up in the chat: all of
 * them once the message was read whole (its entry is 'sent'), else each part of a multi-part
 * message whose exact copy the reader collected (PendingParts). A single part counts only whole.
 */
export async function manualProgress(deps: BackgroundDeps, pending: PendingParts, req: Req<'manualProgress'>): Promise<{ seen: boolean[] }> {
  const vault = await deps.vault();
  const entry = await vault.read((tx) => tx.getArchiveEntry(req.messageId));
  if (!entry || entry.direction !== 'sent') throw new Refusal('no-message');
  if (entry.status === 'sent') return { seen: req.parts.map(() => true) };
  return {
    seen: req.parts.map((text) => {
      const part = parseArmor(text).find((p) => p.kind === 'part');
      if (part?.kind !== 'part' || part.id === undefined) return false;
      return pending.get(part.id).some((q) => q.index === part.index && equalBytes(q.body, part.body));
    }),
  };
}
