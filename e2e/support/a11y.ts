import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

const BLOCKING = new Set(['serious', 'critical']);

/**
 * axe-core on the page as it is now: serious and critical violations fail the test (softly, so one run reports
 * every page's problems); the full result is attached when there are any.
 */
export async function expectAccessible(page: Page, testInfo: TestInfo, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
  if (blocking.length > 0)
    await testInfo.attach(`axe-${label.replace(/[^\w-]+/g, '-')}.json`, { body: JSON.stringify(blocking, null, 2), contentType: 'application/json' });
  const summary = blocking.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : ''}`,
  );
  expect.soft(summary, `axe-core: serious or critical violations on ${label}`).toEqual([]);
}
