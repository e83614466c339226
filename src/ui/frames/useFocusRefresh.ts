/**
 * A counter that goes up whenever the frame gets focus or its tab becomes visible again: pass it as
 * `reloadKey` to re-read state the user may have changed elsewhere (unlocked the vault, verified a
 * contact in the popup). Frames have no other way to hear about it.
 */
import { useEffect, useState } from 'preact/hooks';

export function useFocusRefresh(): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    const bump = () => setCount((n) => n + 1);
    const onVisibility = () => {
      if (document.visibilityState === 'visible') bump();
    };
    window.addEventListener('focus', bump);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('focus', bump);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
  return count;
}
