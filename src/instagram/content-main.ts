/**
 * The content script's top level. It only finds places, moves ciphertext and positions
 * extension-origin frames: it never sees plaintext or keys (docs/ARCHITECTURE.md).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createIframeUi } from 'wxt/utils/content-script-ui/iframe';
import { request } from '../messaging/client';
import { isDirectPath } from './routes';

export function startContentScript(ctx: ContentScriptContext): void {
  let mounted: { remove(): void } | undefined;

  async function evaluate(): Promise<void> {
    if (!isDirectPath(location.pathname)) {
      mounted?.remove();
      mounted = undefined;
      return;
    }
    if (mounted) return;
    // Fail closed: without a background that answers, the extension mounts nothing.
    const reply = await request('content', 'hello', { page: 'direct' });
    if (!reply.ok || ctx.isInvalid || mounted) return;
    const ui = createIframeUi(ctx, {
      page: '/status-frame.html',
      position: 'overlay',
      anchor: 'body',
      alignment: 'top-right',
      onMount(wrapper, iframe) {
        iframe.title = 'Sealed DMs';
        iframe.setAttribute('style', 'border:0;width:220px;height:44px;color-scheme:normal;');
        wrapper.setAttribute('style', 'position:fixed;top:8px;right:8px;z-index:2147483647;');
      },
    });
    ui.mount();
    mounted = ui;
  }

  void evaluate();
  ctx.addEventListener(window, 'wxt:locationchange', () => void evaluate());
}
