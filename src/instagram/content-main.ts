/**
 * The content script's top level: wires the thread controller (what to show and guard on a DM
 * page), the reader and the `post` command to the extension's messaging. It only finds places,
 * moves ciphertext and positions extension-origin frames: it never sees plaintext or keys
 * (docs/ARCHITECTURE.md).
 */
import { browser } from 'wxt/browser';
import { answerWithSendResponse } from '../messaging/async-listener';
import { request } from '../messaging/client';
import { isCommandEnvelope } from '../messaging/commands';
import type { PostOutcome } from '../messaging/protocol';
import { isFromBackground, type BackgroundSender } from '../messaging/sender';
import { Poster } from './post-command';
import { domPostPage } from './post-dom';
import type { ScriptContext } from './script-context';
import { ThreadController, type ContentApi } from './thread-controller';

const api: ContentApi = {
  async threadState(threadId, username) {
    const reply = await request('content', 'threadState', { threadId, username });
    return reply.ok ? reply.value.mode : undefined;
  },
  async directState() {
    const reply = await request('content', 'directState', {});
    return reply.ok ? reply.value.encryptedChats : undefined;
  },
  async readPayloads(threadId, items) {
    const reply = await request('content', 'readPayloads', { threadId, items });
    return reply.ok ? reply.value.results : undefined;
  },
};

export function startContentScript(ctx: ScriptContext): void {
  // Our frames' documents: the extension's base URL, and in Chrome its id-based origin (frame-host.ts).
  const origins = [browser.runtime.getURL('/'), `chrome-extension://${browser.runtime.id}`];
  const controller = new ThreadController(ctx, document, api, (page) => browser.runtime.getURL(page), origins);
  controller.start();

  const poster = new Poster(
    domPostPage(document, {
      guard: controller.guard,
      onOpen: (match) => controller.adopt(match),
      onRelease: () => controller.focusCompose(),
      paused: (threadId) => controller.isPaused(threadId),
      threadId: () => controller.currentThreadId(),
      sleep: (ms) => new Promise((resolve) => ctx.setTimeout(resolve, ms)), // a timer the page cannot cancel (timers.ts)
    }),
    controller.guard,
  );
  const onCommand = answerWithSendResponse((message: unknown, sender: BackgroundSender): Promise<PostOutcome> | undefined => {
    if (!isCommandEnvelope(message) || !isFromBackground(sender, browser.runtime.id)) return undefined;
    return poster.post(message.payload);
  });
  browser.runtime.onMessage.addListener(onCommand);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onCommand));
}
