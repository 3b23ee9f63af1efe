import { DocumentServerSchema, type OrganisationDocument } from '@cc/api-contract';
import {
  PrincipalSchema,
  TransportSettingsSchema,
  addExplicitRights,
  nameKey,
  removeRights,
  samePrincipal,
  unknownRights,
  validateConnectorDraft,
  type AcceptedDomain,
  type ConnectorDraft,
} from '@cc/connector-engine';
import type { EmsCommand, EmsValue } from '../ems-command.ts';
import type { ImportProblem, SourceRef } from '../shell-object.ts';
import { connectorKey, serverContextOf, toConnectorState, toDocumentEntries, toEntries } from './document.ts';
import { byteSize, integer } from './values.ts';

/**
 * Applies a script of Exchange Management Shell commands to an organisation document, as Exchange would run
 * them, with the console's own rules (the engine validates each connector exactly as the wizard does). A
 * command that cannot be applied — unknown cmdlet, unsupported parameter, refused by the rules — is reported
 * with its line and changes nothing; the commands after it still run, as in the shell.
 */
export interface EmsApplied {
  document: OrganisationDocument;
  problems: ImportProblem[];
  applied: number;
}

/** Parameters that change nothing the console models: accepted and ignored, as the shell would not complain. */
const NO_EFFECT = new Set(['confirm', 'force', 'domaincontroller', 'erroraction', 'verbose', 'accessrights', 'inheritancetype']);

/** Each connector parameter: where its value goes in the draft, or why it cannot be read. */
const CONNECTOR_PARAMETERS: Record<string, (v: EmsValue, draft: Partial<ConnectorDraft>) => string | null> = {
  name: (v, d) => one(v, (s) => void (d.name = s)),
  enabled: (v, d) => boolean(v, (b) => (d.enabled = b)),
  bindings: (v, d) => strings(v, (l) => (d.bindings = l)),
  remoteipranges: (v, d) => strings(v, (l) => (d.remoteIPRanges = l)),
  authmechanism: (v, d) => strings(v, (l) => (d.authMechanism = l as ConnectorDraft['authMechanism'])),
  permissiongroups: (v, d) => strings(v, (l) => (d.permissionGroups = l as ConnectorDraft['permissionGroups'])),
  fqdn: (v, d) => one(v, (s) => void (d.fqdn = s)),
  banner: (v, d) => (v === null ? ((d.banner = null), null) : one(v, (s) => void (d.banner = s))),
  maxmessagesize: (v, d) => one(v, (s) => ((d.maxMessageSize = byteSize(s)) === undefined ? `"${s}" is not a size such as 10MB` : null)),
  maxrecipientspermessage: (v, d) => one(v, (s) => ((d.maxRecipientsPerMessage = integer(s)) === undefined ? `"${s}" is not a whole number` : null)),
  sizeenabled: (v, d) => one(v, (s) => void (d.sizeEnabled = s as ConnectorDraft['sizeEnabled'])),
  requiretls: (v, d) => boolean(v, (b) => (d.requireTLS = b)),
  domainsecureenabled: (v, d) => boolean(v, (b) => (d.domainSecureEnabled = b)),
  protocollogginglevel: (v, d) => one(v, (s) => void (d.protocolLoggingLevel = s as ConnectorDraft['protocolLoggingLevel'])),
  comment: (v, d) => one(v, (s) => void (d.comment = s)),
};

/** 2007's usage switches (`New-ReceiveConnector -Internet …`) as well as `-Usage Internet`. */
const USAGE_SWITCHES = ['custom', 'internet', 'internal', 'client', 'partner'];

/** One text value; `read` answers a problem with it, or nothing. */
function one(v: EmsValue, read: (s: string) => string | null | void): string | null {
  if (typeof v !== 'string') return 'expects one value';
  return read(v) ?? null;
}
function boolean(v: EmsValue, set: (b: boolean) => unknown): string | null {
  const b = typeof v === 'boolean' ? v : typeof v === 'string' && /^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : undefined;
  if (b === undefined) return 'expects $true or $false';
  set(b);
  return null;
}
function strings(v: EmsValue, set: (l: string[]) => unknown): string | null {
  if (v === null || typeof v === 'boolean') return 'expects one or more values';
  set(typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : [...v]);
  return null;
}

export function applyEmsScript(start: OrganisationDocument, commands: readonly EmsCommand[], file: string): EmsApplied {
  const document: OrganisationDocument = structuredClone(start);
  const problems: ImportProblem[] = [];
  let applied = 0;
  for (const command of commands) {
    const source: SourceRef = { file, line: command.line, index: 0 };
    const fail = (message: string, fix?: string, property?: string) =>
      problems.push({ severity: 'error', source, object: command.cmdlet, ...(property ? { property } : {}), message: `Line ${command.line}: ${message}`, ...(fix ? { fix } : {}) });
    const handler = HANDLERS[command.cmdlet.toLowerCase()];
    if (!handler) {
      fail(`${command.cmdlet} is not a command the console imports; nothing on this line was applied.`, `Supported: ${Object.keys(HANDLERS).map(canonicalCmdlet).join(', ')}.`);
      continue;
    }
    if (parameter(command, 'whatif') !== undefined) {
      problems.push({ severity: 'warning', source, message: `Line ${command.line}: -WhatIf makes ${command.cmdlet} change nothing, so it was not applied.` });
      continue;
    }
    const error = handler(document, command);
    if (error) fail(error.message, error.fix, error.property);
    else applied += 1;
  }
  return { document, problems, applied };
}

interface HandlerError {
  message: string;
  fix?: string;
  property?: string;
}
type Handler = (doc: OrganisationDocument, command: EmsCommand) => HandlerError | null;

const canonicalCmdlet = (lower: string) => lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase()).replace('Adpermission', 'ADPermission');

function parameter(command: EmsCommand, name: string): EmsValue | undefined {
  for (const [key, value] of command.parameters) if (key.toLowerCase() === name) return value;
  return undefined;
}

function unsupported(command: EmsCommand, allowed: readonly string[]): HandlerError | null {
  for (const key of command.parameters.keys()) {
    const k = key.toLowerCase();
    if (!allowed.includes(k) && !NO_EFFECT.has(k))
      return { message: `${command.cmdlet} -${key} is a parameter the console does not model; nothing on this line was applied.`, fix: `Remove -${key} from the line (or set it in Exchange directly), then import again.`, property: key };
  }
  return null;
}

/** The identity a command acts on: -Identity, the first positional argument, or the piped Get-ReceiveConnector's. */
function identityOf(command: EmsCommand): string | null {
  const explicit = parameter(command, 'identity');
  if (typeof explicit === 'string') return explicit;
  if (command.positional[0] !== undefined) return command.positional[0];
  if (command.input && command.input.cmdlet.toLowerCase() === 'get-receiveconnector') return identityOf(command.input);
  return null;
}

/** `HUB01\Relay`, or a bare name when it is unique in the organisation (as the shell resolves it). */
function resolveConnector(doc: OrganisationDocument, identity: string): { index: number } | HandlerError {
  const slash = identity.indexOf('\\');
  const matches = doc.connectors
    .map((c, index) => ({ c, index }))
    .filter(({ c }) => (slash > 0 ? connectorKey(c.server, c.name) === connectorKey(identity.slice(0, slash), identity.slice(slash + 1)) : nameKey(c.name) === nameKey(identity)));
  if (matches.length === 1) return { index: matches[0]!.index };
  if (matches.length === 0) return { message: `there is no receive connector "${identity}".`, fix: 'Write the identity as SERVER\\Connector name, as Get-ReceiveConnector shows it.' };
  return { message: `"${identity}" names a connector on several servers (${matches.map(({ c }) => c.server).join(', ')}).`, fix: 'Write the identity as SERVER\\Connector name.' };
}

function connectorDraft(command: EmsCommand, draft: Partial<ConnectorDraft>): HandlerError | null {
  for (const [key, value] of command.parameters) {
    const set = CONNECTOR_PARAMETERS[key.toLowerCase()];
    if (!set) continue;
    const problem = set(value, draft);
    if (problem) return { message: `-${key} ${problem}.`, property: key };
  }
  return null;
}

function saveValidated(doc: OrganisationDocument, serverName: string, draft: ConnectorDraft, index: number | null): HandlerError | null {
  const server = doc.servers.find((s) => nameKey(s.name) === nameKey(serverName));
  if (!server) return { message: `there is no server ${serverName}.`, fix: 'Import the server first (the collector\'s ExchangeServer.xml, or a "# cc:server" line of a console export).' };
  const ctx = serverContextOf(doc, server);
  const existing = index === null ? undefined : toConnectorState(doc.connectors[index]!);
  const others = ctx.connectors.filter((c) => existing === undefined || c.id !== existing.id);
  let n = 0;
  const result = validateConnectorDraft(draft, { ...ctx, connectors: others, ...(existing ? { existing } : {}), newId: () => `ems-${n++}` });
  if (result.errors.length > 0 || !result.connector) return { message: `Exchange would refuse this: ${result.errors.map((e) => e.message).join(' ')}` };
  const { id: _id, version: _v, entries, server: _s, ...fields } = result.connector;
  const next = { server: server.name, ...fields, permissions: toDocumentEntries(entries), extras: index === null ? {} : doc.connectors[index]!.extras };
  if (index === null) doc.connectors.push(next);
  else doc.connectors[index] = next;
  return null;
}

function newReceiveConnector(doc: OrganisationDocument, command: EmsCommand): HandlerError | null {
  const problem = unsupported(command, [...Object.keys(CONNECTOR_PARAMETERS), 'server', 'usage', ...USAGE_SWITCHES]);
  if (problem) return problem;
  const server = parameter(command, 'server');
  if (typeof server !== 'string') return { message: 'New-ReceiveConnector needs -Server.', fix: 'Add -Server with the Hub Transport or Edge server the connector belongs to.', property: 'Server' };
  const usageSwitch = USAGE_SWITCHES.find((u) => parameter(command, u) === true);
  const usage = parameter(command, 'usage') ?? usageSwitch ?? 'Custom';
  const draft: Partial<ConnectorDraft> = { server, usage: (typeof usage === 'string' ? usage.charAt(0).toUpperCase() + usage.slice(1).toLowerCase() : 'Custom') as ConnectorDraft['usage'] };
  const error = connectorDraft(command, draft);
  if (error) return error;
  if (!draft.name) return { message: 'New-ReceiveConnector needs -Name.', property: 'Name' };
  return saveValidated(doc, server, draft as ConnectorDraft, null);
}

function setReceiveConnector(doc: OrganisationDocument, command: EmsCommand): HandlerError | null {
  const problem = unsupported(command, [...Object.keys(CONNECTOR_PARAMETERS), 'identity']);
  if (problem) return problem;
  const identity = identityOf(command);
  if (!identity) return { message: 'Set-ReceiveConnector needs -Identity.', property: 'Identity' };
  const found = resolveConnector(doc, identity);
  if ('message' in found) return found;
  const current = doc.connectors[found.index]!;
  const draft: Partial<ConnectorDraft> = { server: current.server, usage: current.usage, name: current.name };
  const error = connectorDraft(command, draft);
  if (error) return error;
  return saveValidated(doc, current.server, draft as ConnectorDraft, found.index);
}

function removeReceiveConnector(doc: OrganisationDocument, command: EmsCommand): HandlerError | null {
  const problem = unsupported(command, ['identity']);
  if (problem) return problem;
  const identity = identityOf(command);
  if (!identity) return { message: 'Remove-ReceiveConnector needs -Identity.', property: 'Identity' };
  const found = resolveConnector(doc, identity);
  if ('message' in found) return found;
  doc.connectors.splice(found.index, 1);
  return null;
}

function permission(verb: 'add' | 'remove'): Handler {
  return (doc, command) => {
    const problem = unsupported(command, ['identity', 'user', 'extendedrights', 'deny']);
    if (problem) return problem;
    const identity = identityOf(command);
    if (!identity) return { message: `${command.cmdlet} needs a connector: pipe Get-ReceiveConnector into it or give -Identity.`, property: 'Identity' };
    const user = parameter(command, 'user');
    const rights = parameter(command, 'extendedrights');
    if (typeof user !== 'string') return { message: `${command.cmdlet} needs -User.`, property: 'User' };
    if (rights === undefined || rights === null || typeof rights === 'boolean') return { message: `${command.cmdlet} needs -ExtendedRights.`, property: 'ExtendedRights' };
    const change = { user, extendedRights: typeof rights === 'string' ? rights.split(',').map((r) => r.trim()) : [...rights], deny: parameter(command, 'deny') === true };
    const unknown = unknownRights(change);
    if (unknown.length > 0) return { message: `${unknown.join(', ')} ${unknown.length > 1 ? 'are not extended rights' : 'is not an extended right'} of receive connectors.`, property: 'ExtendedRights' };
    const found = resolveConnector(doc, identity);
    if ('message' in found) return found;
    const connector = doc.connectors[found.index]!;
    const entries = toEntries(connector.permissions, 'ems');
    let n = 0;
    const next = verb === 'add' ? addExplicitRights(entries, change, () => `ems-add-${n++}`) : removeRights(entries, change);
    connector.permissions = toDocumentEntries(next);
    return null;
  };
}

function acceptedDomainName(doc: OrganisationDocument, identity: string): AcceptedDomain | undefined {
  const wanted = identity.toLowerCase().replace(/ and subdomains$/, '');
  return doc.acceptedDomains.find((d) => d.domainName.toLowerCase() === wanted || d.domainName.toLowerCase() === `*.${wanted}`);
}

const DOMAIN_TYPES = ['Authoritative', 'InternalRelay', 'ExternalRelay'] as const;

function newAcceptedDomain(doc: OrganisationDocument, command: EmsCommand): HandlerError | null {
  const problem = unsupported(command, ['name', 'domainname', 'domaintype']);
  if (problem) return problem;
  const domainName = parameter(command, 'domainname');
  const type = parameter(command, 'domaintype') ?? 'Authoritative';
  const domainType = DOMAIN_TYPES.find((t) => typeof type === 'string' && t.toLowerCase() === type.toLowerCase());
  if (typeof domainName !== 'string') return { message: 'New-AcceptedDomain needs -DomainName.', property: 'DomainName' };
  if (!domainType) return { message: `-DomainType must be ${DOMAIN_TYPES.join(', ')}.`, property: 'DomainType' };
  if (acceptedDomainName(doc, domainName)) return { message: `the accepted domain ${domainName} exists already.` };
  doc.acceptedDomains.push({ domainName, domainType, isDefault: doc.acceptedDomains.length === 0 });
  return null;
}

function setAcceptedDomain(doc: OrganisationDocument, command: EmsCommand): HandlerError | null {
  const problem = unsupported(command, ['identity', 'domaintype', 'makedefault']);
  if (problem) return problem;
  const identity = identityOf(command);
  const domain = identity ? acceptedDomainName(doc, identity) : undefined;
  if (!domain) return { message: `there is no accepted domain "${identity ?? ''}".`, property: 'Identity' };
  const type = parameter(command, 'domaintype');
  if (type !== undefined) {
    const domainType = DOMAIN_TYPES.find((t) => typeof type === 'string' && t.toLowerCase() === type.toLowerCase());
    if (!domainType) return { message: `-DomainType must be ${DOMAIN_TYPES.join(', ')}.`, property: 'DomainType' };
    domain.domainType = domainType;
  }
  if (parameter(command, 'makedefault') === true) for (const d of doc.acceptedDomains) d.isDefault = d === domain;
  return null;
}

function removeAcceptedDomain(doc: OrganisationDocument, command: EmsCommand): HandlerError | null {
  const problem = unsupported(command, ['identity']);
  if (problem) return problem;
  const identity = identityOf(command);
  const domain = identity ? acceptedDomainName(doc, identity) : undefined;
  if (!domain) return { message: `there is no accepted domain "${identity ?? ''}".`, property: 'Identity' };
  doc.acceptedDomains = doc.acceptedDomains.filter((d) => d !== domain);
  return null;
}

function setTransportConfig(doc: OrganisationDocument, command: EmsCommand): HandlerError | null {
  const problem = unsupported(command, ['tlsreceivedomainsecurelist', 'tlssenddomainsecurelist']);
  if (problem) return problem;
  const next = { ...doc.transportSettings };
  for (const [param, key] of [['tlsreceivedomainsecurelist', 'tlsReceiveDomainSecureList'], ['tlssenddomainsecurelist', 'tlsSendDomainSecureList']] as const) {
    const value = parameter(command, param);
    if (value === undefined) continue;
    if (typeof value === 'boolean') return { message: `-${key} expects domains or $null.`, property: key };
    next[key] = value === null ? [] : typeof value === 'string' ? value.split(',').map((d) => d.trim()) : [...value];
  }
  const parsed = TransportSettingsSchema.safeParse(next);
  if (!parsed.success) return { message: parsed.error.issues[0]!.message };
  doc.transportSettings = parsed.data;
  return null;
}

const HANDLERS: Record<string, Handler> = {
  'new-receiveconnector': newReceiveConnector,
  'set-receiveconnector': setReceiveConnector,
  'remove-receiveconnector': removeReceiveConnector,
  'add-adpermission': permission('add'),
  'remove-adpermission': permission('remove'),
  'new-accepteddomain': newAcceptedDomain,
  'set-accepteddomain': setAcceptedDomain,
  'remove-accepteddomain': removeAcceptedDomain,
  'set-transportconfig': setTransportConfig,
};

// ---- the console's structured comments: what no shell command creates ----------------------------------------

/** `# cc:server {…}`, `# cc:principal {…}`: servers and directory objects, which Exchange's shell does not create. */
export const STRUCTURED_COMMENT = /^#\s*cc:(server|principal)\s+(\{.*\})\s*$/;

/** Reads the structured comment lines of a console export into the document (before its commands run). */
export function applyStructuredComments(doc: OrganisationDocument, script: string, file: string): ImportProblem[] {
  const problems: ImportProblem[] = [];
  script.split(/\r?\n/).forEach((line, i) => {
    const m = STRUCTURED_COMMENT.exec(line.trim());
    if (!m) return;
    const source: SourceRef = { file, line: i + 1, index: 0 };
    let json: unknown;
    try {
      json = JSON.parse(m[2]!);
    } catch {
      problems.push({ severity: 'error', source, message: `Line ${i + 1}: the cc:${m[1]} comment is not valid JSON; it was not applied.` });
      return;
    }
    if (m[1] === 'server') {
      const parsed = DocumentServerSchema.safeParse(json);
      if (!parsed.success) return problems.push({ severity: 'error', source, message: `Line ${i + 1}: cc:server — ${parsed.error.issues[0]!.message}` });
      doc.servers = [...doc.servers.filter((s) => nameKey(s.name) !== nameKey(parsed.data.name)), parsed.data];
    } else {
      const parsed = PrincipalSchema.omit({ id: true }).safeParse(json);
      if (!parsed.success) return problems.push({ severity: 'error', source, message: `Line ${i + 1}: cc:principal — ${parsed.error.issues[0]!.message}` });
      doc.principals = [...doc.principals.filter((p) => !samePrincipal(p.name, parsed.data.name)), parsed.data];
    }
  });
  return problems;
}
