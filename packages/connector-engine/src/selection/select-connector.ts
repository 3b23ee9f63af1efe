import { parseBinding } from '../addresses/binding.ts';
import { parseIpAddress } from '../addresses/ip-address.ts';
import { formatIpRange } from '../addresses/ip-range.ts';
import { accepted, refused, type Binding, type Parsed } from '../addresses/types.ts';
import { ConnectorIndex } from './connector-index.ts';
import {
  analyseConnector,
  competed,
  findAnalysis,
  FULL_DETAIL_MAX_CONNECTORS,
  summarise,
  summariseOthers,
  verdictFor,
  type Connection,
} from './explain.ts';
import type { SelectableConnector, SelectionInput, SelectionResult } from './types.ts';

/** A connection always arrives on a concrete local address, so the wildcards are refused here. */
function parseLocalEndpoint(text: string): Parsed<Binding> {
  const parsed = parseBinding(text);
  if (!parsed.ok) return refused(`local endpoint: ${parsed.error}`);
  if (parsed.value.wildcard) {
    return refused(
      `local endpoint: ${JSON.stringify(text)} is a wildcard; give the address the client connected to, e.g. 10.0.0.10:25`,
    );
  }
  return parsed;
}

/**
 * Which connector answers a connection (domain reference §7.3), with a plain-English verdict for
 * every connector of a small server, and for a larger one (more than FULL_DETAIL_MAX_CONNECTORS) a
 * verdict for every connector that competed plus counts of the others by reason. The winner comes
 * from the index (built here when not given; it must have been built from the same connectors); the
 * verdicts come from a per-connector analysis of the index's parsed connectors.
 */
export function selectConnector(
  connectors: SelectableConnector[],
  input: SelectionInput,
  index?: ConnectorIndex,
): Parsed<SelectionResult> {
  const local = parseLocalEndpoint(input.localEndpoint);
  if (!local.ok) return local;
  const remote = parseIpAddress(input.remoteIp);
  if (!remote.ok) return refused(`remote IP: ${remote.error}`);

  const connection: Connection = { local: local.value, remote: remote.value };
  const localAddress = { family: local.value.family, value: local.value.address };
  const compiled = index ?? ConnectorIndex.build(connectors);
  const selected = compiled.lookup(localAddress, local.value.port, remote.value);
  const listening = compiled.isListening(localAddress, local.value.port);

  const analyses = compiled.prepared.map((p) => analyseConnector(p, connection));
  const winner = findAnalysis(analyses, selected);
  const detailed = analyses.length <= FULL_DETAIL_MAX_CONNECTORS;
  return accepted(
    {
      connector: selected,
      matchedRange: winner?.best ? formatIpRange(winner.best) : null,
      listening,
      candidates: (detailed ? analyses : analyses.filter(competed)).map((a) => verdictFor(a, winner, connection)),
      candidateSummary: detailed ? [] : summariseOthers(analyses, connection),
      explanation: summarise(analyses, winner, listening, connection),
    },
    remote.warnings,
  );
}
