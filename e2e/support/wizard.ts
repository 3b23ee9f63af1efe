import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { ARTIFACTS_DIR } from './env.ts';

export const STEP_TITLES = [
  'Introduction',
  'Local network settings',
  'Remote network settings',
  'Permission groups',
  'Authentication',
  'Relay permissions',
  'New connector (review)',
  'Completion',
] as const;
export type StepTitle = (typeof STEP_TITLES)[number];

/** The heading each step shows (the review's heading is shorter than its rail entry). */
const HEADING: Record<StepTitle, string> = { ...Object.fromEntries(STEP_TITLES.map((t) => [t, t])), 'New connector (review)': 'New connector' } as Record<
  StepTitle,
  string
>;

/** The nine rights the Exchange servers group grants MS Exchange\Externally Secured Servers (Option 1). */
export const EXTERNALLY_SECURED_RIGHTS = [
  'ms-Exch-SMTP-Submit',
  'ms-Exch-SMTP-Accept-Any-Recipient',
  'ms-Exch-SMTP-Accept-Any-Sender',
  'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender',
  'ms-Exch-SMTP-Accept-Authentication-Flag',
  'ms-Exch-SMTP-Accept-Exch50',
  'ms-Exch-Bypass-Anti-Spam',
  'ms-Exch-Bypass-Message-Size-Limit',
  'ms-Exch-Accept-Headers-Routing',
];

/** The New Receive Connector wizard as an admin sees it: the step rail, the step's form, Back and Next. */
export class WizardPage {
  readonly rail: Locator;
  readonly body: Locator;

  constructor(readonly page: Page) {
    this.rail = page.getByRole('navigation', { name: 'Wizard steps' });
    this.body = page.locator('form.wizard-body');
  }

  railStep(title: StepTitle): Locator {
    const n = STEP_TITLES.indexOf(title) + 1;
    return this.rail.getByRole('button', { name: new RegExp(`^Step ${n}: ${title.replace(/[()]/g, '\\$&')}`) });
  }

  async expectStep(title: StepTitle): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 2, name: HEADING[title], exact: true })).toBeVisible();
    await expect(this.railStep(title)).toHaveAttribute('aria-current', 'step');
  }

  async next(expected: StepTitle): Promise<void> {
    await this.page.getByRole('button', { name: 'Next', exact: true }).click();
    await this.expectStep(expected);
  }

  async back(expected: StepTitle): Promise<void> {
    await this.page.getByRole('button', { name: 'Back', exact: true }).click();
    await this.expectStep(expected);
  }

  range(n: number): Locator {
    return this.page.getByRole('textbox', { name: `Remote IP address range ${n}`, exact: true });
  }

  async setRanges(ranges: string[]): Promise<void> {
    for (const [i, value] of ranges.entries()) {
      if (i > 0) await this.page.getByRole('button', { name: 'Add range' }).click();
      await this.range(i + 1).fill(value);
    }
  }

  group(label: string): Locator {
    return this.page.getByRole('checkbox', { name: label, exact: true });
  }

  auth(label: string): Locator {
    return this.page.getByRole('checkbox', { name: label, exact: true });
  }

  /** A PNG of the step, kept under e2e/artifacts/wizard/ and attached to the report. */
  async screenshot(testInfo: TestInfo, flow: string, title: StepTitle): Promise<void> {
    const dir = join(ARTIFACTS_DIR, 'wizard');
    mkdirSync(dir, { recursive: true });
    const n = STEP_TITLES.indexOf(title) + 1;
    const file = join(dir, `${flow}-${n}-${title.replace(/[^\w]+/g, '-').replace(/-+$/, '').toLowerCase()}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(`${flow} step ${n}: ${title}`, { path: file, contentType: 'image/png' });
  }
}

/** `?draft=` for the wizard: base64url of the draft's JSON (apps/web/src/features/wizard/link.ts). */
export function wizardDraftHref(draft: Record<string, unknown>, relay?: 'none' | 'option1' | 'option2'): string {
  const params = new URLSearchParams({ draft: Buffer.from(JSON.stringify(draft), 'utf8').toString('base64url') });
  if (relay) params.set('relay', relay);
  return `/connectors/new?${params.toString()}`;
}
