/**
 * readMessage's lookups (src/background/read-message.ts MessageLookups): requests that arrive while
 * a lookup runs share the next read transaction; a message not in the archive is refused alone; a
 * vault failure reaches every request of its batch; each answer carries the security pattern, read
 * in the same transaction. (The whole path through the router and a real vault is covered in
 * messages.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { BackgroundDeps } from '../../../src/background/deps';
import { MessageLookups, messageVerification } from '../../../src/background/read-message';
import { patternFromBytes } from '../../../src/background/security-pattern';
import { Refusal } from '../../../src/messaging/refusal';
import type { Vault } from '../../../src/vault/vault';
import type { ArchiveEntry, ContactRecord } from '../../../src/vault/records';

const entry = (id: string) => ({ payloadId: id, contactId: 'c1', direction: 'received', at: 5, status: 'received', text: `text of ${id}` });
const contact = { id: 'c1', name: 'Bob', verification: 'verified', previousCards: [] };
const SEED = new Uint8Array([1, 2, 3, 4, 5, 6]);

function fakeDeps(fail?: unknown, profile: { patternSeed: Uint8Array } | null = { patternSeed: SEED }) {
  const transactions: string[][] = [];
  let release: () => void = () => {};
  let gate: Promise<void> | undefined = new Promise((r) => (release = r));
  const vault = {
    async read<T>(fn: (tx: unknown) => Promise<T>): Promise<T> {
      const seen: string[] = [];
      transactions.push(seen);
      // The first transaction waits until released, so that later requests pile up behind it.
      if (gate) {
        const g = gate;
        gate = undefined;
        await g;
      }
      if (fail) throw fail;
      return fn({
        async getArchiveEntry(id: string) {
          seen.push(id);
          return id.startsWith('missing') ? undefined : entry(id);
        },
        async getContact(id: string) {
          return id === contact.id ? contact : undefined;
        },
        async getProfile() {
          seen.push('profile');
          return profile ?? undefined;
        },
      });
    },
  } as unknown as Vault;
  const deps = { vault: async () => vault } as unknown as BackgroundDeps;
  return { deps, transactions, release: () => release() };
}

describe('readMessage', () => {
  it('answers the requests that arrived during a lookup together, in one transaction', async () => {
    const f = fakeDeps();
    const lookups = new MessageLookups(f.deps);
    const first = lookups.read('m1');
    await Promise.resolve();
    const later = ['m2', 'missing', 'm3'].map((messageId) => lookups.read(messageId).catch((e: unknown) => e));
    f.release();
    expect((await first).text).toBe('text of m1');
    const [m2, missing, m3] = await Promise.all(later);
    expect(m2).toEqual({ text: 'text of m2', direction: 'received', at: 5, contactName: 'Bob', verification: 'verified', pattern: patternFromBytes(SEED) });
    expect(missing).toBeInstanceOf(Refusal);
    expect((missing as Refusal).reason).toBe('no-message');
    expect((m3 as { text: string }).text).toBe('text of m3');
    expect(f.transactions).toEqual([
      ['m1', 'profile'],
      ['m2', 'missing', 'm3', 'profile'],
    ]);
  });

  it('answers a null pattern when there is no profile', async () => {
    const f = fakeDeps(undefined, null);
    const read = new MessageLookups(f.deps).read('m1');
    f.release();
    expect((await read).pattern).toBeNull();
  });

  it('a vault failure (e.g. locked) reaches every request of the batch', async () => {
    const locked = new Error('locked');
    const f = fakeDeps(locked);
    const lookups = new MessageLookups(f.deps);
    const all = ['a', 'b', 'c'].map((messageId) => lookups.read(messageId).catch((e: unknown) => e));
    f.release();
    expect(await Promise.all(all)).toEqual([locked, locked, locked]);
  });
});

describe('messageVerification', () => {
  it("is the contact's for messages after its last key change, 'earlier-key' before it", () => {
    const record = (verification: string, replacedAt: number[]) =>
      ({ verification, previousCards: replacedAt.map((at) => ({ card: {}, replacedAt: at })) }) as unknown as ContactRecord;
    const at = (t: number) => ({ ...entry('m'), at: t }) as ArchiveEntry;
    expect(messageVerification(at(5), record('verified', []))).toBe('verified');
    expect(messageVerification(at(5), record('verified', [10]))).toBe('earlier-key');
    expect(messageVerification(at(10), record('verified', [10]))).toBe('verified');
    expect(messageVerification(at(15), record('key-changed', [10, 20]))).toBe('earlier-key');
    expect(messageVerification(at(25), record('key-changed', [10, 20]))).toBe('key-changed');
  });
});
