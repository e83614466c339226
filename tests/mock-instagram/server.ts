/**
 * The local instagram.com: an HTTPS web app served as https://www.instagram.com/ to the test
 * browsers (tests/browser/harness/https-server.ts; Chromium maps the host with
 * `--host-resolver-rules`, Firefox with `network.dns.forceResolve`). Faithful to
 * shared/reference/instagram-dm-dom.md §9 "Proposed faithful mock" and §10 "DOM variants".
 *
 * Routes: `/accounts/login/?as=<user>&next=<path>` (session cookie, redirect), `/accounts/logout/`,
 * pages `/`, `/direct/inbox/`, `/direct/t/<id>/`, `/<username>/` (one SPA shell), static assets
 * under `/static/bundles/`, the JSON API in ./protocol.ts, and `/__mock/variant` (test control).
 * Every request, with its body, is appended to `requestLog` so tests can assert that a plaintext
 * never reached the server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startHttpsServer } from '../browser/harness/https-server';
import { clientBundle } from './bundle';
import { API, byteLength, UTF8 } from './protocol';
import type { Bootstrap, BroadcastResponse, ThreadPage, WireMessage } from './protocol';
import { ACCOUNTS, Store } from './store';
import { DEFAULT_VARIANT, mergeVariant } from './variant';
import type { Variant } from './variant';

export { ACCOUNTS, THREADS } from './store';
export type { Variant } from './variant';

export const ORIGIN = 'https://www.instagram.com';

export interface MockOptions {
  /** 0 (default) picks a free port; Firefox needs 443. */
  port?: number;
  /** Shorthand for `variant.lengthLimitBytes` (default 1000). */
  lengthLimitBytes?: number;
  /** Variant for every account's pages (default: group era, English, light). */
  variant?: Partial<Variant>;
  /** Back-dated history per thread id: that many messages, alternating between the members. */
  history?: Record<string, number>;
}

export interface LoggedRequest {
  /** Position in the log (1-based). */
  n: number;
  time: number;
  method: string;
  /** Path and query string, as received. */
  path: string;
  /** The session's account, or null. */
  account: string | null;
  headers: Record<string, string>;
  /** Raw body (utf-8). */
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
  /** True for the test-control endpoint `/__mock/…`. */
  control: boolean;
}

export type StoredMessage = WireMessage;

export interface MockInstagram {
  port: number;
  /** `https://www.instagram.com` (what the browsers are pointed at). */
  origin: string;
  close(): Promise<void>;
  requestLog: LoggedRequest[];
  /** True if `needle` occurs in any logged path (raw or URL-decoded), header value, body, or string inside a JSON body. */
  logContains(needle: string): boolean;
  /** POST bodies only, parsed (drafts, typing signals, sends, …), optionally filtered by path substring. */
  postedBodies(pathIncludes?: string): Array<{ path: string; account: string | null; json: unknown }>;
  clearLog(): void;
  /** What the server stored for a thread, oldest first. */
  messages(threadId: string): StoredMessage[];
  /** The draft last saved by `account` in a thread. */
  draft(threadId: string, account: string): string;
  /** Server-side modification of a stored message; open pages show the new text live. */
  tamper(threadId: string, messageId: string, newText: string): StoredMessage;
  /** A message from `fromUser` stored server-side (no browser needed); pages get it on their next poll. */
  inject(threadId: string, fromUser: string, text: string, opts?: { timestamp?: number }): StoredMessage;
  /** Adds `count` back-dated messages ("History message N") alternating between the members. */
  seedHistory(threadId: string, count: number): void;
  /**
   * Changes the variant for pages served afterwards (all accounts, or one). With `live`, open
   * pages of the affected accounts re-mount with it on their next poll (`trustedTypes` needs a reload).
   */
  setVariant(patch: Partial<Variant>, opts?: { account?: string; live?: boolean }): Variant;
  variantFor(account: string): Variant;
  /** Back to the variant given at start, for every account (open pages keep theirs until reloaded). */
  resetVariants(): void;
  addThread(id: string, members: string[]): void;
  /** `https://www.instagram.com/accounts/login/?as=…&next=…` */
  loginUrl(account: string, next?: string): string;
  /**
   * An inline script for the head of pages served afterwards (undefined: none). For measures
   * taken with no automation client attached to the browser (tests/demo/measure.ts): the script
   * plays the page's own JavaScript and reports by POSTing to `/__mock/…`, which the log keeps.
   */
  setPageScript(js: string | undefined): void;
}

const BASE_CSS = readFileSync(new URL('./client/base.css', import.meta.url), 'utf8');
const MAX_BODY = 5 * 1024 * 1024;
const SESSION_MAX_AGE = 86_400;

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function tryJson(body: string): unknown {
  if (body === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function strings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) {
    out.push(k);
    strings(v, out);
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Cuts at a byte limit without splitting a character. */
function truncateUtf8(text: string, limit: number): string {
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = byteLength(ch);
    if (used + n > limit) break;
    out += ch;
    used += n;
  }
  return out;
}

function splitUtf8(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const part = truncateUtf8(rest, limit);
    if (part === '') break;
    parts.push(part);
    rest = rest.slice(part.length);
  }
  return parts;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const data = UTF8.encode(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': data.length, 'Cache-Control': 'no-store' });
  res.end(data);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function shellHtml(v: Variant, scriptPath: string, pageScript?: string): string {
  const lang = v.locale;
  const mode = v.dark ? '__fb-dark-mode' : '__fb-light-mode';
  return `<!DOCTYPE html>
<html lang="${lang}" dir="${v.rtl ? 'rtl' : 'ltr'}" class="${mode}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Instagram</title>
<link rel="stylesheet" href="/static/bundles/base.css">
${pageScript === undefined ? '' : `<script>${pageScript.replace(/<\//g, '<\\/')}</script>\n`}<script src="${scriptPath}" defer></script>
</head>
<body>
<div id="mount_0_0_${randomBytes(1).toString('hex')}"></div>
</body>
</html>`;
}

function loginHtml(next: string): string {
  const links = Object.keys(ACCOUNTS)
    .map((a) => `<li><a href="/accounts/login/?as=${a}&amp;next=${encodeURIComponent(next)}">Log in as ${escapeHtml(a)}</a></li>`)
    .join('');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Login • Instagram</title></head><body><main><h1>Instagram</h1><ul>${links}</ul></main></body></html>`;
}

function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/direct/inbox/';
}

export async function startMockInstagram(opts: MockOptions = {}): Promise<MockInstagram> {
  const bundle = await clientBundle();
  const scriptPath = `/static/bundles/app.${bundle.hash}.js`;
  const store = new Store();
  const sessions = new Map<string, string>();
  const overrides = new Map<string, Partial<Variant>>();
  const requestLog: LoggedRequest[] = [];
  let initialVariant = mergeVariant(DEFAULT_VARIANT, opts.variant ?? {});
  if (opts.lengthLimitBytes !== undefined) initialVariant = mergeVariant(initialVariant, { lengthLimitBytes: opts.lengthLimitBytes });
  let globalVariant = initialVariant;
  let pageScript: string | undefined;

  const variantFor = (account: string): Variant => mergeVariant(globalVariant, overrides.get(account) ?? {});

  const membersOf = (threadId: string): string[] => Object.keys(ACCOUNTS).filter((a) => store.isMember(threadId, a));
  const seedHistory = (threadId: string, count: number): void => {
    const members = membersOf(threadId);
    if (members.length === 0) throw new Error(`unknown thread ${threadId}`);
    const start = Date.now() - (count + 60) * 60_000;
    for (let i = 0; i < count; i++) {
      store.addMessage(threadId, members[i % members.length]!, `History message ${i + 1}`, { timestamp: start + i * 60_000 });
    }
  };
  for (const [threadId, count] of Object.entries(opts.history ?? {})) seedHistory(threadId, count);

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', ORIGIN);
    const method = req.method ?? 'GET';
    const cookies = parseCookies(req.headers.cookie);
    const account = sessions.get(cookies.get('sessionid') ?? '') ?? null;
    const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
    const parsed = tryJson(body);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    requestLog.push({
      n: requestLog.length + 1,
      time: Date.now(),
      method,
      path: req.url ?? '/',
      account,
      headers,
      body,
      json: parsed,
      control: url.pathname.startsWith('/__mock/'),
    });
    const path = url.pathname;

    // ---- static ----
    if (path === scriptPath || /^\/static\/bundles\/app\.[0-9a-f]+\.js$/.test(path)) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end(bundle.js);
      return;
    }
    if (path === '/static/bundles/base.css') {
      res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end(BASE_CSS);
      return;
    }
    if (path === '/favicon.ico' || path === '/robots.txt') {
      res.writeHead(204);
      res.end();
      return;
    }

    // ---- accounts ----
    if (path === '/accounts/login/' || path === '/accounts/login') {
      const as = url.searchParams.get('as');
      const next = safeNext(url.searchParams.get('next'));
      if (as && ACCOUNTS[as]) {
        const sid = randomBytes(16).toString('hex');
        sessions.set(sid, as);
        res.writeHead(302, {
          Location: next,
          'Set-Cookie': [
            `sessionid=${sid}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE}`,
            `ds_user_id=${ACCOUNTS[as]!.pk}; Path=/; Secure; SameSite=Lax; Max-Age=${SESSION_MAX_AGE}`,
            `csrftoken=${randomBytes(16).toString('hex')}; Path=/; Secure; SameSite=Lax; Max-Age=${SESSION_MAX_AGE}`,
          ],
        });
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(loginHtml(next));
      return;
    }
    if (path === '/accounts/logout/') {
      sessions.delete(cookies.get('sessionid') ?? '');
      res.writeHead(302, { Location: '/accounts/login/', 'Set-Cookie': 'sessionid=; Path=/; Secure; HttpOnly; Max-Age=0' });
      res.end();
      return;
    }

    // ---- API ----
    if (path.startsWith('/api/') || path.startsWith('/__mock/')) {
      if (!account) return json(res, 401, { message: 'login_required', status: 'fail' });
      return api(req, res, url, method, account, parsed);
    }
    if (method !== 'GET') return json(res, 404, { status: 'fail', message: 'not found' });

    // ---- pages (one SPA shell) ----
    if (!account) {
      res.writeHead(302, { Location: `/accounts/login/?next=${encodeURIComponent(path + url.search)}` });
      res.end();
      return;
    }
    const v = variantFor(account);
    const pageHeaders: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };
    if (v.trustedTypes) pageHeaders['Content-Security-Policy'] = "require-trusted-types-for 'script'";
    res.writeHead(200, pageHeaders);
    res.end(shellHtml(v, scriptPath, pageScript));
  };

  const api = async (_req: IncomingMessage, res: ServerResponse, url: URL, method: string, account: string, body: unknown): Promise<void> => {
    const path = url.pathname;
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const v = variantFor(account);

    if (method === 'GET' && path === API.bootstrap) {
      const boot: Bootstrap = {
        viewer: { ...ACCOUNTS[account]! },
        variant: v,
        classSeed: v.randomClassNames ? randomBytes(6).toString('hex') : 'static',
        threads: store.threadsOf(account),
        seq: store.seq,
      };
      return json(res, 200, boot);
    }
    if (method === 'GET' && path === API.sync) {
      const since = Number(url.searchParams.get('seq') ?? '0');
      return json(res, 200, store.eventsSince(account, Number.isFinite(since) ? since : 0));
    }
    if (method === 'POST' && path === API.variant) {
      overrides.set(account, { ...(overrides.get(account) ?? {}), ...(b as Partial<Variant>) });
      return json(res, 200, { status: 'ok', variant: variantFor(account) });
    }
    if (method === 'POST' && path === API.broadcast) {
      const threadId = b.thread_id;
      const text = b.text;
      const cc = b.client_context;
      if (typeof threadId !== 'string' || typeof text !== 'string' || typeof cc !== 'string') {
        return json(res, 400, { status: 'fail', code: 'bad_request', message: 'bad request' } satisfies BroadcastResponse);
      }
      if (!store.isMember(threadId, account)) return json(res, 403, { status: 'fail', code: 'bad_request', message: 'not a member' } satisfies BroadcastResponse);
      await sleep(v.ackDelayMs);
      if (v.sendFailure === 'dialog') return json(res, 200, { status: 'fail', code: 'try_again_later', message: 'Try again later' } satisfies BroadcastResponse);
      if (v.sendFailure === 'silent') return json(res, 200, { status: 'ok', items: [] } satisfies BroadcastResponse);
      let parts = [text];
      if (byteLength(text) > v.lengthLimitBytes) {
        if (v.lengthMode === 'reject') return json(res, 400, { status: 'fail', code: 'too_long', message: 'The message is too long' } satisfies BroadcastResponse);
        parts = v.lengthMode === 'truncate' ? [truncateUtf8(text, v.lengthLimitBytes)] : splitUtf8(text, v.lengthLimitBytes);
      }
      const items = parts.map((p, i) => store.addMessage(threadId, account, p, i === 0 ? { clientContext: cc } : {}));
      return json(res, 200, { status: 'ok', items } satisfies BroadcastResponse);
    }
    const m = /^\/api\/v1\/direct_v2\/threads\/(\d+)\/(?:(activity|draft|seen)\/)?$/.exec(path);
    if (m) {
      const threadId = m[1]!;
      if (!store.isMember(threadId, account)) return json(res, 404, { status: 'fail', message: 'not found' });
      const action = m[2];
      if (method === 'GET' && !action) {
        const cursor = url.searchParams.get('cursor');
        await sleep(cursor === null ? v.hydrationDelayMs : v.olderPageDelayMs);
        const page = store.page(threadId, cursor, v.pageSize);
        const out: ThreadPage = { threadId, messages: page.messages, hasOlder: page.hasOlder, draft: store.draft(threadId, account) };
        return json(res, 200, out);
      }
      if (method === 'POST' && action === 'activity') {
        store.typing(threadId, account, b.activity_status === 1);
        return json(res, 200, { status: 'ok' });
      }
      if (method === 'POST' && action === 'draft') {
        store.setDraft(threadId, account, typeof b.text === 'string' ? b.text : '');
        return json(res, 200, { status: 'ok' });
      }
      if (method === 'POST' && action === 'seen') {
        store.markSeen(threadId, account);
        return json(res, 200, { status: 'ok' });
      }
    }
    return json(res, 404, { status: 'fail', message: 'not found' });
  };

  const server = await startHttpsServer(handler, opts.port ?? 0);

  const haystack = (r: LoggedRequest): string[] => {
    const out = [r.path, safeDecode(r.path), r.body, ...Object.values(r.headers)];
    strings(r.json, out);
    return out;
  };

  return {
    port: server.port,
    origin: ORIGIN,
    close: () => server.close(),
    requestLog,
    logContains: (needle) => needle !== '' && requestLog.some((r) => haystack(r).some((s) => s.includes(needle))),
    postedBodies: (pathIncludes) =>
      requestLog
        .filter((r) => r.method === 'POST' && (pathIncludes === undefined || r.path.includes(pathIncludes)))
        .map((r) => ({ path: r.path, account: r.account, json: r.json })),
    clearLog: () => {
      requestLog.length = 0;
    },
    messages: (threadId) => store.messages(threadId),
    draft: (threadId, account) => store.draft(threadId, account),
    tamper: (threadId, messageId, newText) => store.editMessage(threadId, messageId, newText),
    inject: (threadId, fromUser, text, o = {}) => store.addMessage(threadId, fromUser, text, o),
    seedHistory,
    setVariant(patch, o = {}) {
      if (o.account !== undefined) {
        if (!ACCOUNTS[o.account]) throw new Error(`unknown account ${o.account}`);
        overrides.set(o.account, { ...(overrides.get(o.account) ?? {}), ...patch });
      } else {
        globalVariant = mergeVariant(globalVariant, patch);
      }
      if (o.live) {
        for (const a of o.account !== undefined ? [o.account] : Object.keys(ACCOUNTS)) {
          store.announceVariant([a], { type: 'variant', variant: variantFor(a) });
        }
      }
      return o.account !== undefined ? variantFor(o.account) : { ...globalVariant };
    },
    variantFor,
    resetVariants: () => {
      globalVariant = initialVariant;
      overrides.clear();
    },
    addThread: (id, members) => store.addThread(id, members),
    setPageScript: (js) => {
      pageScript = js;
    },
    loginUrl: (acct, next = '/direct/inbox/') => `${ORIGIN}/accounts/login/?as=${encodeURIComponent(acct)}&next=${encodeURIComponent(next)}`,
  };
}
