/**
 * `readMessage`: one archived message's plaintext, for the reader frame (privileged channel only),
 * with the user's security pattern, so that a frame showing a message makes this one request (a
 * separate `status` per frame was one more round trip and two more vault operations per bubble).
 *
 * A thread opening mounts a reader frame per bubble, and each asks at about the same time. The
 * requests that arrive while a lookup runs are answered together by the next one, in one read
 * transaction (the vault runs its work one at a time, so sixteen transactions would queue up).
 */
import type { MessageVerification, ReaderMessage, SecurityPattern } from '../messaging/protocol';
import { Refusal } from '../messaging/refusal';
import type { ArchiveEntry, ContactRecord } from '../vault/records';
import type { BackgroundDeps } from './deps';
import { patternFromBytes } from './security-pattern';

/**
 * The contact's verification holds for messages under its current key only. A message archived
 * before the last key change was sent to, or authenticated as coming from, an earlier key: its
 * time is our clock at sending, or the sender's time capped at our clock when it was read (so it
 * is before the change). A message under the new key whose sender's clock is behind also reads
 * 'earlier-key': never "Verified" by mistake, at worst not verified by mistake.
 */
export function messageVerification(entry: ArchiveEntry, contact: ContactRecord): MessageVerification {
  const changedAt = contact.previousCards.at(-1)?.replacedAt;
  return changedAt !== undefined && entry.at < changedAt ? 'earlier-key' : contact.verification;
}

/** At most this many lookups share one transaction. */
const MAX_BATCH = 64;

interface Waiting {
  messageId: string;
  resolve(message: ReaderMessage): void;
  reject(error: unknown): void;
}

/** The lookup queue of one worker (createMessageService holds it, with the worker's other state). */
export class MessageLookups {
  private waiting: Waiting[] = [];
  private running = false;

  constructor(private readonly deps: BackgroundDeps) {}

  read(messageId: string): Promise<ReaderMessage> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ messageId, resolve, reject });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      try {
        const { pattern, found } = await this.lookUp(batch.map((w) => w.messageId));
        batch.forEach((w, i) => {
          const message = found[i];
          if (message) w.resolve({ ...message, pattern });
          else w.reject(new Refusal('no-message'));
        });
      } catch (e) {
        // The vault failed as a whole (locked, unreadable): every request of the batch gets it.
        for (const w of batch) w.reject(e);
      }
    }
    this.running = false;
  }

  /** Each message with the contact as it is now (current name and verification), and the pattern, in one transaction. */
  private async lookUp(ids: readonly string[]): Promise<{ pattern: SecurityPattern | null; found: Array<Omit<ReaderMessage, 'pattern'> | undefined> }> {
    const vault = await this.deps.vault();
    return vault.read(async (tx) => {
      const contacts = new Map<string, ContactRecord | undefined>();
      const out: Array<Omit<ReaderMessage, 'pattern'> | undefined> = [];
      for (const id of ids) {
        const entry = await tx.getArchiveEntry(id);
        if (entry && !contacts.has(entry.contactId)) contacts.set(entry.contactId, await tx.getContact(entry.contactId));
        const contact = entry && contacts.get(entry.contactId);
        out.push(
          entry && contact
            ? { text: entry.text, direction: entry.direction, at: entry.at, contactName: contact.name, verification: messageVerification(entry, contact) }
            : undefined,
        );
      }
      const profile = await tx.getProfile();
      return { pattern: profile ? patternFromBytes(profile.patternSeed) : null, found: out };
    });
  }
}
