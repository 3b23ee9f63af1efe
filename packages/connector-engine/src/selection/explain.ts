import { formatBinding } from '../addresses/binding.ts';
import { formatIpAddress } from '../addresses/ip-address.ts';
import { formatIpRange } from '../addresses/ip-range.ts';
import { rangeSize } from '../addresses/range-math.ts';
import { formatAddressCount } from '../addresses/count-text.ts';
import type { Binding, IpAddress, IpRange } from '../addresses/types.ts';
import {
  bestMatchingRange,
  bindsExactly,
  bindsWildcard,
  type PreparedConnector,
} from './prepared-connector.ts';
import type { CandidateSummary, CandidateSummaryReason, CandidateVerdict, SelectableConnector } from './types.ts';

/** Everything selection knows about one connector for one connection. */
export interface ConnectorAnalysis {
  prepared: PreparedConnector;
  onExact: boolean;
  onWildcard: boolean;
  hasClientFamilyRanges: boolean;
  best: IpRange | null;
}

/** The connection being explained, already parsed and canonical. */
export interface Connection {
  local: Binding;
  remote: IpAddress;
}

export function analyseConnector(prepared: PreparedConnector, { local, remote }: Connection): ConnectorAnalysis {
  const localAddress: IpAddress = { family: local.family, value: local.address };
  return {
    prepared,
    onExact: bindsExactly(prepared, localAddress, local.port),
    onWildcard: bindsWildcard(prepared, local.family, local.port),
    hasClientFamilyRanges: prepared.ranges.some((r) => r.family === remote.family),
    best: bestMatchingRange(prepared.ranges, remote),
  };
}

function familyLabel(address: IpAddress): string {
  return address.family === 4 ? 'IPv4' : 'IPv6';
}

const describeSize = formatAddressCount;

function describeRange(range: IpRange): string {
  return `${formatIpRange(range)} (${describeSize(rangeSize(range))})`;
}

function endpointOf({ local }: Connection): string {
  return formatBinding(local);
}

function wildcardEndpointOf({ local }: Connection): string {
  return formatBinding({ family: local.family, address: 0n, wildcard: true, port: local.port });
}

function bindingDescription(analysis: ConnectorAnalysis, connection: Connection): string {
  return analysis.onExact
    ? `the exact-IP binding ${endpointOf(connection)}`
    : `the wildcard binding ${wildcardEndpointOf(connection)}`;
}

/**
 * Up to this many connectors on the server, every one gets its own verdict: a small organisation reads
 * better line by line. Beyond it, only the connectors that competed do, and the rest are counted.
 */
export const FULL_DETAIL_MAX_CONNECTORS = 25;

/** Bound to the endpoint with a range containing the client: it competed, or would have if it were enabled. */
export function competed(analysis: ConnectorAnalysis): boolean {
  return (analysis.onExact || analysis.onWildcard) && analysis.best !== null;
}

function isCandidate(analysis: ConnectorAnalysis): boolean {
  return analysis.prepared.participates && (analysis.onExact || analysis.onWildcard);
}

/** Why a connector that is not the winner lost, in plain English. */
function lossReason(loser: ConnectorAnalysis, winner: ConnectorAnalysis | null, connection: Connection): string {
  const { connector } = loser.prepared;
  const family = familyLabel(connection.remote);
  if (!loser.prepared.participates) {
    return 'disabled; disabled connectors are assumed not to take part in selection (not verified against Exchange)';
  }
  if (!loser.onExact && !loser.onWildcard) {
    const bindings = connector.bindings.length > 0 ? connector.bindings.join(', ') : 'none';
    return `not listening on ${endpointOf(connection)} (its bindings: ${bindings})`;
  }
  if (!loser.hasClientFamilyRanges) {
    const ranges = connector.remoteIPRanges.length > 0 ? connector.remoteIPRanges.join(', ') : 'none';
    return `has no ${family} remote ranges, so it never handles an ${family} client (its ranges: ${ranges})`;
  }
  if (loser.best === null) {
    return `none of its ${family} remote ranges contains ${formatIpAddress(connection.remote)}`;
  }
  if (winner === null || winner.best === null) return `its range ${describeRange(loser.best)} matches, but no connector was selected`;

  const winnerName = winner.prepared.connector.name;
  const loserSize = rangeSize(loser.best);
  const winnerSize = rangeSize(winner.best);
  if (loserSize > winnerSize && loser.onExact && !winner.onExact) {
    return (
      `${winnerName}'s range ${describeRange(winner.best)} on the wildcard binding ${wildcardEndpointOf(connection)} ` +
      `is strictly smaller than its range ${describeRange(loser.best)} on the exact-IP binding ${endpointOf(connection)}; ` +
      'a strictly more specific range on a wildcard binding beats an exact-IP binding'
    );
  }
  if (loserSize > winnerSize) {
    return `its best matching range ${describeRange(loser.best)} is larger than ${winnerName}'s ${describeRange(winner.best)}; the smallest matching range wins`;
  }
  if (loserSize === winnerSize && !loser.onExact && winner.onExact) {
    return `its range ${describeRange(loser.best)} ties with ${winnerName}'s range on the exact-IP binding ${endpointOf(connection)}; ties go to the exact-IP binding`;
  }
  if (loserSize === winnerSize) {
    return `its range ${describeRange(loser.best)} ties with ${winnerName}'s range of the same size; ${winnerName} was registered first`;
  }
  return `its range ${describeRange(loser.best)} is smaller than ${winnerName}'s, yet ${winnerName} was selected (is the index out of date?)`;
}

export function verdictFor(
  analysis: ConnectorAnalysis,
  winner: ConnectorAnalysis | null,
  connection: Connection,
): CandidateVerdict {
  const { connector } = analysis.prepared;
  const selected = winner !== null && analysis === winner;
  const range =
    analysis.best !== null && isCandidate(analysis)
      ? { matchingRange: formatIpRange(analysis.best), rangeSize: rangeSize(analysis.best).toString() }
      : {};
  const reason =
    selected && analysis.best !== null
      ? `selected: ${describeRange(analysis.best)} is the most specific range containing ${formatIpAddress(connection.remote)} on ${bindingDescription(analysis, connection)}`
      : lossReason(analysis, winner, connection);
  return { connectorId: connector.id, name: connector.name, outcome: selected ? 'selected' : 'lost', reason, ...range };
}

const SUMMARY_EXAMPLES = 3;
const SUMMARY_ORDER: CandidateSummaryReason[] = ['noMatchingRange', 'noFamilyRanges', 'notListening', 'disabled'];

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

function summaryText(reason: CandidateSummaryReason, endpoint: string | null, count: number, examples: string[], connection: Connection): string {
  const family = familyLabel(connection.remote);
  const connectors = `${count} ${plural(count, 'connector', 'connectors')}`;
  const others = `${count} other ${plural(count, 'connector listens', 'connectors listen')} on ${endpoint ?? ''}`;
  const their = plural(count, 'its', 'their');
  const sentence = {
    notListening: `${connectors} ${plural(count, 'does', 'do')} not listen on ${endpointOf(connection)}`,
    noFamilyRanges: `${others}, but ${plural(count, 'has', 'have')} no ${family} remote ranges`,
    noMatchingRange: `${others}, but none of ${their} ${family} remote ranges contains ${formatIpAddress(connection.remote)}`,
    disabled: `${connectors} ${plural(count, 'is', 'are')} disabled and would not have matched this connection either`,
  }[reason];
  const more = count > examples.length ? ', …' : '';
  return `${sentence} (${count === 1 ? '' : 'e.g. '}${examples.join(', ')}${more}).`;
}

/** Where a connector that did not compete is counted: its reason, and the binding it listens through. */
function summarySlot(analysis: ConnectorAnalysis): number {
  if (!analysis.prepared.participates) return SUMMARY_ORDER.indexOf('disabled') * 2;
  if (!analysis.onExact && !analysis.onWildcard) return SUMMARY_ORDER.indexOf('notListening') * 2;
  const reason: CandidateSummaryReason = analysis.hasClientFamilyRanges ? 'noMatchingRange' : 'noFamilyRanges';
  return SUMMARY_ORDER.indexOf(reason) * 2 + (analysis.onExact ? 0 : 1);
}

/**
 * The connectors that did not compete, counted per reason (and per binding), for servers too big to list.
 * Counted in fixed slots (reason × exact or wildcard binding), already in display order: this runs over
 * every connector of the server on each simulation.
 */
export function summariseOthers(analyses: ConnectorAnalysis[], connection: Connection): CandidateSummary[] {
  const slots: { count: number; examples: string[] }[] = SUMMARY_ORDER.flatMap(() => [
    { count: 0, examples: [] },
    { count: 0, examples: [] },
  ]);
  for (const analysis of analyses) {
    if (competed(analysis)) continue;
    const slot = slots[summarySlot(analysis)]!;
    slot.count += 1;
    if (slot.examples.length < SUMMARY_EXAMPLES) slot.examples.push(analysis.prepared.connector.name);
  }
  const endpoints = [endpointOf(connection), wildcardEndpointOf(connection)];
  const summary: CandidateSummary[] = [];
  slots.forEach(({ count, examples }, i) => {
    if (count === 0) return;
    const reason = SUMMARY_ORDER[i >> 1]!;
    const endpoint = reason === 'noMatchingRange' || reason === 'noFamilyRanges' ? endpoints[i & 1]! : null;
    summary.push({ reason, endpoint, count, examples, text: summaryText(reason, endpoint, count, examples, connection) });
  });
  return summary;
}

/** The best connector of one side (exact or wildcard) by the §7.3 rule, for the summary sentence. */
function bestOfSide(analyses: ConnectorAnalysis[], side: 'onExact' | 'onWildcard'): ConnectorAnalysis | null {
  let best: ConnectorAnalysis | null = null;
  for (const a of analyses) {
    if (!a.prepared.participates || !a[side] || a.best === null) continue;
    if (best === null || best.best === null || rangeSize(a.best) < rangeSize(best.best)) best = a;
  }
  return best;
}

export function summarise(
  analyses: ConnectorAnalysis[],
  winner: ConnectorAnalysis | null,
  listening: boolean,
  connection: Connection,
): string {
  const endpoint = endpointOf(connection);
  const client = formatIpAddress(connection.remote);
  if (!listening) {
    return `Nothing listens on ${endpoint}: no enabled connector binds ${endpoint} or ${wildcardEndpointOf(connection)}, so the TCP connection is refused (no banner).`;
  }
  if (winner === null || winner.best === null) {
    return `Connectors listen on ${endpoint}, but none of their ${familyLabel(connection.remote)} remote ranges contains ${client}, so no connector services the connection (whether Exchange refuses or drops it is not verified).`;
  }
  const name = winner.prepared.connector.name;
  let text = `${name} handles ${client} → ${endpoint}: its range ${describeRange(winner.best)} on ${bindingDescription(winner, connection)} is the most specific match.`;
  const exactBest = bestOfSide(analyses, 'onExact');
  const wildcardBest = bestOfSide(analyses, 'onWildcard');
  if (!winner.onExact && exactBest?.best) {
    text += ` It beats ${exactBest.prepared.connector.name}'s ${describeRange(exactBest.best)} on the exact-IP binding ${endpoint}, because a strictly smaller range on a wildcard binding wins.`;
  } else if (winner.onExact && wildcardBest?.best && wildcardBest !== winner) {
    const tie = rangeSize(wildcardBest.best) === rangeSize(winner.best);
    text += tie
      ? ` ${wildcardBest.prepared.connector.name} has a range of the same size on the wildcard binding; ties go to the exact-IP binding.`
      : ` The best match on the wildcard binding, ${wildcardBest.prepared.connector.name}'s ${describeRange(wildcardBest.best)}, is larger.`;
  }
  return text;
}

export function findAnalysis(analyses: ConnectorAnalysis[], connector: SelectableConnector | null): ConnectorAnalysis | null {
  if (connector === null) return null;
  return analyses.find((a) => a.prepared.connector === connector) ??
    analyses.find((a) => a.prepared.connector.id === connector.id) ??
    null;
}
