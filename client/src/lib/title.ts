import { useEffect } from 'react';

/** Each screen names itself in the tab title, which screen readers announce after navigation. */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} – Samverka` : 'Samverka';
  }, [title]);
}
