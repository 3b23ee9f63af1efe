import type { ConnectorState } from '../connector/state.ts';
import { hasAuth } from '../connector/state.ts';
import type { ServerRole } from '../model/schemas.ts';

export interface AdvertiseState {
  connector: ConnectorState;
  role: ServerRole;
  /** The session is already inside TLS. */
  tls: boolean;
}

/** AUTH mechanisms offered right now (§4): LOGIN waits for TLS under BasicAuthRequireTLS. */
export function offeredAuth({ connector, tls }: AdvertiseState): string[] {
  if (hasAuth(connector, 'ExternalAuthoritative')) return [];
  const mechanisms: string[] = [];
  if (hasAuth(connector, 'Integrated')) mechanisms.push('NTLM');
  if (hasAuth(connector, 'BasicAuth') && (!hasAuth(connector, 'BasicAuthRequireTLS') || tls)) mechanisms.push('LOGIN');
  return mechanisms;
}

export const offersStartTls = ({ connector, tls }: AdvertiseState): boolean => hasAuth(connector, 'Tls') && !tls;

/** X-EXPS mechanisms of Exchange Server authentication: GSSAPI on Hub, EXCHANGEAUTH after TLS on Edge (§4). */
export function offeredExps({ connector, role, tls }: AdvertiseState): string[] {
  if (!hasAuth(connector, 'ExchangeServer')) return [];
  if (role === 'Edge') return tls ? ['EXCHANGEAUTH'] : [];
  return tls ? ['EXCHANGEAUTH', 'GSSAPI', 'NTLM'] : ['GSSAPI', 'NTLM'];
}

/**
 * The EHLO reply lines (§4, §6.3 step 2): greeting `<fqdn> Hello [<ip>]`, SIZE per SizeEnabled, then STARTTLS,
 * X-ANONYMOUSTLS, AUTH and X-EXPS as the connector's mechanisms and the TLS state allow, then the fixed
 * extensions Exchange 2007 advertises (§6.5, S27).
 */
export function ehloLines(state: AdvertiseState, clientIp: string): string[] {
  const { connector } = state;
  const lines = [`${connector.fqdn} Hello [${clientIp}]`];
  if (connector.sizeEnabled === 'Enabled') lines.push(`SIZE ${connector.maxMessageSize}`);
  if (connector.sizeEnabled === 'EnabledWithoutValue') lines.push('SIZE');
  lines.push('PIPELINING', 'DSN', 'ENHANCEDSTATUSCODES');
  if (offersStartTls(state)) lines.push('STARTTLS');
  if (hasAuth(connector, 'ExchangeServer') && !state.tls) lines.push('X-ANONYMOUSTLS');
  const auth = offeredAuth(state);
  if (auth.length > 0) lines.push(`AUTH ${auth.join(' ')}`);
  const exps = offeredExps(state);
  if (exps.length > 0) lines.push(`X-EXPS ${exps.join(' ')}`);
  lines.push('8BITMIME', 'BINARYMIME', 'CHUNKING', 'XEXCH50');
  return lines.map((line, i) => `250${i === lines.length - 1 ? ' ' : '-'}${line}`);
}
