import type { ReactNode } from 'react';
import { usePageTitle } from './usePageTitle.ts';

/** A page the help-desk issue fills in: a heading and one line on what it will show. */
export function PlaceholderPage({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{title}</h1>
      <p className="muted">{children}</p>
      <p className="notice">This page is not available yet.</p>
    </section>
  );
}
