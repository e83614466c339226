/**
 * The frame's own location hash, updated when it changes. The page embedding a frame can rewrite
 * its address at any time, so callers key their state on the parsed hash (a new thread or message
 * starts from scratch) and treat it only as a question to ask the background.
 */
import { useEffect, useState } from 'preact/hooks';

export function useLocationHash(): string {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const update = () => setHash(window.location.hash);
    window.addEventListener('hashchange', update);
    update();
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return hash;
}
