/** Where the built extension and the browsers are. Browser paths are overridable by environment. */
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
/** The build to test: `.output` unless SEALED_DMS_OUT_DIR (also read by wxt.config.ts) says otherwise. */
export const OUTPUT_DIR = resolve(ROOT, process.env.SEALED_DMS_OUT_DIR ?? '.output');
export const CHROME_BUILD = resolve(OUTPUT_DIR, 'chrome-mv3');
export const FIREFOX_BUILD = resolve(OUTPUT_DIR, 'firefox-mv3');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
