/**
 * What a hostile instagram.com page does to the content script, as scripts for the page's main
 * world (strings: run with page.evaluate). Shared by the Chromium and Firefox suites. Each once
 * took the guard away (docs/ARCHITECTURE.md, threat model).
 */

/** Poses as a newer copy of a WXT content script: the event WXT's context stopped on. */
export const fakeScriptStarted = (extensionId: string): string => `(() => {
  const type = ${JSON.stringify(`${extensionId}:instagram:wxt:content-script-started`)};
  document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: 'instagram', messageId: 'page' } }));
  window.postMessage({ type, contentScriptName: 'instagram', messageId: 'page' }, '*');
})()`;

/** Leaves the thread and comes back, then clears every timer id (ids are shared with the content script). */
export const timerSweep = (threadId: string): string => `(async () => {
  history.pushState({}, '', '/direct/inbox/');
  await new Promise((r) => setTimeout(r, 400));
  history.pushState({}, '', '/direct/t/${threadId}/');
  const top = setTimeout(() => {}, 0);
  for (let i = 1; i <= top; i++) { clearTimeout(i); clearInterval(i); }
})()`;

/** Adds a message row whose text element is in another XML namespace (it has no style), then leaves and comes back. */
export const foreignRow = (threadId: string): string => `(async () => {
  const leaf = document.querySelector('[id^="mid."] span[dir="auto"] > div[dir="auto"]');
  const row = leaf.closest('[role="row"], [role="group"][tabindex="-1"]');
  const clone = row.cloneNode(true);
  clone.querySelector('[id^="mid."]').id = 'mid.$poison1';
  const bad = document.createElementNS('urn:x', 'div');
  bad.setAttribute('dir', 'auto');
  bad.textContent = 'SDM1ADAAAA';
  clone.querySelector('[id^="mid."] span[dir="auto"] > div[dir="auto"]').replaceWith(bad);
  row.after(clone);
  await new Promise((r) => setTimeout(r, 300));
  history.pushState({}, '', '/direct/inbox/');
  await new Promise((r) => setTimeout(r, 400));
  history.pushState({}, '', '/direct/t/${threadId}/');
})()`;

/** The attacks after which both suites check that bob's chat is still guarded (their `stillGuarded`). */
export const GUARD_ATTACKS: ReadonlyArray<{ title: string; script: (threadId: string) => string; marker: string }> = [
  {
    title: "the page cannot stop the content script's timers: clearing every timer id after a navigation leaves the thread guarded",
    script: timerSweep,
    marker: 'typed after the timer sweep',
  },
  {
    title: 'a message row whose text element is in another namespace (no style) does not stop the guard',
    script: foreignRow,
    marker: 'typed after the foreign row',
  },
];
