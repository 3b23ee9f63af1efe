/**
 * Why one client gets different answers on two endpoints of the same server, in one sentence: usually one
 * connector takes anonymous mail (it grants ms-Exch-SMTP-Submit) and the other does not (§6.5: 530 vs 550).
 */
import type { SimulateResult } from '@cc/connector-engine';

export interface EndpointAnswer {
  endpoint: string;
  result: SimulateResult;
}

const ANONYMOUS = 'NT AUTHORITY\\ANONYMOUS LOGON';

/** The first refusal: its code and the command that drew it ("MAIL FROM", "RCPT TO"). */
export function firstRefusal(result: SimulateResult): { reply: string; code: string; command: string | null } | null {
  const line = result.transcript.find((t) => /^[45]/.test(t.server.split('\n').pop() ?? ''));
  if (!line) return null;
  const reply = line.server.split('\n').pop()!;
  return { reply, code: reply.slice(0, 3), command: line.client ? (/^(MAIL FROM|RCPT TO|[A-Z-]+)/i.exec(line.client)?.[1]?.toUpperCase() ?? null) : null };
}

/** The short answer for a table cell: the first refusal, or that the message is accepted. */
export function answerOf(result: SimulateResult): string {
  if (!result.connector) return result.listening ? 'Not serviced (no connector accepts this client)' : 'Connection refused (nothing listens)';
  return firstRefusal(result)?.reply ?? 'Accepted';
}

function takesMail(result: SimulateResult): boolean {
  return result.rights.some((r) => r.right === 'ms-Exch-SMTP-Submit' && r.granted);
}

function clause({ endpoint, result }: EndpointAnswer): string {
  const who = result.identity === ANONYMOUS ? 'anonymous mail' : `mail from ${result.identity}`;
  if (!result.connector) return `nothing on ${endpoint} takes this client`;
  const name = `${result.connector.name} (${endpoint})`;
  const refusal = firstRefusal(result);
  const at = refusal ? `${refusal.code}${refusal.command ? ` at ${refusal.command}` : ''}` : '';
  if (!takesMail(result)) return `${name} does not take ${who}, so it answers ${at}`;
  if (!refusal) return `${name} takes ${who} and accepts the message`;
  const relay = result.decisiveRights.some((d) => d.right === 'ms-Exch-SMTP-Accept-Any-Recipient' && !d.granted);
  return `${name} takes ${who} but ${relay ? 'does not let it relay' : 'refuses it later'}, so it answers ${at}`;
}

/** One sentence when the answers differ; null when every endpoint answers the same. */
export function contrastSentence(answers: readonly EndpointAnswer[]): string | null {
  const distinct: EndpointAnswer[] = [];
  for (const a of answers) if (!distinct.some((d) => answerOf(d.result) === answerOf(a.result))) distinct.push(a);
  if (distinct.length < 2) return null;
  const clauses = distinct.map(clause);
  return `The answers differ because ${clauses.slice(0, -1).join('; ')}, while ${clauses.at(-1)}.`;
}
