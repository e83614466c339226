import { describe, expect, it } from 'vitest';
import { readBubbles } from '../../../src/background/bubble-payloads';
import { PendingParts } from '../../../src/background/pending-parts';
import { armor, parseArmor, type ArmorMessagePart } from '../../../src/protocol/armor';
import { messageId } from '../../../src/protocol/message-id';

const payloadOf = (n: number, seed: number) => new Uint8Array(n).map((_, i) => (i * 13 + seed) & 0xff);
const partsOf = (text: string) => parseArmor(text).filter((p): p is ArmorMessagePart => p.kind === 'part');
const bubble = (key: string, ...parts: string[]) => ({ key, parts, outgoing: false });

describe('PendingParts', () => {
  it('collects parts per armor id and keeps them after completion', () => {
    const pending = new PendingParts();
    const parts = armor(payloadOf(2000, 1)).flatMap(partsOf);
    const id = parts[0]!.id!;
    expect(pending.add(id, [parts[2]!])).toBe('ok');
    expect(pending.add(id, [parts[0]!, parts[0]!])).toBe('ok');
    expect(pending.get(id).map((p) => p.index)).toEqual([0, 2]);
    expect(pending.add(id, [parts[1]!, parts[3]!])).toBe('ok');
    expect(pending.get(id)).toHaveLength(4);
    expect(pending.size).toEqual({ messages: 1, bytes: 2000 });
  });

  it('forgets a message when a part contradicts it', () => {
    const pending = new PendingParts();
    const parts = armor(payloadOf(2000, 1)).flatMap(partsOf);
    const id = parts[0]!.id!;
    pending.add(id, [parts[0]!]);
    const altered = { ...parts[0]!, body: parts[0]!.body.map((b, i) => (i === 5 ? b ^ 1 : b)) };
    expect(pending.add(id, [parts[1]!, altered])).toBe('conflict');
    expect(pending.get(id)).toEqual([]);
    expect(pending.size).toEqual({ messages: 0, bytes: 0 });
    expect(pending.add(id, [{ ...parts[1]!, count: 9 }])).toBe('ok'); // a new entry takes its count from the first part
    expect(pending.add(id, [parts[2]!])).toBe('conflict');
  });

  it('stays within its bounds, dropping the least recently touched message', () => {
    const pending = new PendingParts({ maxMessages: 3, maxBytes: 5000 });
    const messages = [1, 2, 3, 4].map((seed) => armor(payloadOf(1400, seed)).flatMap(partsOf));
    for (const m of messages.slice(0, 3)) pending.add(m[0]!.id!, [m[0]!]);
    pending.add(messages[0]![0]!.id!, [messages[0]![1]!]); // touch the first
    pending.add(messages[3]![0]!.id!, [messages[3]![0]!]);
    expect(pending.size.messages).toBe(3);
    expect(pending.get(messages[1]![0]!.id!)).toEqual([]); // the oldest untouched one went
    expect(pending.get(messages[0]![0]!.id!)).toHaveLength(2);
    // Bytes: adding whole messages pushes out older ones.
    for (const m of messages) pending.add(m[0]!.id!, m);
    expect(pending.size.bytes).toBeLessThanOrEqual(5000);
    expect(pending.get(messages[3]![0]!.id!)).toHaveLength(3);
  });
});

describe('readBubbles', () => {
  it('reads single parts at once and multi-part messages when all parts were seen, in any order', () => {
    const pending = new PendingParts();
    const single = payloadOf(300, 7);
    const multi = payloadOf(2000, 9);
    const parts = armor(multi);
    const first = readBubbles(pending, [bubble('s', ...armor(single)), bubble('m3', parts[3]!), bubble('m1', parts[1]!)]);
    expect(first[0]).toMatchObject({ kind: 'whole', messageId: messageId(single), part: 1, parts: 1 });
    expect(first[1]).toEqual({ kind: 'incomplete', part: 4, parts: 4 });
    expect(first[2]).toEqual({ kind: 'incomplete', part: 2, parts: 4 });
    const second = readBubbles(pending, [bubble('m2', parts[2]!), bubble('m0', `some text ${parts[0]!} more`)]);
    expect(second.map((r) => r.kind === 'whole' && r.messageId)).toEqual([messageId(multi), messageId(multi)]);
    // Read again alone later: still whole (complete messages stay in memory).
    expect(readBubbles(pending, [bubble('m3', parts[3]!)])[0]).toMatchObject({ kind: 'whole', part: 4 });
  });

  it('reports malformed, unsupported and tampered bubbles without a message id', () => {
    const pending = new PendingParts();
    const parts = armor(payloadOf(2000, 3));
    const body = parts[1]!;
    const flipped = body.slice(0, 40) + (body[40] === 'A' ? 'B' : 'A') + body.slice(41);
    const results = readBubbles(pending, [
      bubble('none', 'just words'),
      bubble('cut', parts[0]!.slice(0, 100)),
      bubble('new', 'SDM2' + 'A'.repeat(40)),
      bubble('p0', parts[0]!),
      bubble('p1', flipped),
      bubble('p2', parts[2]!),
      bubble('p3', parts[3]!),
    ]);
    expect(results.slice(0, 3)).toEqual([
      { kind: 'failed', status: 'malformed', part: 0, parts: 0 },
      { kind: 'failed', status: 'malformed', part: 0, parts: 0 },
      { kind: 'failed', status: 'unsupported-version', part: 0, parts: 0 },
    ]);
    // The joined payload does not match its armor id: altered ('tampered'), and forgotten.
    expect(results.slice(3).map((r) => r.kind === 'failed' && r.status)).toEqual(['tampered', 'tampered', 'tampered', 'tampered']);
    expect(pending.size.messages).toBe(0);
    // Clean copies read later rebuild it.
    const clean = readBubbles(pending, parts.map((p, i) => bubble(`c${i}`, p)));
    expect(clean.every((r) => r.kind === 'whole')).toBe(true);
  });

  it('treats two different bodies for one part as malformed', () => {
    const pending = new PendingParts();
    const parts = armor(payloadOf(2000, 5));
    const other = armor(payloadOf(2000, 6));
    // Same id and header, different body: graft another message's body onto part 0's header.
    const forged = parts[0]!.slice(0, 16) + other[0]!.slice(16);
    const results = readBubbles(pending, [bubble('a', parts[0]!), bubble('b', forged), bubble('c', parts[1]!)]);
    expect(results.map((r) => r.kind === 'failed' && r.status)).toEqual(['malformed', 'malformed', 'malformed']);
  });
});
