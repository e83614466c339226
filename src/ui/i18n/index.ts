/**
 * String lookup for the extension's UI. English (src/ui/i18n/en.ts) is complete and is the fallback
 * for any key a translation lacks. Parameters are plain text inserted into plain text: the result is
 * always rendered as a text node, never parsed as markup.
 *
 * To add a locale: write `src/ui/i18n/<lang>.ts` exporting a `Partial<Catalog>`, register it in
 * CATALOGS, and the browser's UI language picks it.
 */
import { en, type Catalog, type MessageKey } from './en';

export type { MessageKey } from './en';
export type Params = Readonly<Record<string, string | number>>;

/** Keys `base` for which the catalog has `base.one` and `base.other`. */
export type PluralKey = PluralBase<MessageKey>;
type PluralBase<K> = K extends `${infer B}.other` ? (`${B}.one` extends MessageKey ? B : never) : never;

const CATALOGS: Readonly<Record<string, Partial<Catalog>>> = { en };

let locale = 'en';
let active: Partial<Catalog> = en;

/** Picks a registered catalog by BCP 47 tag ('fr-CA' falls back to 'fr', then English). */
export function setLocale(tag: string): void {
  const lang = tag.toLowerCase();
  const primary = lang.split('-')[0] ?? 'en';
  const found = CATALOGS[lang] ? lang : CATALOGS[primary] ? primary : 'en';
  locale = found;
  active = CATALOGS[found] ?? en;
}

export function currentLocale(): string {
  return locale;
}

/** The text for `key`, with each `{name}` replaced by `params.name` (unknown names stay as is). */
export function t(key: MessageKey, params?: Params): string {
  const template = active[key] ?? en[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** The plural form of `base` for `count`, with `{count}` and any other parameters filled in. */
export function tPlural(base: PluralKey, count: number, params?: Params): string {
  const rule = new Intl.PluralRules(locale).select(count);
  const key = (rule === 'one' ? `${base}.one` : `${base}.other`) as MessageKey;
  return t(key, { ...params, count });
}

/** A calendar date (epoch ms) in the UI language, e.g. "3 May 2025". */
export function formatDate(epochMs: number): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(epochMs));
}

/** A date and time (epoch ms) in the UI language, e.g. "3 May 2025, 14:02". */
export function formatDateTime(epochMs: number): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(epochMs));
}
