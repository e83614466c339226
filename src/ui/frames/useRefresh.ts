/**
 * A counter that goes up whenever the frame gets focus, its tab becomes visible again, or the
 * background says something changed (src/messaging/changed-notice.ts: the vault locked or unlocked,
 * the user verified a contact in the popup): pass it as `reloadKey` to re-read what the frame shows.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { onChangedNotice } from '../../messaging/changed-notice';

export function useRefresh(): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    const bump = () => setCount((n) => n + 1);
    const onVisibility = () => {
      if (document.visibilityState === 'visible') bump();
    };
    window.addEventListener('focus', bump);
    document.addEventListener('visibilitychange', onVisibility);
    const stopNotices = onChangedNotice(browser.runtime, bump);
    return () => {
      window.removeEventListener('focus', bump);
      document.removeEventListener('visibilitychange', onVisibility);
      stopNotices();
    };
  }, []);
  return count;
}
