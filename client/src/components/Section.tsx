import { Heading } from '@digdir/designsystemet-react';
import { useId, type ReactNode } from 'react';
import { usePageTitle } from '../lib/title';

/**
 * A part of a page under its own heading, which names the region for screen readers. `id` is the
 * anchor a contents list links to; the heading's id follows from it unless given.
 */
export function Section({
  id,
  headingId,
  title,
  level = 2,
  size = 'md',
  className = 'stack',
  children,
}: {
  id?: string;
  headingId?: string;
  title: ReactNode;
  level?: 2 | 3;
  size?: 'md' | 'sm' | 'xs';
  className?: string;
  children?: ReactNode;
}) {
  const generated = useId();
  const labelId = headingId ?? (id ? `${id}-heading` : generated);
  return (
    <section aria-labelledby={labelId} className={className} id={id}>
      <Heading level={level} data-size={size} id={labelId}>
        {title}
      </Heading>
      {children}
    </section>
  );
}

/**
 * A screen under its one h1, which also names it in the browser tab (which screen readers
 * announce after navigation).
 */
export function Page({
  title,
  className = 'stack-lg',
  children,
}: {
  title: string;
  className?: string;
  children?: ReactNode;
}) {
  usePageTitle(title);
  return (
    <div className={className}>
      <Heading level={1} data-size="lg">
        {title}
      </Heading>
      {children}
    </div>
  );
}
