import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { ConnectorView } from '../../api/types.ts';
import { CompletionStep } from './CompletionStep.tsx';

const connector = {
  id: 'c1',
  server: 'HUB01',
  name: 'Scanner Relay',
  usage: 'Custom',
  enabled: true,
  bindings: ['0.0.0.0:25'],
  remoteIPRanges: ['10.0.0.70'],
  authMechanism: ['Tls'],
  permissionGroups: ['AnonymousUsers', 'ExchangeServers'],
} as unknown as ConnectorView;

const show = (permissionError: unknown) =>
  render(
    <MemoryRouter>
      <CompletionStep result={{ connector, commands: ['New-ReceiveConnector …'], permissionError, elapsedMs: 1200 }} onRetryGrant={() => undefined} retrying={false} />
    </MemoryRouter>,
  );

describe('CompletionStep', () => {
  it('says a connector created without its relay grant is not a success', () => {
    show(new Error('network down'));
    const headline = screen.getByTestId('completion-status');
    expect(headline.textContent).toMatch(/^Scanner Relay was created on HUB01 without its relay grant\./);
    expect(headline.textContent).not.toMatch(/successfully/);
    expect(headline.getAttribute('role')).toBe('alert');
  });

  it('names the permission groups by their console labels', () => {
    show(null);
    expect(screen.getByTestId('completion-status').textContent).toMatch(/completed successfully/);
    expect(screen.getByText('Anonymous users, Exchange servers')).toBeTruthy();
    expect(screen.queryByText(/ExchangeServers/)).toBeNull();
  });
});
