import type { OrganisationDocument } from '@cc/api-contract';
import { AUTH_MECHANISMS, PERMISSION_GROUPS, readPermissionGroups } from '@cc/connector-engine';
import { toEntries } from '../organisation/document.ts';

/**
 * Export-Clixml as Exchange writes it (config-exports.md §7: typed objects, `<TN>` lists referenced by `<TNRef>`,
 * enums as ToString + I32, multi-valued properties as `<LST>`), rendered from a console document: the files the
 * collector would write for that organisation. For tests, the e2e suite and the import benchmark.
 */
const NS = 'http://schemas.microsoft.com/powershell/2004/04';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

class Writer {
  private readonly out: string[] = [`<Objs Version="1.1.0.1" xmlns="${NS}">`];
  private readonly types = new Map<string, number>();
  private refs = 0;

  private typeNames(names: readonly string[]): string {
    const key = names.join('|');
    const known = this.types.get(key);
    if (known !== undefined) return `<TNRef RefId="${known}" />`;
    const id = this.types.size;
    this.types.set(key, id);
    return `<TN RefId="${id}">${names.map((n) => `<T>${esc(n)}</T>`).join('')}</TN>`;
  }

  object(typeNames: readonly string[], toString: string, props: string[]): void {
    this.out.push(`<Obj RefId="${this.refs++}">${this.typeNames(typeNames)}<ToString>${esc(toString)}</ToString><Props>${props.join('')}</Props></Obj>`);
  }

  s = (name: string, value: string | null) => (value === null ? `<Nil N="${name}" />` : `<S N="${name}">${esc(value)}</S>`);
  b = (name: string, value: boolean) => `<B N="${name}">${value}</B>`;
  i32 = (name: string, value: number) => `<I32 N="${name}">${value}</I32>`;
  enumeration = (name: string, type: string, text: string, value: number) =>
    `<Obj N="${name}" RefId="${this.refs++}">${this.typeNames([type, 'System.Enum', 'System.ValueType', 'System.Object'])}<ToString>${esc(text)}</ToString><I32>${value}</I32></Obj>`;
  list = (name: string, item: string, values: readonly string[]) =>
    `<Obj N="${name}" RefId="${this.refs++}">${this.typeNames([`Microsoft.Exchange.Data.MultiValuedProperty\`1[[${item}]]`, 'System.Object'])}<LST>${values.map((v) => `<S>${esc(v)}</S>`).join('')}</LST></Obj>`;

  toString(): string {
    return `\ufeff${this.out.join('\r\n')}\r\n</Objs>\r\n`;
  }
}

const flagsOf = <T extends string>(all: readonly T[], set: readonly string[]) => all.reduce((n, v, i) => (set.includes(v) ? n | (1 << i) : n), 0);

export function renderExchangeServers(doc: OrganisationDocument): string {
  const w = new Writer();
  for (const s of doc.servers)
    w.object(['Microsoft.Exchange.Data.Directory.Management.ExchangeServer', 'System.Object'], s.name, [
      w.s('Name', s.name),
      w.s('Fqdn', s.fqdn),
      w.s('AdminDisplayVersion', s.exchangeVersion ?? 'Version 8.1 (Build 240.6)'),
      w.enumeration('ServerRole', 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ServerRole', s.role === 'Edge' ? 'Edge' : 'HubTransport', s.role === 'Edge' ? 64 : 32),
      w.b('IsHubTransportServer', s.role === 'HubTransport'),
      w.b('IsEdgeServer', s.role === 'Edge'),
    ]);
  return w.toString();
}

export function renderAcceptedDomains(doc: OrganisationDocument): string {
  const w = new Writer();
  for (const d of doc.acceptedDomains)
    w.object(['Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomain', 'System.Object'], d.domainName, [
      w.s('Name', d.domainName),
      w.s('DomainName', d.domainName),
      w.enumeration('DomainType', 'Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomainType', d.domainType, { Authoritative: 0, ExternalRelay: 1, InternalRelay: 2 }[d.domainType]),
      w.b('Default', d.isDefault),
    ]);
  return w.toString();
}

export function renderTransportConfig(doc: OrganisationDocument): string {
  const w = new Writer();
  w.object(['Microsoft.Exchange.Data.Directory.SystemConfiguration.TransportConfig', 'System.Object'], 'Transport Settings', [
    w.list('TLSReceiveDomainSecureList', 'Microsoft.Exchange.Data.SmtpDomain', doc.transportSettings.tlsReceiveDomainSecureList),
    w.list('TLSSendDomainSecureList', 'Microsoft.Exchange.Data.SmtpDomain', doc.transportSettings.tlsSendDomainSecureList),
  ]);
  return w.toString();
}

export function renderReceiveConnectors(doc: OrganisationDocument): string {
  const w = new Writer();
  for (const c of doc.connectors) {
    const server = doc.servers.find((s) => s.name.toLowerCase() === c.server.toLowerCase())!;
    const groups = readPermissionGroups(toEntries(c.permissions, 'r'), server.role, doc.domain);
    w.object(['Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector', 'System.Object'], `${c.server}\\${c.name}`, [
      w.s('Identity', `${c.server}\\${c.name}`),
      w.s('Name', c.name),
      w.s('Server', c.server),
      w.enumeration('AuthMechanism', 'Microsoft.Exchange.Data.Directory.SystemConfiguration.AuthMechanisms', c.authMechanism.join(', ') || 'None', flagsOf(AUTH_MECHANISMS, c.authMechanism)),
      w.s('Banner', c.banner),
      w.list('Bindings', 'Microsoft.Exchange.Data.IPBinding', c.bindings),
      w.s('Fqdn', c.fqdn),
      w.s('Comment', c.comment),
      w.b('Enabled', c.enabled),
      w.s('MaxMessageSize', `${c.maxMessageSize / 1024} KB (${c.maxMessageSize.toLocaleString('en-US')} bytes)`),
      w.i32('MaxRecipientsPerMessage', c.maxRecipientsPerMessage),
      w.enumeration('PermissionGroups', 'Microsoft.Exchange.Data.PermissionGroups', groups.join(', ') || 'None', flagsOf([...PERMISSION_GROUPS, 'Custom'], groups)),
      w.enumeration('ProtocolLoggingLevel', 'Microsoft.Exchange.Data.ProtocolLoggingLevel', c.protocolLoggingLevel, c.protocolLoggingLevel === 'Verbose' ? 1 : 0),
      w.list('RemoteIPRanges', 'Microsoft.Exchange.Data.IPRange', c.remoteIPRanges),
      w.b('RequireTLS', c.requireTLS),
      w.b('DomainSecureEnabled', c.domainSecureEnabled),
      w.s('SizeEnabled', c.sizeEnabled),
      ...Object.entries(c.extras).map(([k, v]) => w.s(k, v)),
    ]);
  }
  return w.toString();
}

/** Get-ReceiveConnector | Get-ADPermission: one ACE per right, explicit then the server container's inherited ones. */
export function renderReceiveConnectorPermissions(doc: OrganisationDocument): string {
  const w = new Writer();
  const ace = (identity: string, user: string, right: string, deny: boolean, inherited: boolean) =>
    w.object(['Microsoft.Exchange.Management.RecipientTasks.ADAcePresentationObject', 'System.Object'], user, [
      w.s('Identity', identity),
      w.s('User', user),
      w.list('ExtendedRights', 'Microsoft.Exchange.Management.RecipientTasks.ExtendedRightIdParameter', [right]),
      w.b('Deny', deny),
      w.b('IsInherited', inherited),
    ]);
  for (const c of doc.connectors) {
    const identity = `${c.server}\\${c.name}`;
    for (const e of c.permissions) for (const r of e.extendedRights) ace(identity, e.user, r, e.deny, false);
    const server = doc.servers.find((s) => s.name.toLowerCase() === c.server.toLowerCase())!;
    for (const e of server.containerPermissions) for (const r of e.extendedRights) ace(identity, e.user, r, e.deny, true);
  }
  return w.toString();
}

/** The collector's CliXML files for an organisation, by the names the collector gives them. */
export function renderCollectorFiles(doc: OrganisationDocument): { name: string; content: string }[] {
  return [
    { name: 'ExchangeServer.xml', content: renderExchangeServers(doc) },
    { name: 'AcceptedDomain.xml', content: renderAcceptedDomains(doc) },
    { name: 'TransportConfig.xml', content: renderTransportConfig(doc) },
    { name: 'ReceiveConnector.xml', content: renderReceiveConnectors(doc) },
    { name: 'ReceiveConnectorPermission.xml', content: renderReceiveConnectorPermissions(doc) },
  ];
}
