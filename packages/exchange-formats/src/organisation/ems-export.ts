import type { OrganisationDocument } from '@cc/api-contract';
import {
  DEFAULT_TRANSPORT_SETTINGS,
  containerPermissionCommands,
  nameKey,
  newAcceptedDomainCommands,
  newConnectorCommands,
  psComment,
  setTransportConfigCommands,
} from '@cc/connector-engine';
import { serverContextOf } from './document.ts';

/**
 * The organisation as an Exchange Management Shell script that recreates it in an organisation without these
 * objects: transport settings, accepted domains, then every connector with its exact ACL (New-ReceiveConnector,
 * Set-ReceiveConnector, Add-/Remove-ADPermission, -Deny included), every value single-quoted. Servers and
 * directory accounts are not created by the shell; `# cc:` lines describe them so the console's import can
 * recreate them too, and the container entries are written as commands to run by hand.
 */
export function organisationScript(doc: OrganisationDocument): string {
  const scope = doc.scope === 'organisation' ? `the organisation ${doc.domain}` : `server ${doc.scope.server} of ${doc.domain}`;
  const lines: string[] = [
    psComment(`Connector Console export of ${scope}, ${doc.exportedAt}.`),
    psComment('Run it in the Exchange Management Shell (Exchange 2007 or later) of an organisation that does not have these objects yet.'),
    psComment('The "# cc:" lines describe what no Exchange cmdlet creates (servers, directory accounts); Connector Console reads them on import.'),
    '',
  ];
  for (const server of doc.servers) {
    lines.push(`# cc:server ${JSON.stringify(server)}`);
    for (const e of server.containerPermissions)
      for (const command of containerPermissionCommands(server.name, 'Add', e.user, e.extendedRights, e.deny))
        lines.push(command.startsWith('#') ? command : psComment(`By hand, if the container does not have it yet: ${command}`));
  }
  for (const principal of doc.principals) lines.push(`# cc:principal ${JSON.stringify(principal)}`);
  lines.push('');
  lines.push(...setTransportConfigCommands(DEFAULT_TRANSPORT_SETTINGS, doc.transportSettings));
  // The default domain last, so its -MakeDefault is the one that stays.
  const domains = [...doc.acceptedDomains].sort((a, b) => Number(a.isDefault) - Number(b.isDefault));
  for (const d of domains) lines.push(...newAcceptedDomainCommands(d));
  for (const server of doc.servers) {
    const ctx = serverContextOf(doc, server);
    const connectors = doc.connectors.filter((c) => nameKey(c.server) === nameKey(server.name));
    if (connectors.length === 0) continue;
    lines.push('', psComment(`Receive connectors of ${server.name}`));
    for (const [i, connector] of ctx.connectors.entries()) {
      lines.push(...newConnectorCommands(connector, ctx));
      const extras = Object.keys(connectors[i]!.extras);
      if (extras.length > 0) lines.push(psComment(`${connector.name}: not set by this script (outside the 2007 model): ${extras.join(', ')}.`));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
