/**
 * The card-offer frame's address: `/card-offer-frame.html#c=<code>[&u=<username>]`, built by the
 * content script (src/instagram/card-offer.ts). The page can rewrite it, so it is only a question:
 * the code is decoded and checked by the background, and the username is a hint the frame shows
 * (src/background/contact-service.ts `cardOffer`). Anything malformed (unknown or repeated keys, a
 * code without the prefix, an impossible username) parses as null: the frame shows an error state.
 */
/** The code's shape (src/instagram/dom/invite-code.ts), bounded like the frame's fragment. */
const CODE_PATTERN = /^SDMKEY1[A-Za-z0-9_-]{1,600}$/;
/** An Instagram username as the header shows it (src/instagram/dom/username.ts). */
const USERNAME_PATTERN = /^[a-z0-9._]{1,30}$/;
const MAX_HASH = 1024;

export interface CardOfferTarget {
  code: string;
  /** The chat's counterpart, or null (a group, or a header that could not be read). */
  chat: string | null;
}

export function parseCardOfferHash(hash: string): CardOfferTarget | null {
  if (hash.length > MAX_HASH) return null;
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const keys = [...params.keys()];
  if (keys.some((k) => k !== 'c' && k !== 'u') || new Set(keys).size !== keys.length) return null;
  const code = params.get('c');
  const chat = params.get('u');
  if (code === null || !CODE_PATTERN.test(code)) return null;
  if (chat !== null && !USERNAME_PATTERN.test(chat)) return null;
  return { code, chat };
}
