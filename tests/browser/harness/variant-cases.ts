/**
 * The DOM variants of the local instagram.com (tests/mock-instagram/variant.ts) that the variant
 * tests run the whole send and receive path through, shared by variants.test.ts (Chromium) and
 * variants-firefox.test.ts (Firefox ESR). Driver-independent: `applied` runs in the page's main
 * world (`page.evaluate(c.applied)`, self-contained).
 *
 * No Vitest import.
 */
import type { Variant } from '../../mock-instagram/server';

export interface VariantCase {
  name: string;
  variant: Partial<Variant>;
  /** false: the extension must show "encryption paused" and block sending instead. */
  supported: boolean;
  /** What the page must show for the variant to count as applied (run in its main world). */
  applied?: () => boolean;
}

export const VARIANT_CASES: readonly VariantCase[] = [
  { name: 'group era (2026, default)', variant: { era: 'group' }, supported: true },
  { name: 'grid era (2023–2025)', variant: { era: 'grid' }, supported: true },
  { name: 'textarea era (2020–22)', variant: { era: 'textarea' }, supported: true },
  { name: 'Spanish UI', variant: { locale: 'es' }, supported: true, applied: () => document.documentElement.lang === 'es' },
  { name: 'Russian UI', variant: { locale: 'ru' }, supported: true, applied: () => document.documentElement.lang === 'ru' },
  { name: 'right-to-left', variant: { rtl: true }, supported: true, applied: () => document.documentElement.dir === 'rtl' },
  { name: 'dark mode', variant: { dark: true }, supported: true, applied: () => document.documentElement.classList.contains('__fb-dark-mode') },
  {
    name: "Trusted Types (CSP require-trusted-types-for 'script')",
    variant: { trustedTypes: true },
    supported: true,
    // The page really enforces it: a plain string assigned to a script URL sink throws.
    applied: () => {
      try {
        document.createElement('script').src = '/static/none.js';
        return false;
      } catch {
        return true;
      }
    },
  },
  {
    name: 'random atomic class names',
    variant: { randomClassNames: true },
    supported: true,
    applied: () => !document.querySelector('[data-pagelet="IGDComposerForCannes"]')?.className.includes('static'),
  },
  { name: 'late "Turn on Notifications" dialog over the composer', variant: { lateDialog: true, lateDialogDelayMs: 1500 }, supported: true },
];

/** The texts one variant's round trip sends (fresh per run: no request or page could hold them by chance). */
export function variantTexts(c: VariantCase): { toBob: string; toAlice: string } {
  const tag = Math.random().toString(36).slice(2, 8);
  return { toBob: `${c.name} 🔒 to bob ${tag}\nline two ${tag}`, toAlice: `${c.name} ✅ to alice ${tag}` };
}
