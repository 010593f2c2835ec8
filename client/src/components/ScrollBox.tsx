import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A box that scrolls sideways by itself when its content (a table) is wider than the screen, so
 * the page does not. While it overflows it is a named region in the tab order, so a keyboard can
 * scroll it too; while it fits it is a plain box and no extra tab stop.
 */
export function ScrollBox({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setOverflows(box.scrollWidth > box.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      className="scroll-box"
      {...(overflows ? { role: 'region', 'aria-labelledby': labelledBy, tabIndex: 0 } : {})}
    >
      {children}
    </div>
  );
}
