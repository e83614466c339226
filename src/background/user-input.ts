/**
 * Checks the names and usernames a user types in the popup before they are stored or put on a
 * card. The same rules as the card format (src/protocol/card.ts), so what we store can always be
 * put on our own card and shown next to a security decision without hidden characters.
 */
import { Refusal } from '../messaging/refusal';
import { isValidName, normalizeInstagram } from '../protocol/card';

/** A trimmed, non-empty display name that fits a card, or a refusal. */
export function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || !isValidName(trimmed)) throw new Refusal('invalid-name');
  return trimmed;
}

/** "@Some.User" -> "some.user"; null stays null; anything that cannot be a username is refused. */
export function checkUsername(username: string | null): string | null {
  if (username === null || username.trim() === '') return null;
  const normalized = normalizeInstagram(username);
  if (normalized === undefined) throw new Refusal('invalid-username');
  return normalized;
}
