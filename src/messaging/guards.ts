/**
 * Small runtime shape checks for data that crossed a context boundary.
 * Every message payload is checked with these before a handler sees it.
 *
 * The guard builders are marked `@__NO_SIDE_EFFECTS__` (they only build closures), so a bundle
 * drops every guard table it does not use: the content script must not carry the privileged ones.
 */

export type Guard<T> = (value: unknown) => value is T;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export /* @__NO_SIDE_EFFECTS__ */ function isBoundedString(max: number): Guard<string> {
  return (value: unknown): value is string => typeof value === 'string' && value.length <= max;
}

export function isNonNegativeInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export const isBoolean: Guard<boolean> = (value: unknown): value is boolean => typeof value === 'boolean';

export /* @__NO_SIDE_EFFECTS__ */ function isOneOf<const T extends readonly string[]>(options: T): Guard<T[number]> {
  return (value: unknown): value is T[number] => typeof value === 'string' && options.includes(value);
}

export /* @__NO_SIDE_EFFECTS__ */ function isArrayOf<T>(item: Guard<T>, maxLength: number): Guard<T[]> {
  return (value: unknown): value is T[] =>
    Array.isArray(value) && value.length <= maxLength && value.every((v) => item(v));
}

/**
 * An object with exactly these keys (no extras: an unexpected field is a sign of a confused or
 * hostile sender, and silently dropping it would hide bugs).
 */
export /* @__NO_SIDE_EFFECTS__ */ function isExactObject<T extends object>(fields: { [K in keyof T]-?: Guard<T[K]> }): Guard<T> {
  const keys = Object.keys(fields);
  return (value: unknown): value is T => {
    if (!isRecord(value)) return false;
    if (!Object.keys(value).every((k) => keys.includes(k))) return false;
    return keys.every((k) => fields[k as keyof T](value[k]));
  };
}

export /* @__NO_SIDE_EFFECTS__ */ function isNullable<T>(guard: Guard<T>): Guard<T | null> {
  return (value: unknown): value is T | null => value === null || guard(value);
}

export /* @__NO_SIDE_EFFECTS__ */ function isOptional<T>(guard: Guard<T>): Guard<T | undefined> {
  return (value: unknown): value is T | undefined => value === undefined || guard(value);
}
