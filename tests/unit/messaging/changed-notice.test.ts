/**
 * The `changed` notice (src/messaging/changed-notice.ts): taken only in its exact shape, only from
 * this extension's own pages or background (never from a tab, where our content script runs), and
 * never answered.
 */
import { describe, expect, it } from 'vitest';
import { CHANGED_NOTICE, onChangedNotice, type NoticeRuntime } from '../../../src/messaging/changed-notice';
import { MESSAGE_TAG } from '../../../src/messaging/protocol';

type Listener = Parameters<NoticeRuntime['onMessage']['addListener']>[0];

function fakeRuntime() {
  const listeners = new Set<Listener>();
  const runtime: NoticeRuntime = {
    id: 'ext-id',
    onMessage: { addListener: (l) => listeners.add(l), removeListener: (l) => listeners.delete(l) },
  };
  const deliver = (message: unknown, sender: { id?: string; tab?: unknown }) => [...listeners].map((l) => l(message, sender));
  return { runtime, deliver, listeners };
}

const BACKGROUND = { id: 'ext-id', url: 'chrome-extension://ext-id/background.js' };

describe('changed notice', () => {
  it('calls back for the notice from this extension’s background, answers nothing, and stops when unsubscribed', () => {
    const { runtime, deliver, listeners } = fakeRuntime();
    let calls = 0;
    const stop = onChangedNotice(runtime, () => calls++);
    expect(deliver(structuredClone(CHANGED_NOTICE), BACKGROUND)).toEqual([undefined]);
    expect(calls).toBe(1);
    stop();
    expect(listeners.size).toBe(0);
    deliver(CHANGED_NOTICE, BACKGROUND);
    expect(calls).toBe(1);
  });

  it('ignores look-alikes, other senders and other messages', () => {
    const { runtime, deliver } = fakeRuntime();
    let calls = 0;
    onChangedNotice(runtime, () => calls++);
    deliver(CHANGED_NOTICE, { id: 'other-extension' });
    deliver(CHANGED_NOTICE, {});
    deliver(CHANGED_NOTICE, { id: 'ext-id', tab: { id: 1 } }); // a content script of ours
    deliver({ ...CHANGED_NOTICE, extra: 1 }, BACKGROUND);
    deliver({ tag: MESSAGE_TAG, notice: 'locked' }, BACKGROUND);
    deliver({ tag: 'other', notice: 'changed' }, BACKGROUND);
    deliver({ tag: MESSAGE_TAG, channel: 'privileged', type: 'status', payload: {} }, BACKGROUND);
    deliver('changed', BACKGROUND);
    deliver(null, BACKGROUND);
    expect(calls).toBe(0);
  });
});
