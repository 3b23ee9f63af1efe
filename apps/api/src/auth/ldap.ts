import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client, ExtensibleFilter, InvalidCredentialsError, ResultCodeError, SizeLimitExceededError, type Entry } from 'ldapts';
import type { Role } from '@cc/api-contract';
import { escapeDnValue, normaliseDn, sameDn } from './dn.ts';
import { bindUserFilter, USERNAME_PLACEHOLDER } from './ldap-filter.ts';
import { roleFromGrants } from './role-mapping.ts';
import type { LdapConfig } from './sign-in-config.ts';

export type DirectoryOutcome =
  | { ok: true; username: string; dn: string; role: Role; grantedBy: string; groups: string[] }
  | { ok: false; reason: 'unknownUser' | 'ambiguousUser' | 'wrongPassword' | 'noMappedGroup'; dn?: string };

/** The directory could not be asked (no server answered, TLS refused, the service account was refused). */
export class DirectoryUnavailable extends Error {}

/** AD's "in chain" rule: one query answers nested membership (MS-ADTS 3.1.1.3.4.4.1). */
const IN_CHAIN = '1.2.840.113556.1.4.1941';
/** rootDSE supportedCapabilities of Active Directory and AD LDS. */
const AD_CAPABILITIES = new Set(['1.2.840.113556.1.4.800', '1.2.840.113556.1.4.1851']);
/** A walk through nested groups stops here: cycles are remembered, but a huge tree must not hold a sign-in. */
const MAX_GROUPS_WALKED = 500;

const values = (entry: Entry, attribute: string): string[] => {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const raw = key === undefined ? [] : entry[key];
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
};

function tlsOptions(config: LdapConfig, url: URL): ConnectionOptions {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // SNI must not carry an IP address (RFC 6066 §3); the identity check still compares it with the certificate.
  return { ...(config.ca ? { ca: config.ca } : {}), host, ...(isIP(host) ? {} : { servername: host }), minVersion: 'TLSv1.2' };
}

function describe(error: unknown): string {
  if (error instanceof ResultCodeError) return `${error.name} (LDAP result ${error.code})`;
  const e = error as { code?: string; message?: string };
  return e.code ? `${e.code}: ${e.message ?? ''}` : (e.message ?? String(error));
}

export interface LdapAuthenticator {
  authenticate(username: string, password: string): Promise<DirectoryOutcome>;
  /** Whether live sessions can be re-checked (only with a service account: nobody's password is kept). */
  canRecheck: boolean;
  /** What the directory grants the person now, asked as the service account (the name as signed in). */
  recheck(username: string): Promise<DirectoryOutcome>;
}

export function createLdapAuthenticator(config: LdapConfig): LdapAuthenticator {
  /** Learnt from the first server that answers; null until then. */
  let inChain: boolean | null = null;

  /** A connected (and, unless allowed otherwise, encrypted) client on the first server that answers. */
  async function connect(): Promise<Client> {
    const problems: string[] = [];
    for (const text of config.urls) {
      const url = new URL(text);
      // ldapts opens TLS at once whenever tlsOptions are given, so ldap:// (StartTLS or plain) gets none here.
      const client = new Client({
        url: `${url.protocol}//${url.host}`,
        timeout: config.timeoutMs,
        connectTimeout: config.timeoutMs,
        ...(url.protocol === 'ldaps:' ? { tlsOptions: tlsOptions(config, url) } : {}),
        strictDN: false,
      });
      try {
        if (url.protocol === 'ldap:' && !config.allowPlain) await client.startTLS(tlsOptions(config, url));
        if (config.service) await client.bind(config.service.dn, config.service.password);
        return client;
      } catch (error) {
        await client.unbind().catch(() => undefined);
        if (error instanceof InvalidCredentialsError) throw new DirectoryUnavailable(`${text}: the service account LDAP_BIND_DN was refused; check LDAP_BIND_PASSWORD`);
        problems.push(`${text}: ${describe(error)}`);
      }
    }
    throw new DirectoryUnavailable(`no directory server answered (${problems.join('; ')})`);
  }

  async function supportsInChain(client: Client): Promise<boolean> {
    if (inChain !== null) return inChain;
    const { searchEntries } = await client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['supportedCapabilities'] });
    inChain = searchEntries.some((e) => values(e, 'supportedCapabilities').some((c) => AD_CAPABILITIES.has(c)));
    return inChain;
  }

  /** The mapped groups the user is in, directly or through nested groups. */
  async function mappedGroups(client: Client, dn: string, memberOf: string[]): Promise<string[]> {
    if (await supportsInChain(client)) {
      const found: string[] = [];
      for (const grant of config.roleGroups) {
        const filter = new ExtensibleFilter({ matchType: 'memberOf', rule: IN_CHAIN, value: grant.value });
        const { searchEntries } = await client.search(dn, { scope: 'base', filter, attributes: ['1.1'] });
        if (searchEntries.length > 0) found.push(grant.value);
      }
      return found;
    }
    // Elsewhere (OpenLDAP with the memberof overlay, 389-ds) walk memberOf upwards from the user's own groups.
    const seen = new Set<string>();
    const queue = [...memberOf];
    const groups: string[] = [];
    while (queue.length > 0 && seen.size < MAX_GROUPS_WALKED) {
      const group = queue.shift()!;
      const key = normaliseDn(group);
      if (seen.has(key)) continue;
      seen.add(key);
      groups.push(group);
      const { searchEntries } = await client.search(group, { scope: 'base', filter: '(objectClass=*)', attributes: ['memberOf'] }).catch(() => ({ searchEntries: [] as Entry[] }));
      for (const entry of searchEntries) queue.push(...values(entry, 'memberOf'));
    }
    return groups.filter((g) => config.roleGroups.some((grant) => sameDn(grant.value, g)));
  }

  /** The one entry the filter finds for the name, or why there is none. */
  async function findUser(client: Client, username: string): Promise<Entry | 'unknownUser' | 'ambiguousUser'> {
    const found = await client
      .search(config.userBase, {
        scope: 'sub',
        filter: bindUserFilter(config.userFilter, username),
        attributes: ['sAMAccountName', 'userPrincipalName', 'uid', 'memberOf'],
        sizeLimit: 2,
      })
      .catch((error: unknown) => {
        if (error instanceof SizeLimitExceededError) return null;
        throw error;
      });
    if (found === null || found.searchEntries.length > 1) return 'ambiguousUser';
    return found.searchEntries[0] ?? 'unknownUser';
  }

  async function roleOf(client: Client, entry: Entry, typed: string): Promise<DirectoryOutcome> {
    const groups = await mappedGroups(client, entry.dn, values(entry, 'memberOf'));
    const granted = roleFromGrants(groups, config.roleGroups, sameDn);
    if (!granted) return { ok: false, reason: 'noMappedGroup', dn: entry.dn };
    const name = values(entry, 'sAMAccountName')[0] ?? values(entry, 'userPrincipalName')[0] ?? values(entry, 'uid')[0] ?? typed;
    return { ok: true, username: name, dn: entry.dn, role: granted.role, grantedBy: granted.grantedBy, groups };
  }

  /** Runs one conversation with the directory; anything that goes wrong on the way is "unavailable". */
  async function withClient(what: string, use: (client: Client) => Promise<DirectoryOutcome>): Promise<DirectoryOutcome> {
    const client = await connect();
    try {
      return await use(client);
    } catch (error) {
      if (error instanceof DirectoryUnavailable) throw error;
      throw new DirectoryUnavailable(`the directory failed during ${what} (${describe(error)})`);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  return {
    canRecheck: config.service !== null,

    authenticate(username, password) {
      // Never a simple bind with an empty password: the directory would treat it as anonymous and say yes.
      if (password === '') return Promise.resolve({ ok: false, reason: 'wrongPassword' });
      return withClient('sign-in', async (client) => {
        if (config.bindTemplate) {
          const name = config.bindTemplate.includes('=') ? config.bindTemplate.replace(USERNAME_PLACEHOLDER, escapeDnValue(username)) : config.bindTemplate.replace(USERNAME_PLACEHOLDER, username);
          try {
            await client.bind(name, password);
          } catch (error) {
            if (error instanceof InvalidCredentialsError) return { ok: false, reason: 'wrongPassword' };
            throw error;
          }
        }
        const entry = await findUser(client, username);
        if (typeof entry === 'string') return { ok: false, reason: entry };
        if (config.service) {
          try {
            await client.bind(entry.dn, password);
          } catch (error) {
            if (error instanceof InvalidCredentialsError) return { ok: false, reason: 'wrongPassword', dn: entry.dn };
            throw error;
          }
          // Groups are read as the service account, whatever the user may read.
          await client.bind(config.service.dn, config.service.password);
        }
        return roleOf(client, entry, username);
      });
    },

    recheck(username) {
      if (!config.service) return Promise.reject(new Error('a re-check needs the service account'));
      return withClient('a session re-check', async (client) => {
        const entry = await findUser(client, username);
        return typeof entry === 'string' ? { ok: false, reason: entry } : roleOf(client, entry, username);
      });
    },
  };
}
