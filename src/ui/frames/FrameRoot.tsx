/**
 * The root of every frame placed on instagram.com: reports its content height to the parent (the
 * content script sizes the iframe from it; src/ui/frame-messages.ts) whenever it changes.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { postToParent, resizeMessage } from '../frame-messages';

export interface FrameRootProps {
  /** Extra class names (each frame's own layout). */
  class?: string;
  testId?: string;
  children: ComponentChildren;
}

export function FrameRoot({ class: className, testId, children }: FrameRootProps) {
  const ref = useRef<HTMLDivElement>(null);
  useReportHeight(ref);
  return (
    <div ref={ref} class={className ? `frame ${className}` : 'frame'} data-testid={testId}>
      {children}
    </div>
  );
}

/** Posts `resize` with the element's height now and after every change (ResizeObserver). */
function useReportHeight(ref: { current: HTMLElement | null }): void {
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let last = -1;
    const report = () => {
      const message = resizeMessage(element.getBoundingClientRect().height);
      if (message.height === last) return;
      last = message.height;
      postToParent(message);
    };
    report();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(report);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
}
