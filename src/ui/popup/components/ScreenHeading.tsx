/**
 * A screen's title. It takes focus when the screen appears, so keyboard and screen-reader users
 * land at the top of the new screen instead of on a button that no longer exists.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function ScreenHeading({ children, focusOnMount = true }: { children: ComponentChildren; focusOnMount?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, []);
  return (
    <h2 ref={ref} tabIndex={-1} class="screen-heading">
      {children}
    </h2>
  );
}
