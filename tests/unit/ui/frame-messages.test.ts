import { describe, expect, it } from 'vitest';
import { MAX_FRAME_HEIGHT, isFrameMessage, placementMessage, resizeMessage, shownMessage, stateChangedMessage } from '../../../src/ui/frame-messages';
// The content script builds the fragments, the frames parse them: both sides of the contract.
import { composeFrameHash, readerFrameHash, statusFrameHash } from '../../../src/instagram/frame-urls';
import { parseReaderHash, parseStatusHash, parseThreadHash } from '../../../src/ui/frame-hash';

describe('frame messages', () => {
  it('accepts exactly the four shapes', () => {
    expect(isFrameMessage({ source: 'sealed-dms', type: 'resize', height: 120 })).toBe(true);
    expect(isFrameMessage({ source: 'sealed-dms', type: 'resize', height: 0 })).toBe(true);
    expect(isFrameMessage({ source: 'sealed-dms', type: 'state-changed' })).toBe(true);
    expect(isFrameMessage(resizeMessage(10.2))).toBe(true);
    expect(isFrameMessage(stateChangedMessage())).toBe(true);
    expect(isFrameMessage(placementMessage(true))).toBe(true);
    expect(isFrameMessage({ source: 'sealed-dms', type: 'placement', above: false })).toBe(true);
    expect(isFrameMessage(shownMessage())).toBe(true);
  });

  it('refuses anything else, extra fields included', () => {
    for (const value of [
      null,
      'resize',
      [],
      { source: 'sealed-dms', type: 'resize' },
      { source: 'sealed-dms', type: 'resize', height: -1 },
      { source: 'sealed-dms', type: 'resize', height: 1.5 },
      { source: 'sealed-dms', type: 'resize', height: MAX_FRAME_HEIGHT + 1 },
      { source: 'sealed-dms', type: 'resize', height: '10' },
      { source: 'sealed-dms', type: 'resize', height: 10, text: 'hi' },
      { source: 'sealed-dms', type: 'state-changed', text: 'hi' },
      { source: 'sealed-dms', type: 'state-changed', height: 10 },
      { source: 'other', type: 'state-changed' },
      { source: 'sealed-dms', type: 'placement' },
      { source: 'sealed-dms', type: 'placement', above: 'yes' },
      { source: 'sealed-dms', type: 'placement', above: true, parts: ['SDM1'] },
      { source: 'sealed-dms', type: 'send' },
      { source: 'sealed-dms', type: 'shown', messageId: 'x' },
    ]) {
      expect(isFrameMessage(value), JSON.stringify(value)).toBe(false);
    }
  });

  it('resize heights are whole, non-negative and bounded', () => {
    expect(resizeMessage(10.2).height).toBe(11);
    expect(resizeMessage(-5).height).toBe(0);
    expect(resizeMessage(Number.NaN).height).toBe(0);
    expect(resizeMessage(1e9).height).toBe(MAX_FRAME_HEIGHT);
  });
});

describe('frame addresses', () => {
  it('thread fragments: what the content script builds parses back; anything odd is null', () => {
    expect(parseThreadHash(composeFrameHash('abc_DEF-1'))).toBe('abc_DEF-1');
    expect(parseThreadHash('#t=340282366841710301244276017723107508377')).toBe('340282366841710301244276017723107508377');
    for (const hash of ['', '#', '#t=', '#t=a.b', '#t=a%20b', `#t=${'1'.repeat(65)}`, '#t=a&t=b', '#t=a&m=b', '#x=a', '#t=a&paused=page-changed']) {
      expect(parseThreadHash(hash), hash).toBeNull();
    }
  });

  it('status fragments: thread and pause', () => {
    expect(statusFrameHash(undefined)).toBe('');
    expect(parseStatusHash(statusFrameHash(undefined))).toBeNull();
    expect(parseStatusHash(statusFrameHash('123'))).toEqual({ threadId: '123', paused: null });
    expect(parseStatusHash(statusFrameHash('123', 'page-changed'))).toEqual({ threadId: '123', paused: 'page-changed' });
    expect(parseStatusHash('#t=123&paused=other')).toEqual({ threadId: '123', paused: null });
    expect(parseStatusHash('#paused=page-changed')).toBeNull();
    expect(parseStatusHash('#t=123&x=1')).toBeNull();
  });

  it('reader fragments: round trip, and only valid statuses', () => {
    const hash = readerFrameHash({ messageId: 'm_1', status: 'incomplete', part: 2, parts: 3 });
    expect(parseReaderHash(hash)).toEqual({ kind: 'failure', status: 'incomplete', part: 2, parts: 3 });
    expect(parseReaderHash(readerFrameHash({ messageId: 'AAAAAAAAAAAAAAAAAAAAAA', status: 'ok', part: 1, parts: 1 }))).toEqual({
      kind: 'message',
      messageId: 'AAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(parseReaderHash(readerFrameHash({ messageId: null, status: 'malformed', part: 0, parts: 0 }))).toEqual({
      kind: 'failure',
      status: 'malformed',
      part: null,
      parts: null,
    });
    expect(parseReaderHash('#s=tampered&p=3&n=2')).toEqual({ kind: 'failure', status: 'tampered', part: null, parts: null });
    for (const bad of ['', '#s=ok', '#m=a&s=good', '#m=a&s=ok&verified=1', '#m=a/b&s=ok', '#m=a&s=ok&s=ok', readerFrameHash({ messageId: null, status: 'ok', part: 1, parts: 1 })]) {
      expect(parseReaderHash(bad), bad).toBeNull();
    }
  });
});
