/** `readMessage`: one archived message's plaintext, for the reader frame (privileged channel only). */
import type { PrivilegedProtocol, StoredMessage } from '../messaging/protocol';
import { Refusal } from '../messaging/refusal';
import type { BackgroundDeps } from './deps';

/** The archive entry with the contact as it is now (current name and verification). */
export async function readMessage(deps: BackgroundDeps, req: PrivilegedProtocol['readMessage']['request']): Promise<StoredMessage> {
  const vault = await deps.vault();
  return vault.read(async (tx) => {
    const entry = await tx.getArchiveEntry(req.messageId);
    const contact = entry && (await tx.getContact(entry.contactId));
    if (!entry || !contact) throw new Refusal('no-message');
    return { text: entry.text, direction: entry.direction, at: entry.at, contactName: contact.name, verification: contact.verification };
  });
}
