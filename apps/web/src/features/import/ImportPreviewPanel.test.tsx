import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import type { ImportPreview, PlannedChange } from '@cc/api-contract';
import { ImportPreviewPanel, changeSummary } from './ImportPreviewPanel.tsx';

const change = (over: Partial<PlannedChange>): PlannedChange => ({
  kind: 'connector',
  action: 'update',
  key: 'hub01\\internet hub01',
  label: 'HUB01\\Internet HUB01',
  server: 'HUB01',
  fields: [],
  before: null,
  after: null,
  shellToMatchExchange: [],
  shellToMatchConsole: [],
  ...over,
});

const preview = (changes: PlannedChange[]): ImportPreview => ({
  sources: [{ file: 'ReceiveConnector.xml', sha256: 'a'.repeat(64), bytes: 10, format: 'clixml', objects: 1 }],
  servers: [{ name: 'HUB01', exchangeVersion: 'Version 8.1 (Build 240.6)', release: 'Exchange 2007 SP1' }],
  changes,
  refused: [],
  problems: [],
  findings: [],
  drift: true,
  lastImportAt: '2026-11-29T10:00:00.000Z',
  planHash: 'b'.repeat(64),
});

describe('the import preview', () => {
  it('names objects and changed fields as the console pages do, and says it is drift', () => {
    render(<ImportPreviewPanel preview={preview([change({ fields: ['maxRecipientsPerMessage', 'extras'] }), change({ kind: 'server', key: 'hub01', label: 'HUB01', fields: ['exchangeVersion'] })])} />);
    expect(screen.getByRole('heading', { name: 'Drift since the last import' })).toBeTruthy();
    const items = screen.getAllByTestId('import-change').map((li) => li.textContent);
    expect(items[0]).toContain('HUB01\\Internet HUB01 — Maximum recipients per message, Properties outside the 2007 model');
    expect(items[1]).toContain('HUB01 — Exchange version');
  });

  it('sums the changes up per kind and action, or says there is nothing to change', () => {
    expect(changeSummary([])).toBe('Nothing to change: the console already holds what the files describe.');
    expect(changeSummary([change({ action: 'create' }), change({ action: 'create' }), change({ kind: 'acceptedDomain', action: 'delete' })])).toBe(
      '3 changes: 2 × receive connector new, 1 × accepted domain removed.',
    );
  });
});
