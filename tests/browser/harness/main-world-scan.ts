/**
 * What the page's own scripts could read, searched for secrets: markup, text, title, input values,
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
