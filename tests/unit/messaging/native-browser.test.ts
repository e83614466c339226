/**
 * The content script's extension API (src/messaging/native-browser.ts): only the global's own
 * `browser` or `chrome`, never a name that reaches the global through its prototype chain, which
 * is where a window's named properties (elements and frames the page names) live.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('wxt/browser', () => ({ browser: {} }));
const { ownExtensionApi } = await import('../../../src/messaging/native-browser');

const api = (id: string) => ({ runtime: { id } });

describe('ownExtensionApi', () => {
  it("takes the global's own browser, else its own chrome", () => {
    const both = { browser: api('b'), chrome: api('c') };
    expect(ownExtensionApi(both)).toBe(both.browser);
    const chromeOnly = { chrome: api('c') };
    expect(ownExtensionApi(chromeOnly)).toBe(chromeOnly.chrome);
  });

  it('never takes a `browser` the page put on the prototype chain (named properties), even with a runtime id', () => {
    const namedProperties = { browser: api('from-the-page') };
    const global = Object.create(namedProperties) as Record<string, unknown>;
    global.chrome = api('c');
    expect((global as { browser?: unknown }).browser).toBe(namedProperties.browser); // what WXT's shim would read
    expect(ownExtensionApi(global)).toBe(global.chrome);
  });

  it('refuses a context without an API, or one whose runtime has no id', () => {
    expect(() => ownExtensionApi(Object.create({ chrome: api('x') }))).toThrow();
    expect(() => ownExtensionApi({ chrome: { runtime: {} } })).toThrow();
  });
});
