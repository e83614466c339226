// @vitest-environment happy-dom
/**
 * The synthetic `paste` of the insertion chain (src/instagram/post-dom.ts) carries the armor both
 * ways a browser may read it: the standard `clipboardData` (Chromium) and Gecko's own `dataType` /
 * `data` members (Firefox ignores `clipboardData` in ClipboardEventInit; end to end in
 * tests/browser/compose-firefox.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { pasteEventInit } from '../../../src/instagram/post-dom';

describe('pasteEventInit', () => {
  const armor = 'SDM1AbC_-09';

  it('carries the text in a DataTransfer as text/plain', () => {
    const init = pasteEventInit(armor);
    expect(init.clipboardData?.getData('text/plain')).toBe(armor);
  });

  it("carries Gecko's dataType and data members too", () => {
    expect(pasteEventInit(armor)).toMatchObject({ dataType: 'text/plain', data: armor });
  });

  it('bubbles, is cancelable and crosses shadow roots, like a real paste', () => {
    expect(pasteEventInit(armor)).toMatchObject({ bubbles: true, cancelable: true, composed: true });
  });
});
