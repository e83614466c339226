/**
 * Builds the page's JavaScript (client/main.ts with lexical@0.52.0 and @lexical/plain-text@0.52.0
 * from node_modules) with esbuild, once per process, in memory. Nothing built is committed.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface ClientBundle {
  js: string;
  /** Short content hash, used in the asset's URL like Instagram's hashed bundle names. */
  hash: string;
}

let cached: Promise<ClientBundle> | undefined;

export function clientBundle(): Promise<ClientBundle> {
  cached ??= (async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./client/main.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2022',
      platform: 'browser',
      // Lexical's entry chooses its dev or prod build from NODE_ENV.
      define: { 'process.env.NODE_ENV': '"production"' },
      legalComments: 'none',
      logLevel: 'silent',
    });
    const js = result.outputFiles[0]!.text;
    return { js, hash: createHash('sha256').update(js).digest('hex').slice(0, 12) };
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
