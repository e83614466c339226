/**
 * From the armored text of message bubbles to whole binary payloads (docs/PROTOCOL.md "Armor"),
 * with no keys and no vault. Each bubble is read as ONE message: the first well-formed part in it
 * and the parts with the same armor id (a bubble normally holds one part). Parts of multi-part
 * messages are collected across bubbles and requests in PendingParts.
 *
 * All bubbles of a request are added before any is assembled, so the parts of one message sent
 * together complete it whatever their order.
 */
import type { PayloadItem, PayloadStatus } from '../messaging/protocol';
import { parseArmor, reassemble, type ArmorMessagePart } from '../protocol/armor';
import { messageId } from '../protocol/message-id';
import type { PendingParts } from './pending-parts';

/** `part` is 1-based; `part` and `parts` are 0 when no part could be read. */
export type BubbleRead =
  | { kind: 'whole'; payload: Uint8Array; messageId: string; part: number; parts: number }
  | { kind: 'incomplete'; part: number; parts: number }
  | { kind: 'failed'; status: PayloadStatus; part: number; parts: number };

type Parsed = { kind: 'failed'; status: PayloadStatus } | { kind: 'message'; first: ArmorMessagePart; parts: ArmorMessagePart[] };

function parseBubble(item: PayloadItem): Parsed {
  const found = item.parts.flatMap((text) => parseArmor(text));
  const good = found.filter((p): p is ArmorMessagePart => p.kind === 'part');
  const first = good[0];
  if (!first) return { kind: 'failed', status: found.some((p) => p.kind === 'unsupported') ? 'unsupported-version' : 'malformed' };
  // A single part is a whole message on its own; later single parts in the bubble are ignored.
  return { kind: 'message', first, parts: first.id === undefined ? [first] : good.filter((p) => p.id === first.id) };
}

type Assembled = { kind: 'whole'; payload: Uint8Array; messageId: string } | { kind: 'incomplete' } | { kind: 'failed'; status: PayloadStatus };

function assemble(parts: readonly ArmorMessagePart[]): Assembled {
  const joined = reassemble(parts);
  if (joined.ok) return { kind: 'whole', payload: joined.payload, messageId: messageId(joined.payload) };
  if (joined.error === 'incomplete') return { kind: 'incomplete' };
  // As docs/PROTOCOL.md suggests: a payload that fails its armor id was altered ('tampered');
  // parts that contradict each other, or nothing readable, are 'malformed'.
  return { kind: 'failed', status: joined.error === 'corrupt' ? 'tampered' : 'malformed' };
}

export function readBubbles(pending: PendingParts, items: readonly PayloadItem[]): BubbleRead[] {
  const parsed = items.map(parseBubble);
  const byId = new Map<string, Assembled>();
  for (const p of parsed) {
    if (p.kind !== 'message' || p.first.id === undefined) continue;
    const id = p.first.id;
    if (byId.get(id)?.kind === 'failed') continue;
    if (pending.add(id, p.parts) === 'conflict') byId.set(id, { kind: 'failed', status: 'malformed' });
  }
  return parsed.map((p): BubbleRead => {
    if (p.kind === 'failed') return { ...p, part: 0, parts: 0 };
    const position = { part: p.first.index + 1, parts: p.first.count };
    const id = p.first.id;
    let assembled: Assembled;
    if (id === undefined) {
      assembled = assemble(p.parts);
    } else {
      assembled = byId.get(id) ?? assemble(pending.get(id));
      // A damaged message is forgotten, so clean copies read later can rebuild it.
      if (assembled.kind === 'failed') pending.delete(id);
      byId.set(id, assembled);
    }
    return { ...assembled, ...position };
  });
}
