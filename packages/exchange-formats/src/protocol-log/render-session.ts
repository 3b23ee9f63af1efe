import type { SimulateResult } from '@cc/connector-engine';
import { csvField } from './csv-line.ts';
import { permissionTokenString } from './tokens.ts';

export const PROTOCOL_LOG_FIELDS = 'date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context';

/**
 * The five header lines. `8.0.0.0` is the Exchange 2007 assembly version, the most likely 2007 value
 * [DERIVED/UNVERIFIED: no 2007 header was seen, protocol-logs.md §2].
 */
export function protocolLogHeader(created: Date, version = '8.0.0.0'): string[] {
  return ['#Software: Microsoft Exchange Server', `#Version: ${version}`, '#Log-type: SMTP Receive Protocol Log', `#Date: ${created.toISOString()}`, `#Fields: ${PROTOCOL_LOG_FIELDS}`];
}

export interface RenderSession {
  server: string;
  sessionId: string;
  start: Date;
  localEndpoint: string;
  /** The client's address and source port, `10.0.0.50:51234`. */
  remoteEndpoint: string;
  /** The signed-in account, logged as `authenticated` after a successful AUTH. */
  account?: string;
}

/**
 * A simulated session as the protocol log would show it, in the 2007/2010 shape (protocol-logs.md §4): the
 * permissions at connect, one line per EHLO keyword, the end of data not logged (only its reply), `-` with `Local`
 * after QUIT. A connection no connector accepted leaves no session in the receive log, so it renders no line.
 */
export function renderSessionLines(result: Pick<SimulateResult, 'connector' | 'transcript' | 'permissionChanges'>, session: RenderSession): string[] {
  if (!result.connector) return [];
  const connectorId = `${session.server}\\${result.connector.name}`;
  const lines: string[] = [];
  let sequence = 0;
  const line = (event: string, data = '', context = '') => {
    const time = new Date(session.start.getTime() + sequence).toISOString();
    lines.push([time, connectorId, session.sessionId, String(sequence++), session.localEndpoint, session.remoteEndpoint, event, csvField(data), csvField(context)].join(','));
  };
  const changes = result.permissionChanges ?? [];
  let nextChange = 0;
  const permissionsUpTo = (atLine: number) => {
    while (nextChange < changes.length && changes[nextChange]!.atLine <= atLine) line('*', permissionTokenString(changes[nextChange++]!.granted), 'Set Session Permissions');
  };
  let messages = 0;
  let quit = false;
  line('+');
  result.transcript.forEach((t, i) => {
    if (t.client !== null && t.client !== '.') line('<', t.client);
    if (t.client?.toUpperCase().startsWith('AUTH') && t.server.startsWith('235') && session.account) line('*', session.account, 'authenticated');
    permissionsUpTo(i);
    for (const reply of t.server.split('\n')) line('>', reply);
    if (t.client?.toUpperCase().startsWith('MAIL') && t.server.startsWith('250'))
      line('*', `${session.sessionId};${session.start.toISOString()};${++messages}`, 'receiving message');
    if (t.client?.toUpperCase() === 'QUIT') quit = true;
  });
  permissionsUpTo(Number.POSITIVE_INFINITY);
  line('-', '', quit ? 'Local' : 'Remote');
  return lines;
}

