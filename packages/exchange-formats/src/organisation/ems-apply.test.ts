import { describe, expect, it } from 'vitest';
import { readEmsScript } from '../ems/read-ems-script.ts';
import { emptyDocument } from './document.ts';
import { applyEmsScript } from './ems-apply.ts';

function organisation() {
  const doc = emptyDocument('CONTOSO', '');
  doc.servers.push({ name: 'HUB01', fqdn: 'hub01.contoso.com', role: 'HubTransport', ipAddresses: ['10.0.0.10'], exchangeVersion: null, containerPermissions: [] });
  return doc;
}

const run = (script: string) => applyEmsScript(organisation(), readEmsScript(script, 'change.ps1').commands, 'change.ps1');

describe('EMS commands as admins paste them', () => {
  it('applies the classic anonymous relay recipe from a blog post (bare name, mixed case, double quotes)', () => {
    const { document, problems } = run(
      [
        'New-ReceiveConnector -Name "Anonymous Relay" -Usage Custom -Bindings 0.0.0.0:25 -RemoteIPRanges 10.0.0.50,10.0.0.51 -Server HUB01 -PermissionGroups AnonymousUsers',
        'Get-ReceiveConnector "Anonymous Relay" | Add-ADPermission -User "NT AUTHORITY\\ANONYMOUS LOGON" -ExtendedRights "Ms-Exch-SMTP-Accept-Any-Recipient"',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    const [c] = document.connectors;
    expect(c).toMatchObject({ name: 'Anonymous Relay', remoteIPRanges: ['10.0.0.50', '10.0.0.51'], bindings: ['0.0.0.0:25'] });
    expect(c!.permissions).toContainEqual({ user: 'NT AUTHORITY\\ANONYMOUS LOGON', extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: false, source: 'Explicit' });
  });

  it('names the line and the parameter the console does not model, and applies nothing of that line', () => {
    const { document, problems } = run('New-ReceiveConnector -Name Relay -Usage Custom -Bindings 0.0.0.0:25 -RemoteIPRanges 10.0.0.9 -Server HUB01 -MaxInboundConnection 100');
    expect(document.connectors).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', property: 'MaxInboundConnection', message: expect.stringMatching(/^Line 1: .*-MaxInboundConnection/) })]);
  });

  it('refuses what Exchange refuses, with its reason', () => {
    const { problems } = run('New-ReceiveConnector -Name Relay -Usage Custom -Bindings 0.0.0.0:25 -Server HUB01');
    expect(problems[0]!.message).toMatch(/Line 1: Exchange would refuse this/);
  });

  it('reads sizes and whole numbers, and says which value it cannot read', () => {
    const ok = run('New-ReceiveConnector -Name Big -Usage Custom -Bindings 0.0.0.0:2525 -RemoteIPRanges 10.0.0.9 -Server HUB01 -MaxMessageSize 20MB -MaxRecipientsPerMessage 500');
    expect(ok.document.connectors[0]).toMatchObject({ maxMessageSize: 20 * 1024 * 1024, maxRecipientsPerMessage: 500 });
    const bad = run('New-ReceiveConnector -Name Big -Usage Custom -Bindings 0.0.0.0:2525 -RemoteIPRanges 10.0.0.9 -Server HUB01 -MaxMessageSize lots');
    expect(bad.problems[0]).toMatchObject({ property: 'MaxMessageSize', message: expect.stringMatching(/"lots" is not a size/) });
  });

  it('asks for SERVER\\name when a bare name is ambiguous', () => {
    const doc = organisation();
    doc.servers.push({ ...doc.servers[0]!, name: 'HUB02', fqdn: 'hub02.contoso.com' });
    const script = [
      'New-ReceiveConnector -Name Relay -Usage Custom -Bindings 0.0.0.0:25 -RemoteIPRanges 10.0.0.9 -Server HUB01',
      'New-ReceiveConnector -Name Relay -Usage Custom -Bindings 0.0.0.0:25 -RemoteIPRanges 10.0.0.9 -Server HUB02',
      'Remove-ReceiveConnector Relay -Confirm:$false',
    ].join('\n');
    const { problems } = applyEmsScript(doc, readEmsScript(script, 'x.ps1').commands, 'x.ps1');
    expect(problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/Line 3: "Relay" names a connector on several servers/), fix: expect.stringMatching(/SERVER\\Connector name/) })]);
  });
});
