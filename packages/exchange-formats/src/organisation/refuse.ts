import type { OrganisationDocument } from '@cc/api-contract';
import { DocumentConnectorSchema } from '@cc/api-contract';
import { AcceptedDomainSchema, PrincipalSchema, ServerSchema, checkConnector, checkName, nameKey, type Problem, type ServerContext } from '@cc/connector-engine';
import type { z } from 'zod';
import { connectorKey, serverContextOf, toConnectorState } from './document.ts';

export interface Refused {
  kind: 'acceptedDomain' | 'principal' | 'server' | 'connector';
  key: string;
  asFound: unknown;
  rules: { code: string; message: string }[];
}

const schemaRules = (error: z.ZodError) => error.issues.map((i) => ({ code: 'INVALID_FIELD', message: `${i.path.join('.') || 'value'}: ${i.message}` }));

/**
 * Every imported object that Exchange's rules (as the engine knows them) or the console's model refuse is taken
 * out of the target and reported as found: the console keeps what it had for it. What is refused is never half
 * applied, and the rest of the import goes ahead.
 */
export function refuseInvalid(current: OrganisationDocument, target: OrganisationDocument): { target: OrganisationDocument; refused: Refused[] } {
  const refused: Refused[] = [];
  const next = structuredClone(target);

  next.acceptedDomains = next.acceptedDomains.filter((d) => {
    const parsed = AcceptedDomainSchema.safeParse(d);
    if (parsed.success) return true;
    const rules = d.domainName === '*' ? [{ code: 'STAR_DOMAIN', message: 'A bare * accepted domain accepts mail for every domain: with InternalRelay it makes the organisation an open relay, and the console does not model it.' }] : schemaRules(parsed.error);
    refused.push({ kind: 'acceptedDomain', key: d.domainName, asFound: d, rules });
    return false;
  });
  for (const d of current.acceptedDomains)
    if (refused.some((r) => r.kind === 'acceptedDomain' && r.key.toLowerCase() === d.domainName.toLowerCase())) next.acceptedDomains.push(d);

  next.principals = next.principals.filter((p) => {
    const parsed = PrincipalSchema.omit({ id: true }).safeParse(p);
    if (!parsed.success) refused.push({ kind: 'principal', key: p.name, asFound: p, rules: schemaRules(parsed.error) });
    return parsed.success;
  });

  next.servers = next.servers.filter((s) => {
    const { exchangeVersion: _v, containerPermissions: _c, ...fields } = s;
    const parsed = ServerSchema.safeParse(fields);
    if (!parsed.success) refused.push({ kind: 'server', key: s.name, asFound: s, rules: schemaRules(parsed.error) });
    return parsed.success;
  });
  const servers = new Set(next.servers.map((s) => nameKey(s.name)));

  const previous = new Map(current.connectors.map((c) => [connectorKey(c.server, c.name), c]));
  const contexts = new Map(next.servers.map((s) => [nameKey(s.name), serverContextOf(next, s)]));
  next.connectors = next.connectors.flatMap((c) => {
    const before = previous.get(connectorKey(c.server, c.name));
    if (before && JSON.stringify(before) === JSON.stringify(c)) return [c];
    const rules = connectorRules(contexts, c, servers);
    if (rules.length === 0) return [c];
    refused.push({ kind: 'connector', key: `${c.server}\\${c.name}`, asFound: c, rules });
    return before ? [before] : [];
  });
  return { target: next, refused };
}

function connectorRules(contexts: ReadonlyMap<string, ServerContext>, c: OrganisationDocument['connectors'][number], servers: ReadonlySet<string>): { code: string; message: string }[] {
  const parsed = DocumentConnectorSchema.safeParse(c);
  if (!parsed.success) return schemaRules(parsed.error);
  if (!servers.has(nameKey(c.server))) return [{ code: 'UNKNOWN_SERVER', message: `There is no server ${c.server}.` }];
  const nameProblem = checkName(c.name, 'The connector name');
  if (nameProblem) return [{ code: 'INVALID_NAME', message: nameProblem }];
  const ctx = contexts.get(nameKey(c.server))!;
  const self = toConnectorState(c);
  const others = ctx.connectors.filter((o) => o.id !== self.id && connectorKey(o.server, o.name) !== connectorKey(c.server, c.name));
  return checkConnector(self, { ...ctx, connectors: others }).map((p: Problem) => ({ code: p.code, message: p.message }));
}
