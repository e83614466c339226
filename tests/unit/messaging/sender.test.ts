import { describe, expect, it } from 'vitest';
import { classifySender, isFromBackground, type SenderInfo } from '../../../src/messaging/sender';

const self = { id: 'ext-id', baseUrl: 'chrome-extension://ext-id/' };
const tab = { id: 7 };

describe('classifySender', () => {
  it('recognises our extension pages, also when framed inside an instagram tab', () => {
    expect(classifySender({ id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' }, self)).toBe('extension-page');
    expect(
      classifySender({ id: 'ext-id', url: 'chrome-extension://ext-id/status-frame.html', origin: 'chrome-extension://ext-id', tab, frameId: 3 }, self),
    ).toBe('extension-page');
  });

  it('recognises our content script in a top-level instagram.com document', () => {
    expect(classifySender({ id: 'ext-id', url: 'https://www.instagram.com/direct/t/1/', origin: 'https://www.instagram.com', tab, frameId: 0 }, self)).toBe(
      'content-script',
    );
    // Firefox does not set `origin`.
    expect(classifySender({ id: 'ext-id', url: 'https://www.instagram.com/direct/t/1/', tab, frameId: 0 }, self)).toBe('content-script');
  });

  const untrusted: Array<[string, SenderInfo]> = [
    ['another extension', { id: 'evil', url: 'chrome-extension://evil/popup.html' }],
    ['no id', { url: 'chrome-extension://ext-id/popup.html' }],
    ['no url', { id: 'ext-id', tab, frameId: 0 }],
    ['another site', { id: 'ext-id', url: 'https://evil.example/direct/', tab, frameId: 0 }],
    ['instagram look-alike host', { id: 'ext-id', url: 'https://www.instagram.com.evil.example/', tab, frameId: 0 }],
    ['instagram over http', { id: 'ext-id', url: 'http://www.instagram.com/direct/', tab, frameId: 0 }],
    ['instagram sub-frame', { id: 'ext-id', url: 'https://www.instagram.com/direct/', tab, frameId: 2 }],
    ['instagram without a tab', { id: 'ext-id', url: 'https://www.instagram.com/direct/', frameId: 0 }],
    ['origin disagreeing with url', { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html', origin: 'https://www.instagram.com' }],
    ['unparsable url', { id: 'ext-id', url: 'not a url' }],
  ];
  it.each(untrusted)('refuses %s', (_name, sender) => {
    expect(classifySender(sender, self)).toBe('untrusted');
  });
});

describe('isFromBackground', () => {
  it('accepts only our own id without a tab', () => {
    expect(isFromBackground({ id: 'ours' }, 'ours')).toBe(true);
    expect(isFromBackground({ id: 'ours', tab: { id: 3 } }, 'ours')).toBe(false);
    expect(isFromBackground({ id: 'other' }, 'ours')).toBe(false);
    expect(isFromBackground({}, 'ours')).toBe(false);
    expect(isFromBackground(undefined, 'ours')).toBe(false);
  });
});
