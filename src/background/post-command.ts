/**
 * The background's side of the `post` command (src/messaging/commands.ts): sends the envelope to
 * the content script of one tab and turns anything but a well-formed answer into a failure, so
 * the send path never trusts or waits forever on the page's side.
 */
import { isPostOutcome, type CommandEnvelope } from '../messaging/commands';
import { MESSAGE_TAG, type ContentCommands, type PostOutcome } from '../messaging/protocol';

/** `browser.tabs.sendMessage`, narrowed to what we use. */
export type TabMessenger = (tabId: number, message: CommandEnvelope, options: { frameId: number }) => Promise<unknown>;

/**
 * Posting 8 parts, each confirmed by its bubble, takes seconds; past this the content script is
 * taken to be gone. A late success still shows up: readPayloads marks the message sent.
 */
export const POST_TIMEOUT_MS = 120_000;

const UNREACHABLE: PostOutcome = { outcome: 'failed', reason: 'unreachable', sentParts: 0 };

export function createPost(
  sendToTab: TabMessenger,
  timeoutMs: number = POST_TIMEOUT_MS,
): (tabId: number, request: ContentCommands['post']['request']) => Promise<PostOutcome> {
  return async (tabId, payload) => {
    const envelope: CommandEnvelope = { tag: MESSAGE_TAG, command: 'post', payload };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    try {
      // Frame 0: our content script runs only in the top document of the Instagram tab.
      const reply = await Promise.race([sendToTab(tabId, envelope, { frameId: 0 }), timeout]);
      return isPostOutcome(reply) ? reply : { ...UNREACHABLE };
    } catch {
      return { ...UNREACHABLE };
    } finally {
      clearTimeout(timer);
    }
  };
}
