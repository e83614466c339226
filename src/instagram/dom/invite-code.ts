/**
 * Invite codes (docs/PROTOCOL.md "Contact card") in a bubble's message text, by shape only: the
 * "SDMKEY1" prefix and a run of base64url characters. Nothing is decoded or checked here: the
 * content script carries no card code, and the card-offer frame's background request decodes the
 * code again from scratch (a match is a place to put a frame, not trusted input).
 */

/** src/protocol/card.ts CARD_TEXT_PREFIX (a unit test keeps the two equal; importing it would bundle the card code). */
export const INVITE_PREFIX = 'SDMKEY1';

/**
 * A whole v1 code has 343 to 468 characters after the prefix. Shorter runs down to 32 still match
 * so a cut-off code gets its "incomplete" explanation; a shorter mention of the prefix is text. The
 * upper bound keeps the frame address bounded (a longer run is cut, and the background then says
 * the code is damaged).
 */
const INVITE_CODE = /SDMKEY1[A-Za-z0-9_-]{32,600}/;

/** The first invite-code-shaped token of `text`, or undefined. */
export function findInviteCode(text: string | undefined): string | undefined {
  return text === undefined ? undefined : INVITE_CODE.exec(text)?.[0];
}
