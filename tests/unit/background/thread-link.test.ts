import { describe, expect, it } from 'vitest';
import { contactByUsername, linkedContact, MAX_THREADS_PER_CONTACT, withThread } from '../../../src/background/thread-link';
import { sampleContact } from '../vault/helpers';

describe('thread links', () => {
  it('finds the linked contact first, else the username (normalized); keeps links bounded', () => {
    const a = sampleContact('a', { instagramUsername: 'ann', threads: [{ threadId: '1', encrypt: false }] });
    const b = sampleContact('b', { instagramUsername: 'bob', threads: [] });
    expect(linkedContact([a, b], '1')).toEqual({ contact: a, setting: { threadId: '1', encrypt: false } });
    expect(linkedContact([a, b], '2')).toBeUndefined();
    expect(contactByUsername([a, b], ' @Bob ')).toBe(b);
    expect(contactByUsername([a, b], 'not a name')).toBeUndefined();
    expect(contactByUsername([a, b], null)).toBeUndefined();

    let c = b;
    for (let i = 0; i < MAX_THREADS_PER_CONTACT + 5; i++) c = withThread(c, `t${i}`, true);
    expect(c.threads).toHaveLength(MAX_THREADS_PER_CONTACT);
    expect(c.threads[0]!.threadId).toBe('t5'); // the oldest links went first
    c = withThread(c, 't10', false);
    expect(c.threads.at(-1)).toEqual({ threadId: 't10', encrypt: false });
    expect(c.threads.filter((t) => t.threadId === 't10')).toHaveLength(1);
  });
});
