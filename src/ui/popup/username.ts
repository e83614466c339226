/**
 * Normalises what a user types as an Instagram username: trims, drops one leading '@', lowercases
 * (Instagram usernames are case-insensitive). Empty means "none". Validation is the background's
 * job (it refuses with 'invalid-username'); this only removes the usual typing variations.
 */
export function normalizeUsername(input: string): string | null {
  const trimmed = input.trim().replace(/^@/, '').trim().toLowerCase();
  return trimmed === '' ? null : trimmed;
}
