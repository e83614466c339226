/**
 * Instagram usernames and profile links (instagram-dm-dom.md §3 "Identity check": the header
 * `a[href="/<username>/"]` is the most reliable "who am I talking to" signal).
 *
 * Rules applied: 1–30 characters of [a-z0-9._] (Instagram's username alphabet), compared
 * lower-case (Instagram usernames are case-insensitive and served lower-case); a name made only of
 * periods is rejected (it would be a path segment like `..`, never an account); first path segments
 * that are Instagram routes (`/direct/`, `/explore/`, ...) are not usernames.
 */
import { RESERVED_PATHS } from './selectors';

const USERNAME = /^[a-z0-9._]{1,30}$/;
const ONLY_PERIODS = /^\.+$/;
const MAX_HREF = 256;
const PROFILE_HOSTS: ReadonlySet<string> = new Set(['www.instagram.com', 'instagram.com']);

/** The lower-cased username, or undefined when `raw` is not a valid Instagram username. */
export function normalizeUsername(raw: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > 30) return undefined;
  const name = raw.toLowerCase();
  if (!USERNAME.test(name) || ONLY_PERIODS.test(name)) return undefined;
  return name;
}

/**
 * The username of a profile link's `href`: `/<name>/`, `/<name>`, or the same path on
 * `https://(www.)instagram.com`, optionally with `?query`/`#hash`. Anything with more path
 * segments (`/p/…`, `/direct/t/…`), another host, or a reserved route gives undefined.
 */
export function usernameFromProfileHref(href: string | null | undefined): string | undefined {
  if (typeof href !== 'string' || href.length === 0 || href.length > MAX_HREF) return undefined;
  let path = href;
  const abs = /^https:\/\/([^/?#]+)(\/[^?#]*)?/i.exec(href);
  if (abs) {
    if (!PROFILE_HOSTS.has(abs[1]!.toLowerCase())) return undefined;
    path = abs[2] ?? '/';
  } else {
    const cut = path.search(/[?#]/);
    if (cut !== -1) path = path.slice(0, cut);
  }
  const m = /^\/([^/]+)\/?$/.exec(path);
  if (!m) return undefined;
  const name = normalizeUsername(m[1]!);
  if (name === undefined || RESERVED_PATHS.has(name)) return undefined;
  return name;
}
