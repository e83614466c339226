/**
 * The browser's own extension API, for the scripts built without webextension-polyfill (the
 * content script and the reader frame): wxt.config.ts points their `wxt/browser` imports here.
 *
 * Not WXT's shim, which takes `globalThis.browser` whenever it has a `runtime.id`. A Chromium
 * content script has no `browser` of its own (Chromium 156 still has none), so that name falls
 * through to the window's named properties, and the page decides those: `<iframe name="browser">`
 * holding an element with id "runtime" made the shim pick the page's frame, and the script throw
 * at start, with no guard. The browser's own API is an own property of the script's global; named
 * properties are not.
 */
import type { browser as wxtBrowser } from 'wxt/browser';

type ExtensionApi = typeof wxtBrowser;

export function ownExtensionApi(global: object): ExtensionApi {
  for (const name of ['browser', 'chrome']) {
    if (Object.hasOwn(global, name)) {
      const api = (global as Record<string, unknown>)[name] as ExtensionApi | undefined;
      if (api?.runtime?.id !== undefined) return api;
    }
  }
  throw new Error('Sealed DMs: no extension API in this context');
}

export const browser = ownExtensionApi(globalThis);
