/**
 * One simulated browser profile for background tests: its own vault database (fake IndexedDB),
 * the real handlers behind the real router, forged browser-stamped senders, and a fake `post`
 * (the content script's side of sending) that records what it was asked to post.
 */
import { randomBytes } from '@noble/ciphers/utils.js';
import type { BackgroundDeps } from '../../../src/background/deps';
import { createHandlers } from '../../../src/background/handlers';
import {
  MESSAGE_TAG,
  type ContentCommands,
  type ContentProtocol,
  type PostOutcome,
  type PrivilegedProtocol,
  type Reply,
} from '../../../src/messaging/protocol';
import { createRouter } from '../../../src/messaging/router';
import type { Vault } from '../../../src/vault/vault';
import { openVault, type Clock } from '../vault/helpers';

export const self = { id: 'ext-id', baseUrl: 'chrome-extension://ext-id/' };
export const popup = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
export const contentScript = { id: 'ext-id', url: 'https://www.instagram.com/direct/t/1/', tab: { id: 1 }, frameId: 0 };
/** Extension-origin frames inside the Instagram tab 1 (sub-frames, our own origin). */
export const composeFrame = { id: 'ext-id', url: 'chrome-extension://ext-id/compose-frame.html', tab: { id: 1 }, frameId: 3 };
export const readerFrame = { id: 'ext-id', url: 'chrome-extension://ext-id/reader-frame.html', tab: { id: 1 }, frameId: 4 };

type P = PrivilegedProtocol;
type C = ContentProtocol;
export type PostRequest = ContentCommands['post']['request'];

export interface Posted {
  tabId: number;
  request: PostRequest;
}

export function profile(clock: Clock, dbName: string) {
  let vault: Promise<Vault> | undefined;
  const posted: Posted[] = [];
  /** How many `changed` notices the background sent to the extension's pages. */
  const announced = { count: 0 };
  /** How many times the auto-lock alarm was to be armed again. */
  const idleChanges = { count: 0 };
  let answer: (tabId: number, request: PostRequest) => Promise<PostOutcome> = () => Promise.resolve({ outcome: 'sent' });
  const deps: BackgroundDeps = {
    vault: () => (vault ??= openVault(clock, { dbName, onLocked: () => deps.announce() })),
    now: clock.now,
    randomBytes,
    browserName: 'chrome',
    post: (tabId, request) => {
      posted.push({ tabId, request });
      return answer(tabId, request);
    },
    announce: () => {
      announced.count++;
    },
    idleChanged: () => {
      idleChanges.count++;
    },
  };
  const router = createRouter(self, createHandlers(deps));

  async function send<K extends keyof P>(type: K, payload: P[K]['request'], sender: object = popup): Promise<Reply<P[K]['response']>> {
    return (await router.handle({ tag: MESSAGE_TAG, channel: 'privileged', type, payload }, sender)) as Reply<P[K]['response']>;
  }
  async function ok<K extends keyof P>(type: K, payload: P[K]['request'], sender: object = popup): Promise<P[K]['response']> {
    const reply = await send(type, payload, sender);
    if (!reply.ok) throw new Error(`${type} failed: ${JSON.stringify(reply)}`);
    return reply.value;
  }
  /** The refusal reason (or error code) of a request expected to fail. */
  async function why<K extends keyof P>(type: K, payload: P[K]['request'], sender: object = popup): Promise<string> {
    const reply = await send(type, payload, sender);
    if (reply.ok) return 'ok';
    return reply.error === 'refused' ? reply.reason : reply.error;
  }
  /** A content-channel request, by default from the content script. */
  async function content<K extends keyof C>(type: K, payload: C[K]['request'], sender: object = contentScript): Promise<Reply<C[K]['response']>> {
    return (await router.handle({ tag: MESSAGE_TAG, channel: 'content', type, payload }, sender)) as Reply<C[K]['response']>;
  }
  async function contentOk<K extends keyof C>(type: K, payload: C[K]['request']): Promise<C[K]['response']> {
    const reply = await content(type, payload);
    if (!reply.ok) throw new Error(`${type} failed: ${JSON.stringify(reply)}`);
    return reply.value;
  }
  /** Simulates a worker restart: the next request opens the vault again (in-memory state is lost). */
  async function restart() {
    (await vault)?.close();
    vault = undefined;
  }
  return {
    send,
    ok,
    why,
    content,
    contentOk,
    restart,
    vault: () => deps.vault(),
    /** Every post command the background issued, in order. */
    posted,
    announced,
    idleChanges,
    /** How the fake content script answers the next post commands. */
    answerPosts(fn: (tabId: number, request: PostRequest) => Promise<PostOutcome>) {
      answer = fn;
    },
  };
}

export type Profile = ReturnType<typeof profile>;

/** First run with an identity; returns the invite code. */
export async function setUp(p: Profile, name: string, instagram: string | null, passphrase: string | null = null): Promise<string> {
  await p.ok('createIdentity', { displayName: name, instagram, passphrase });
  return (await p.ok('myCard', {})).code;
}
