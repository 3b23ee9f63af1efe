import { useEffect } from 'react';

/** The document title follows the page, so screen-reader users and tabs know where they are. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Connector Console`;
  }, [title]);
  useHeadingFocus();
}

/**
 * When a page's content mounts, its heading takes focus, so keyboard and screen-reader users start there. Pages
 * that load lazily or show "Loading…" first call it again from the part that renders the heading.
 */
export function useHeadingFocus(): void {
  useEffect(() => {
    const heading = document.querySelector<HTMLElement>('main h1');
    if (!heading) return;
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }, []);
}
