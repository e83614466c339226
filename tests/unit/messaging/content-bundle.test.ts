/**
 * The content script (injected into every instagram.com page) must not carry what only the
 * background uses: the privileged channel's request guards. Bundles the content script's code the
 * way the extension build does (tree-shaken, minified) and looks for privileged-only field names.
 */
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';

const ENTRY = fileURLToPath(new URL('../../../src/instagram/content-main.ts', import.meta.url));

async function bundleContentScript(): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: true, lib: { entry: ENTRY, formats: ['es'] }, rollupOptions: { external: [/^wxt\//] } },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const outputs = Array.isArray(output) ? output : [output];
  return outputs.flatMap((o) => o.output).map((chunk) => ('code' in chunk ? chunk.code : '')).join('\n');
}

describe('content script bundle', () => {
  it('leaves out the privileged request guards', async () => {
    const code = await bundleContentScript();
    expect(code).toContain('sealed-dms/v1'); // the bundle is the content script's messaging
    // Field names that only privileged requests have (src/messaging/protocol.ts privilegedRequestGuards).
    for (const field of ['replaceExisting', 'confirmKeyChange', 'passphrase', 'displayName']) expect(code).not.toContain(field);
  });
});
