import { describe, expect, it } from 'vitest';
import type { Server } from '@cc/connector-engine';
import { newConnectorWizardHref } from './link.ts';
import { applyUsage, defaultValues, stepIndex, stepOfProblem, toDraft, valuesFromDraft } from './model.ts';

const HUB01: Server = { name: 'HUB01', fqdn: 'hub01.contoso.com', role: 'HubTransport', ipAddresses: ['10.0.0.10', '10.0.0.11'] };

describe('wizard model', () => {
  it('answers a binding and range conflict on the Remote network step', () => {
    expect(stepOfProblem({ code: 'BINDING_RANGE_CONFLICT', paths: ['remoteIPRanges', 'bindings'], message: '' })).toBe(stepIndex('remote'));
    expect(stepOfProblem({ code: 'EXTERNAL_AUTHORITATIVE_REQUIRES_EXCHANGE_SERVERS', paths: ['authMechanism', 'permissionGroups'], message: '' })).toBe(
      stepIndex('authentication'),
    );
    expect(stepOfProblem({ code: 'INVALID_RANGE', paths: ['remoteIPRanges[1]'], message: '' })).toBe(stepIndex('remote'));
  });

  it('sends trimmed ranges and leaves blank rows out', () => {
    const values = { ...defaultValues(HUB01), name: 'CRM Application', remoteIPRanges: [{ value: ' 10.0.0.50 ' }, { value: '' }, { value: '10.0.0.52' }] };
    expect(toDraft(values)).toMatchObject({ server: 'HUB01', usage: 'Custom', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.50', '10.0.0.52'] });
  });

  it('applies the usage presets', () => {
    const internet = applyUsage(defaultValues(HUB01), 'Internet', HUB01);
    expect(internet.remoteIPRanges).toEqual([{ value: '0.0.0.0-255.255.255.255' }]);
    expect(internet.permissionGroups).toEqual(['AnonymousUsers']);
    const client = applyUsage(internet, 'Client', HUB01);
    expect(client.bindings).toEqual([{ address: '0.0.0.0', port: '587' }]);
    expect(client.remoteIPRanges).toEqual([{ value: '' }]);
  });

  it('opens pre-filled from a troubleshooter fix link', () => {
    const href = newConnectorWizardHref(
      { server: 'HUB01', name: 'Anonymous Relay 10.0.0.50', usage: 'Custom', bindings: ['0.0.0.0:25'], remoteIPRanges: ['10.0.0.50'], authMechanism: ['Tls'], permissionGroups: ['AnonymousUsers'] },
      'option2',
    );
    const params = new URL(href, 'http://x').searchParams;
    const values = valuesFromDraft(params.get('draft'), [HUB01], 'option2');
    expect(values).toMatchObject({ name: 'Anonymous Relay 10.0.0.50', relay: 'option2', permissionGroups: ['AnonymousUsers'], remoteIPRanges: [{ value: '10.0.0.50' }] });
    expect(valuesFromDraft('not base64 json', [HUB01], null)).toBeNull();
  });
});
