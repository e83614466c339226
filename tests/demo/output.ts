/** Where the demo writes, and the checks both demo scripts start with. */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { CHROME_BUILD, ROOT } from '../browser/harness/paths';

/** The screenshots' and measurements' viewport. */
export const VIEWPORT = { width: 1000, height: 800 } as const;

/** docs/demo/: the screenshots and figures.json, committed. */
export const DEMO_DIR = resolve(ROOT, 'docs/demo');

/** Exits with a hint unless the Chrome build exists (the demo builds nothing itself). */
export function requireChromeBuild(): void {
  if (existsSync(resolve(CHROME_BUILD, 'manifest.json'))) return;
  console.error(
    `No Chrome build in ${relative(ROOT, CHROME_BUILD) || CHROME_BUILD}/. Run \`npm run build\` first ` +
      '(or point SEALED_DMS_OUT_DIR at the output folder of a build).',
  );
  process.exit(1);
}

/** Headed when there is a display to show the windows on. */
export function hasDisplay(): boolean {
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** `import.meta.url` of the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && resolve(entry) === resolve(new URL(moduleUrl).pathname);
}
