import { useEffect } from 'react';

/** The document title follows the page, so screen-reader users and tabs know where they are. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Connector Console`;
  }, [title]);
}
