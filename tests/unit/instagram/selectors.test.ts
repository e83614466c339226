// @vitest-environment happy-dom
/** The selector table's own rules (src/instagram/dom/selectors.ts header). */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SELECTORS, SEND_WORDS } from '../../../src/instagram/dom/selectors';

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, '..', '..', '..', 'src', 'instagram', 'dom');

/** A selector with its attribute blocks and quoted strings removed. */
function skeleton(selector: string): string {
  return selector.replace(/\[[^\]]*\]/g, '[]').replace(/"[^"]*"|'[^']*'/g, '""');
}

describe('SELECTORS', () => {
  it('every entry parses', () => {
    for (const [name, selector] of Object.entries(SELECTORS)) {
      expect(() => document.querySelectorAll(selector), name).not.toThrow();
    }
  });

  it('no class or id selectors (atomic classes and mount ids churn, §2, §10.6)', () => {
    for (const [name, selector] of Object.entries(SELECTORS)) {
      expect(skeleton(selector), name).not.toMatch(/[.#]/);
      expect(selector, name).not.toMatch(/\[class/);
    }
  });

  it('only one entry depends on UI language, and it is documented as a last resort', () => {
    const words = /Message|Send|Conversation|profile|Enviar|Mensaje|Сообщ/;
    const localized = Object.entries(SELECTORS).filter(([, s]) => words.test(s.replace(/IGD\w+/g, '')));
    expect(localized.map(([name]) => name)).toEqual(['listAriaLabel']);
  });

  it('Send words are lower-case (they are compared to normalized labels)', () => {
    for (const w of SEND_WORDS) expect(w).toBe(w.toLowerCase());
  });
});

describe('src/instagram/dom sources', () => {
  const files = readdirSync(srcDir).filter((f) => f.endsWith('.ts'));

  it('never use innerHTML/outerHTML/insertAdjacentHTML or write to the page', () => {
    for (const f of files) {
      const code = readFileSync(join(srcDir, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, f).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|setAttribute|\.append\(|\.remove\(|textContent\s*=/);
    }
  });

  it('use no browser extension API and no page globals', () => {
    for (const f of files) {
      const code = readFileSync(join(srcDir, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, f).not.toMatch(/\bbrowser\.|\bchrome\.|\bwindow\b|\blocation\b|\bglobalThis\b|\bdocument\./);
    }
  });

  it('selectors appear only in selectors.ts (no stray attribute selectors elsewhere)', () => {
    for (const f of files.filter((name) => name !== 'selectors.ts')) {
      const code = readFileSync(join(srcDir, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const strays = code.match(/'[^']*\[(role|data-|aria-|id|dir|contenteditable)[^']*'/g) ?? [];
      expect({ f, strays }).toEqual({ f, strays: [] });
    }
  });
});
