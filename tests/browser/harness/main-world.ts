/**
 * Functions run in the page's main world through `page.evaluate`, by both the Playwright (Chromium)
 * and Puppeteer (Firefox) helpers; each must be self-contained (it is serialized into the page).
 *
 * scanMainWorld: what the page's own scripts could read, searched for secrets: markup, text, title, input values,
 * open shadow roots, same-origin iframes, and the mock's composer state and message list.
 * Passed to `page.evaluate` by both the Playwright (Chromium) and Puppeteer (Firefox) helpers, so it
 * must be self-contained (it is serialized into the page). Our extension frames are cross-origin:
 * the page cannot read them, and this scan cannot either.
 */
interface MockView {
  state(): { composerText?: string; composerDomText?: string };
  messages(): { text: string }[];
}

export function scanMainWorld(needles: readonly string[]): string[] {
  const hits: string[] = [];
  const mock = (window as unknown as { __mockInstagram?: MockView }).__mockInstagram;
  for (const needle of needles) {
    if (document.documentElement.outerHTML.includes(needle)) hits.push('outerHTML');
    if (document.body.innerText.includes(needle)) hits.push('innerText');
    if (document.documentElement.textContent?.includes(needle)) hits.push('textContent');
    if (document.title.includes(needle)) hits.push('title');
    const walk = (root: Document | ShadowRoot): void => {
      for (const el of Array.from(root.querySelectorAll('*'))) {
        const value = (el as HTMLInputElement).value;
        if (typeof value === 'string' && value.includes(needle)) hits.push(`value of ${el.localName}`);
        if (el.shadowRoot) {
          if (el.shadowRoot.innerHTML.includes(needle)) hits.push('shadow root');
          walk(el.shadowRoot);
        }
        if (el.localName === 'iframe') {
          try {
            const inner = (el as HTMLIFrameElement).contentDocument;
            if (inner && inner.documentElement.outerHTML.includes(needle)) hits.push('iframe document');
          } catch {
            // cross-origin
          }
        }
      }
    };
    walk(document);
    const state = mock?.state();
    if (state?.composerText?.includes(needle) || state?.composerDomText?.includes(needle)) hits.push('composer');
    if (mock?.messages().some((m) => m.text.includes(needle))) hits.push('message list');
  }
  return [...new Set(hits)];
}

/**
 * Records, in the page's main world, the input events Instagram's composer receives (into
 * `window.__composerEvents`, reset on every call; listeners are added once).
 */
export function installComposerRecorder(): void {
  const w = window as unknown as { __composerEvents?: string[] };
  const first = w.__composerEvents === undefined;
  w.__composerEvents = [];
  if (!first) return;
  for (const type of ['beforeinput', 'input', 'paste', 'keydown', 'click']) {
    document.addEventListener(
      type,
      (e) => {
        const t = e.target as Element | null;
        if (!t?.closest?.('[role="textbox"], textarea, [data-pagelet^="IGDComposer"]')) return;
        w.__composerEvents!.push(`${e.type}${'inputType' in e ? `:${(e as InputEvent).inputType}` : ''}:${e.isTrusted ? 'trusted' : 'synthetic'}`);
      },
      true,
    );
  }
}
