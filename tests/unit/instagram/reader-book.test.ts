/**
 * The reader's bookkeeping (src/instagram/reader-book.ts): each bubble asked about once, bounded
 * requests, 'incomplete' retried when new rows arrive, back-off after failures, invalidation.
 */
import { describe, expect, it } from 'vitest';
import type { PayloadItem, PayloadResult } from '../../../src/messaging/protocol';
import { MAX_ITEMS_PER_REQUEST, ReaderBook, validResult, type SeenBubble } from '../../../src/instagram/reader-book';

const bubble = (n: number, outgoing = false): SeenBubble => ({ cacheKey: `t\nmid.$${n}\nSDM1part${n}`, parts: [`SDM1part${n}`], outgoing });

function answer(items: PayloadItem[], status: PayloadResult['status'] = 'ok'): PayloadResult[] {
  return items.map((it, i) => ({ key: it.key, messageId: status === 'ok' ? `msg${i}` : null, status, part: 1, parts: 1 }));
}

function clock() {
  let t = 1000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('ReaderBook', () => {
  it('asks about each bubble once, and answers re-created rows from the cache', () => {
    const c = clock();
    const book = new ReaderBook(c.now);
    const visible = [bubble(1), bubble(2, true)];
    const items = book.plan(visible);
    expect(items.map((i) => [i.parts, i.outgoing])).toEqual([[['SDM1part1'], false], [['SDM1part2'], true]]);
    // In flight: a re-scan (new row nodes, same content) asks nothing.
    expect(book.plan(visible)).toEqual([]);
    expect(book.accept(items, answer(items))).toEqual(visible.map((b) => b.cacheKey));
    expect(book.plan(visible)).toEqual([]);
    expect(book.result(visible[0]!.cacheKey)).toEqual({ messageId: 'msg0', status: 'ok', part: 1, parts: 1 });
  });

  it('request keys are short local ids, never the page text', () => {
    const book = new ReaderBook(clock().now);
    const long: SeenBubble = { cacheKey: `t\nmid.$1\n${'SDM1'.padEnd(900, 'A')}`, parts: ['SDM1'.padEnd(900, 'A')], outgoing: false };
    const [item] = book.plan([long]);
    expect(item!.key.length).toBeLessThan(16);
  });

  it('sends at most 64 bubbles per request; the rest on the next one', () => {
    const book = new ReaderBook(clock().now);
    const many = Array.from({ length: 100 }, (_, i) => bubble(i));
    const first = book.plan(many);
    expect(first).toHaveLength(MAX_ITEMS_PER_REQUEST);
    book.accept(first, answer(first));
    expect(book.plan(many)).toHaveLength(100 - MAX_ITEMS_PER_REQUEST);
  });

  it("retries 'incomplete' bubbles only together with new rows", () => {
    const book = new ReaderBook(clock().now);
    const part1 = bubble(1);
    const first = book.plan([part1]);
    book.accept(first, answer(first, 'incomplete'));
    expect(book.plan([part1])).toEqual([]);
    const part2 = bubble(2);
    const second = book.plan([part1, part2]);
    expect(second.map((i) => i.parts[0])).toEqual(['SDM1part2', 'SDM1part1']);
    expect(book.accept(second, answer(second))).toEqual([part2.cacheKey, part1.cacheKey]);
  });

  it("a completed multi-part message makes 'incomplete' bubbles that left the screen be asked again when they come back", () => {
    const book = new ReaderBook(clock().now);
    const part = (n: number): SeenBubble => bubble(n);
    // Parts 2 and 3 seen first (scrolling up), answered 'incomplete'; then they leave the list.
    const later = book.plan([part(2), part(3)]);
    book.accept(later, answer(later, 'incomplete'));
    // Part 1 alone completes the message (the background kept the other parts).
    const first = book.plan([part(1)]);
    book.accept(first, first.map((it) => ({ key: it.key, messageId: 'whole', status: 'ok', part: 1, parts: 3 })));
    // Parts 2 and 3 mounted again: asked again, not answered 'incomplete' from the cache, and with
    // part 1 (its answer is known): the background may have lost the parts it kept (worker restart).
    expect(book.result(part(2).cacheKey)).toBeUndefined();
    const again = book.plan([part(1), part(2), part(3)]);
    expect(again.map((i) => i.parts[0])).toEqual(['SDM1part2', 'SDM1part3', 'SDM1part1']);
    book.accept(again, again.map((it, i) => ({ key: it.key, messageId: 'whole', status: 'ok', part: [2, 3, 1][i]!, parts: 3 })));
    // Everything answered: nothing more to ask, and no endless re-asking of the completed message.
    expect(book.plan([part(1), part(2), part(3)])).toEqual([]);
    expect(book.plan([part(1), part(2), part(3), part(4)]).map((i) => i.parts[0])).toEqual(['SDM1part4']);
  });

  it("asks again about visible 'incomplete' bubbles every retryMs, even without new rows (the background may have lost its parts)", () => {
    const c = clock();
    const book = new ReaderBook(c.now, 5000);
    const parts = [bubble(1), bubble(2)];
    const first = book.plan(parts);
    book.accept(first, answer(first, 'incomplete'));
    expect(book.plan(parts)).toEqual([]);
    c.advance(4999);
    expect(book.plan(parts)).toEqual([]);
    c.advance(1);
    const again = book.plan(parts);
    expect(again.map((i) => i.parts[0])).toEqual(['SDM1part1', 'SDM1part2']);
    book.accept(again, answer(again, 'incomplete'));
    // Not hammered: the next time only after another retryMs.
    expect(book.plan(parts)).toEqual([]);
  });

  it('backs off after a failed request instead of asking on every mutation', () => {
    const c = clock();
    const book = new ReaderBook(c.now, 5000);
    const items = book.plan([bubble(1)]);
    book.failed(items);
    expect(book.plan([bubble(1)])).toEqual([]);
    c.advance(5001);
    expect(book.plan([bubble(1)])).toHaveLength(1);
  });

  it('an unanswered or malformed result is retried later, never shown', () => {
    const c = clock();
    const book = new ReaderBook(c.now, 5000);
    const items = book.plan([bubble(1), bubble(2)]);
    book.accept(items, [{ key: items[1]!.key, messageId: 'bad id!', status: 'ok', part: 1, parts: 1 }]);
    expect(book.result(bubble(1).cacheKey)).toBeUndefined();
    expect(book.result(bubble(2).cacheKey)).toBeUndefined();
    c.advance(5001);
    expect(book.plan([bubble(1), bubble(2)])).toHaveLength(2);
  });

  it('invalidate drops every answer but ok (after unlocking, adding a contact, ...)', () => {
    const book = new ReaderBook(clock().now);
    const a = book.plan([bubble(1)]);
    book.accept(a, answer(a, 'locked'));
    const b = book.plan([bubble(2)]);
    book.accept(b, answer(b, 'ok'));
    book.invalidate();
    expect(book.result(bubble(1).cacheKey)).toBeUndefined();
    expect(book.result(bubble(2).cacheKey)).toBeDefined();
    expect(book.plan([bubble(1), bubble(2)]).map((i) => i.parts[0])).toEqual(['SDM1part1']);
  });

  it('validResult refuses statuses, ids and part numbers a frame URL must not carry', () => {
    const ok = { key: 'b0', messageId: 'AbC-_9', status: 'ok', part: 1, parts: 2 } as const;
    expect(validResult(ok)).toEqual({ messageId: 'AbC-_9', status: 'ok', part: 1, parts: 2 });
    expect(validResult({ ...ok, messageId: null, status: 'malformed' })).toBeDefined();
    expect(validResult({ ...ok, status: 'decrypted' as never })).toBeUndefined();
    expect(validResult({ ...ok, messageId: 'a&s=ok' })).toBeUndefined();
    expect(validResult({ ...ok, part: 3 })).toBeUndefined();
    expect(validResult({ ...ok, parts: 65 })).toBeUndefined();
    expect(validResult({ ...ok, part: 0 })).toBeUndefined();
  });
});
