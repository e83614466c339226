/**
 * Card offers: an incoming message bubble that holds an invite code gets a small extension-origin
 * frame after its text (card-offer-frame.html) that offers to add the sender as a contact.
 *
 * The content script only finds the code's shape (dom/invite-code.ts) and passes it, with the chat's
 * counterpart username from the header, in the frame's fragment: `#c=<code>[&u=<username>]`. Both
 * are public (the page shows the code, and the header the username) and both are hints: the frame
 * asks the background, which decodes and checks the code itself, says whether it is our own or an
 * existing contact's, and adds it only when the user clicks. Outgoing bubbles (our own code, sent
 * by us) get nothing.
 *
 * Like the reader (reader.ts): only message text of rows Instagram has acknowledged and whose
 * direction is known; one mount per row node (WeakMap) checked against a cacheKey, so re-scans
 * change nothing, an edited bubble is re-mounted, and rows the virtualized list threw away take
 * their frame with them. The code's text stays visible: nothing of the page is hidden or removed.
 */
import { readMessages, type MessageRow } from './dom/messages';
import { findInviteCode, INVITE_PREFIX } from './dom/invite-code';
import type { DomProbe } from './dom/probe';
import type { MessageListRef } from './dom/thread';
import type { FrameHost, OwnFrame } from './frame-host';
import { RowMounts, type RowMount } from './row-mounts';

const DEFAULT_HEIGHT = 96;
const MAX_HEIGHT = 600;
const FRAME_STYLE = `width:300px;max-width:100%;height:${DEFAULT_HEIGHT}px;margin:4px 0;`;

/** The card-offer frame's fragment (parsed by src/ui/card-offer/card-offer-hash.ts). */
export function cardOfferHash(code: string, username: string | null): string {
  const pairs = [`c=${encodeURIComponent(code)}`];
  if (username !== null) pairs.push(`u=${encodeURIComponent(username)}`);
  return `#${pairs.join('&')}`;
}

/** What a row offers: its frame fragment and the key its mount is checked against; undefined for nothing. */
export function offerOf(row: MessageRow, listHasIds: boolean, username: string | null): { cacheKey: string; hash: string } | undefined {
  if (row.direction !== 'incoming' || (row.key === undefined && listHasIds)) return undefined;
  const code = findInviteCode(row.text);
  if (code === undefined) return undefined;
  const hash = cardOfferHash(code, username);
  return { cacheKey: `${row.key}${hash}`, hash };
}

interface Mount extends RowMount {
  cacheKey: string;
}

export class CardOffers {
  readonly #mounts: RowMounts<Mount>;
  readonly #frames: FrameHost;
  readonly #probe: Partial<DomProbe> | undefined;

  constructor(frames: FrameHost, probe?: Partial<DomProbe>) {
    this.#frames = frames;
    this.#probe = probe;
    this.#mounts = new RowMounts(frames);
  }

  /** One pass over the rows of the open thread's list; `username`: the 1:1 chat's counterpart, else null. */
  scan(list: MessageListRef, username: string | null): void {
    for (const m of this.#mounts.gone()) this.#mounts.remove(m);
    // Most lists hold no code at all: one text search spares reading every row.
    if (!(list.root.textContent ?? '').includes(INVITE_PREFIX)) return this.clear();
    const rows = readMessages(list, username ? { probe: this.#probe, counterparts: [username] } : { probe: this.#probe });
    const listHasIds = list.era === 'group' || list.era === 'grid' || rows.some((r) => r.key !== undefined);
    for (const row of rows) {
      const offer = offerOf(row, listHasIds, username);
      const mount = this.#mounts.of(row.row);
      if (mount && offer && mount.cacheKey === offer.cacheKey && this.#frames.intact(mount.frame) && row.row.contains(mount.frame.iframe)) continue;
      if (mount) this.#mounts.remove(mount);
      const last = row.textElements[row.textElements.length - 1];
      if (!offer || !last?.parentNode) continue;
      const frame = this.#frames.create('/card-offer-frame.html', offer.hash, 'Sealed DMs invite code', FRAME_STYLE);
      // Off-screen rows of the list load their frame only when scrolled near.
      frame.iframe.setAttribute('loading', 'lazy');
      last.after(frame.iframe);
      this.#mounts.add({ frame, cacheKey: offer.cacheKey, row: row.row });
    }
  }

  /** Removes every card-offer frame (leaving the thread). */
  clear(): void {
    for (const m of this.#mounts.all()) this.#mounts.remove(m);
  }

  /** A card-offer frame reported its content height; false if the frame is not one of ours. */
  resize(frame: OwnFrame, height: number): boolean {
    if (!this.#mounts.withFrame(frame)) return false;
    frame.iframe.style.setProperty('height', `${Math.min(MAX_HEIGHT, Math.max(16, height))}px`, 'important');
    return true;
  }
}
