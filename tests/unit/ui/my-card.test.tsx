// @vitest-environment happy-dom
import { encode } from 'uqr';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toBase64url } from '../../../src/encoding/bytes';
import { en } from '../../../src/ui/i18n/en';
import { MyCardScreen } from '../../../src/ui/popup/screens/MyCardScreen';
import { byLabel, click, button, fakeNav, mount, ok, refused, scriptBackground, text, unmountAll } from './helpers';

vi.mock('../../../src/messaging/client', () => ({ request: vi.fn() }));

const cardBytes = Uint8Array.from({ length: 120 }, (_, i) => (i * 37 + 11) & 0xff);
const CARD = {
  displayName: 'Alice',
  instagram: 'alice.smith',
  code: 'SDMC1-abcdefghijklmnopqrstuvwxyz0123456789',
  qr: toBase64url(cardBytes),
  shareText: 'Add me on Sealed DMs: SDMC1-abcdefghijklmnopqrstuvwxyz0123456789',
};

let writeText: ReturnType<typeof vi.fn>;
beforeEach(() => {
  writeText = vi.fn(async () => {});
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
});
afterEach(unmountAll);

describe('my card', () => {
  it('shows the invite code, the share text and who it is for', async () => {
    scriptBackground({ myCard: () => ok(CARD) });
    const root = await mount(<MyCardScreen nav={fakeNav()} />);
    expect(byLabel<HTMLTextAreaElement>(root, en['myCard.code']).value).toBe(CARD.code);
    expect(byLabel<HTMLTextAreaElement>(root, en['myCard.code']).readOnly).toBe(true);
    expect(byLabel<HTMLTextAreaElement>(root, en['myCard.share']).value).toBe(CARD.shareText);
    expect(text(root)).toContain('Alice');
    expect(text(root)).toContain('@alice.smith');
  });

  it('draws the QR code of the card bytes, one cell per dark module', async () => {
    scriptBackground({ myCard: () => ok(CARD) });
    const root = await mount(<MyCardScreen nav={fakeNav()} />);
    const svg = root.querySelector('svg[data-testid="qr-code"]')!;
    expect(svg.getAttribute('aria-label')).toBe(en['myCard.qr']);
    const expected = encode(Array.from(cardBytes), { ecc: 'M', border: 0 });
    const dark = expected.data.flat().filter(Boolean).length;
    const cells = [...svg.querySelectorAll('[data-testid="qr-modules"] rect')];
    expect(cells).toHaveLength(dark);
    // Every drawn cell sits on a dark module of the expected matrix.
    for (const cell of cells) {
      const x = Number(cell.getAttribute('x'));
      const y = Number(cell.getAttribute('y'));
      expect(expected.data[y]?.[x]).toBe(true);
    }
    // Module count plus a 4-module quiet zone on each side.
    expect(svg.getAttribute('viewBox')).toBe(`-4 -4 ${expected.size + 8} ${expected.size + 8}`);
  });

  it('different card bytes draw a different QR code', async () => {
    scriptBackground({ myCard: () => ok({ ...CARD, qr: toBase64url(cardBytes.map((b) => b ^ 0x5a)) }) });
    const other = await mount(<MyCardScreen nav={fakeNav()} />);
    scriptBackground({ myCard: () => ok(CARD) });
    const first = await mount(<MyCardScreen nav={fakeNav()} />);
    const cells = (root: HTMLElement) => [...root.querySelectorAll('[data-testid="qr-modules"] rect')].map((r) => `${r.getAttribute('x')},${r.getAttribute('y')}`).join(';');
    expect(cells(first)).not.toBe(cells(other));
  });

  it('copies the code and the share text, with feedback', async () => {
    scriptBackground({ myCard: () => ok(CARD) });
    const root = await mount(<MyCardScreen nav={fakeNav()} />);
    await click(button(root, en['myCard.copyCode']));
    expect(writeText).toHaveBeenLastCalledWith(CARD.code);
    expect(text(root)).toContain(en['common.copied']);
    await click(button(root, en['myCard.copyShare']));
    expect(writeText).toHaveBeenLastCalledWith(CARD.shareText);
  });

  it('says so when copying fails', async () => {
    writeText.mockRejectedValue(new Error('denied'));
    scriptBackground({ myCard: () => ok(CARD) });
    const root = await mount(<MyCardScreen nav={fakeNav()} />);
    await click(button(root, en['myCard.copyCode']));
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['common.copyFailed']);
  });

  it('falls back to text when the QR bytes are not valid base64url', async () => {
    scriptBackground({ myCard: () => ok({ ...CARD, qr: 'not base64url!' }) });
    const root = await mount(<MyCardScreen nav={fakeNav()} />);
    expect(root.querySelector('svg[data-testid="qr-code"]')).toBeNull();
    expect(text(root)).toContain(en['qr.unavailable']);
    expect(byLabel<HTMLTextAreaElement>(root, en['myCard.code']).value).toBe(CARD.code);
  });

  it('a locked vault re-reads the status', async () => {
    scriptBackground({ myCard: () => refused('locked') });
    const nav = fakeNav();
    const root = await mount(<MyCardScreen nav={nav} />);
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['refusal.locked']);
    expect(nav.refresh).toHaveBeenCalled();
  });
});
