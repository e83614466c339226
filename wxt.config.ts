import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import type { InlineConfig } from 'vite';

// Build configuration for Chrome MV3 and Firefox MV3.
// Least privilege: `storage` and `alarms` plus host access to www.instagram.com only; no remote code.
export const GECKO_ID = 'sealed-dms@sealed-dms.invalid';
/** The content script: an unlisted script (entrypoints/instagram-content.ts) the manifest declares itself. */
const CONTENT_SCRIPT = 'instagram-content';

export default defineConfig({
  // Entrypoints live at the repository root (`entrypoints/`), logic in `src/` with explicit imports.
  srcDir: '.',
  // Overridable so two builds (e.g. parallel test runs) do not overwrite each other.
  outDir: process.env.SEALED_DMS_OUT_DIR ?? '.output',
  imports: false,
  // webextension-polyfill serves every entrypoint but the content script (see keepPolyfillOut).
  modules: ['@wxt-dev/webextension-polyfill'],
  hooks: {
    'vite:build:extendConfig': (entrypoints, config) => {
      // Also the reader frame's script (one per chat bubble, kept small: src/ui/reader/start.ts).
      if (entrypoints.some((entrypoint) => entrypoint.name === CONTENT_SCRIPT || entrypoint.name === 'reader-frame-app')) keepPolyfillOut(config);
    },
  },
  targetBrowsers: ['chrome', 'firefox'],
  manifestVersion: 3,
  // No modulepreload polyfill: every supported browser has modulepreload, and the reader frame
  // (loaded once per bubble) would fetch it as an extra script.
  vite: () => ({ plugins: [preact()], build: { modulePreload: { polyfill: false } } }),
  manifest: ({ browser }) => ({
    name: 'Sealed DMs',
    description: 'End-to-end encryption for Instagram web direct messages. Instagram carries only ciphertext.',
    // alarms: the auto-lock check wakes a stopped worker (entrypoints/background.ts).
    permissions: ['storage', 'alarms'],
    host_permissions: ['https://www.instagram.com/*'],
    // Declared here rather than through WXT's defineContentScript, whose context a page can end
    // (src/instagram/script-context.ts).
    content_scripts: [{ matches: ['https://www.instagram.com/*'], js: [`${CONTENT_SCRIPT}.js`], run_at: 'document_idle' }],
    // Extension-origin frames the content script places on instagram.com. `use_dynamic_url`
    // (Chrome) gives them a per-session URL so the page cannot fingerprint the extension id.
    web_accessible_resources: [
      { resources: ['status-frame.html', 'compose-frame.html', 'reader-frame.html', 'card-offer-frame.html'], matches: ['https://www.instagram.com/*'], use_dynamic_url: true },
    ],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self' https://www.instagram.com",
    },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: GECKO_ID,
          strict_min_version: '140.0',
          data_collection_permissions: { required: ['none'] },
        },
        gecko_android: { strict_min_version: '142.0' },
      },
    }),
  }),
});

/**
 * The content script is injected into every instagram.com page, so it uses the browser's own
 * promise-based `browser` (Firefox) or `chrome` (Chromium, whose content scripts have no
 * `browser`) instead of the polyfill's ~11 KB: its `wxt/browser` is src/messaging/native-browser.ts, which takes only the
 * global's own property (not WXT's shim, which a page's named element can fool). Its only listener
 * answers with sendResponse (src/messaging/async-listener.ts), which works without the polyfill in
 * every supported browser. The build fails if the polyfill still gets into a content script.
 */
function keepPolyfillOut(config: InlineConfig): void {
  const native = fileURLToPath(new URL('./src/messaging/native-browser.ts', import.meta.url));
  const alias = config.resolve?.alias;
  if (Array.isArray(alias)) config.resolve!.alias = [...alias.filter((entry) => entry.find !== 'wxt/browser'), { find: 'wxt/browser', replacement: native }];
  else config.resolve = { ...config.resolve, alias: { ...(alias as Record<string, string> | undefined), 'wxt/browser': native } };
  (config.plugins ??= []).push({
    name: 'sealed-dms:no-polyfill-in-content-script',
    enforce: 'pre',
    resolveId(source) {
      if (source.includes('webextension-polyfill')) this.error(`content script must not bundle webextension-polyfill (imported as ${source})`);
    },
  });
}
