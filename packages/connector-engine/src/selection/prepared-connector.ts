import { parseBinding } from '../addresses/binding.ts';
import { parseIpRange } from '../addresses/ip-range.ts';
import { rangeContainsAddress, rangeSize } from '../addresses/range-math.ts';
import type { Binding, Family, IpAddress, IpRange } from '../addresses/types.ts';
import { participatesInSelection } from './participation.ts';
import type { SelectableConnector } from './types.ts';

/** A connector with its bindings and ranges parsed once. */
export interface PreparedConnector {
  connector: SelectableConnector;
  participates: boolean;
  bindings: Binding[];
  ranges: IpRange[];
}

type BindingParser = (text: string) => Binding | null;

/** Servers repeat the same few binding strings across connectors, so each is parsed once per build. */
function memoisedBindingParser(): BindingParser {
  const seen = new Map<string, Binding | null>();
  return (text) => {
    let binding = seen.get(text);
    if (binding === undefined) {
      const parsed = parseBinding(text);
      binding = parsed.ok ? parsed.value : null;
      seen.set(text, binding);
    }
    return binding;
  };
}

function sameBinding(a: Binding, b: Binding): boolean {
  return a.family === b.family && a.address === b.address && a.port === b.port;
}

/**
 * Parsed remote ranges by text, shared by every build in the process: each configuration change rebuilds the
 * whole server's index, and all but the changed connector's texts are the same as last time. Parsing is pure
 * and the ranges are never modified, so a remembered one is as good as a fresh one. Bounded: cleared when full.
 */
const parsedRanges = new Map<string, IpRange | null>();
const PARSED_RANGES_LIMIT = 1 << 17; // about 30 MB at most

function parseRemembered(text: string): IpRange | null {
  let range = parsedRanges.get(text);
  if (range === undefined) {
    const parsed = parseIpRange(text);
    range = parsed.ok ? parsed.value : null;
    if (parsedRanges.size >= PARSED_RANGES_LIMIT) parsedRanges.clear();
    parsedRanges.set(text, range);
  }
  return range;
}

/**
 * Stored connectors were validated on save, so unparsable entries cannot normally occur; if one
 * does, it is skipped rather than thrown, so one bad row cannot take the listener down.
 */
function prepareConnector(
  connector: SelectableConnector,
  bindingParser: BindingParser = memoisedBindingParser(),
): PreparedConnector {
  const bindings: Binding[] = [];
  for (const text of connector.bindings) {
    const binding = bindingParser(text);
    if (binding !== null && !bindings.some((b) => sameBinding(b, binding))) bindings.push(binding);
  }
  const ranges: IpRange[] = [];
  for (const text of connector.remoteIPRanges) {
    const range = parseRemembered(text);
    if (range !== null) ranges.push(range);
  }
  return { connector, participates: participatesInSelection(connector), bindings, ranges };
}

export function prepareConnectors(connectors: SelectableConnector[]): PreparedConnector[] {
  const bindingParser = memoisedBindingParser();
  return connectors.map((connector) => prepareConnector(connector, bindingParser));
}

export function bindsExactly(prepared: PreparedConnector, local: IpAddress, port: number): boolean {
  return prepared.bindings.some((b) => b.family === local.family && b.address === local.value && b.port === port);
}

export function bindsWildcard(prepared: PreparedConnector, family: Family, port: number): boolean {
  return prepared.bindings.some((b) => b.wildcard && b.family === family && b.port === port);
}

/** The smallest range containing the address; the first one wins a tie. */
export function bestMatchingRange(ranges: IpRange[], remote: IpAddress): IpRange | null {
  let best: IpRange | null = null;
  for (const range of ranges) {
    if (rangeContainsAddress(range, remote) && (best === null || rangeSize(range) < rangeSize(best))) best = range;
  }
  return best;
}
