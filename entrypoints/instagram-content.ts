import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startContentScript } from '../src/instagram/content-main';
import { ScriptContext } from '../src/instagram/script-context';

// The content script, declared in the manifest by wxt.config.ts (not through WXT's content-script
// wrapper, whose context a page can end: src/instagram/script-context.ts). It runs on every
// instagram.com page (the site is a single-page app); src/instagram decides where to act. Once the
// extension is updated or removed, its runtime id is gone and the script stops.
export default defineUnlistedScript(() => startContentScript(new ScriptContext(() => browser.runtime?.id !== undefined)));
