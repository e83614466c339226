/**
 * The one thing the content script says in the page's own DOM, when it can no longer reach the
 * extension (updated, disabled or removed while the tab was open: its frames are gone) in a chat
 * that was encrypted: Instagram's message box stays blocked there until the page is reloaded and a
 * new content script takes over. No secret in it; the page can remove it, and the block stays.
 */
const TEXT =
  "Sealed DMs was updated or turned off, so it can no longer encrypt in this tab. Instagram's message box stays blocked in this encrypted chat until you reload the page.";

export function showReloadNotice(doc: Document): void {
  const box = doc.createElement('div');
  box.setAttribute('role', 'alert');
  box.setAttribute(
    'style',
    'all:initial;position:fixed;z-index:2147483647;left:50%;bottom:16px;transform:translateX(-50%);max-width:480px;' +
      'padding:10px 14px;border-radius:8px;background:#222;color:#fff;font:14px/1.4 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.4)',
  );
  box.textContent = TEXT + ' ';
  const reload = doc.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload';
  reload.setAttribute('style', 'all:initial;margin-left:6px;padding:2px 10px;border-radius:4px;background:#fff;color:#222;font:inherit;cursor:pointer');
  reload.addEventListener('click', () => doc.location.reload());
  box.append(reload);
  doc.documentElement.append(box);
}
