import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Build configuration for Chrome MV3 and Firefox MV3.
// Least privilege: `storage` plus host access to www.instagram.com only; no remote code.
export const GECKO_ID = 'sealed-dms@sealed-dms.invalid';

export default defineConfig({
  // Entrypoints live at the repository root (`entrypoints/`), logic in `src/` with explicit imports.
  srcDir: '.',
  // Overridable so two builds (e.g. parallel test runs) do not overwrite each other.
  outDir: process.env.SEALED_DMS_OUT_DIR ?? '.output',
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  targetBrowsers: ['chrome', 'firefox'],
  manifestVersion: 3,
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'Sealed DMs',
    description: 'End-to-end encryption for Instagram web direct messages. Instagram carries only ciphertext.',
    permissions: ['storage'],
    host_permissions: ['https://www.instagram.com/*'],
    // Extension-origin frames the content script places on instagram.com. `use_dynamic_url`
    // (Chrome) gives them a per-session URL so the page cannot fingerprint the extension id.
    web_accessible_resources: [
      { resources: ['status-frame.html', 'compose-frame.html', 'reader-frame.html'], matches: ['https://www.instagram.com/*'], use_dynamic_url: true },
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
