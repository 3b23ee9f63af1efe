import { canonicalIpAddress } from '../addresses/ip-address.ts';
import { rangeSize } from '../addresses/range-math.ts';
import type { IpAddress, IpRange } from '../addresses/types.ts';
import {
  bestMatchingRange,
  bindsExactly,
  bindsWildcard,
  prepareConnectors,
  type PreparedConnector,
} from './prepared-connector.ts';
import type { SelectableConnector } from './types.ts';

export interface LinearSelection {
  connector: SelectableConnector | null;
  range: IpRange | null;
}

const NONE: LinearSelection = { connector: null, range: null };

function best(candidates: PreparedConnector[], remote: IpAddress): LinearSelection {
  let result = NONE;
  for (const candidate of candidates) {
    const range = bestMatchingRange(candidate.ranges, remote);
    if (range !== null && (result.range === null || rangeSize(range) < rangeSize(result.range))) {
      result = { connector: candidate.connector, range };
    }
  }
  return result;
}

/**
 * The domain reference §7.3 algorithm written as plainly as possible; the reference the compiled
 * ConnectorIndex is tested and benchmarked against.
 */
export function selectLinearPrepared(
  prepared: PreparedConnector[],
  localIp: IpAddress,
  port: number,
  remoteIp: IpAddress,
): LinearSelection {
  const local = canonicalIpAddress(localIp);
  const remote = canonicalIpAddress(remoteIp);
  const eligible = prepared.filter((p) => p.participates);
  const e = best(eligible.filter((p) => bindsExactly(p, local, port)), remote);
  const w = best(eligible.filter((p) => bindsWildcard(p, local.family, port)), remote);
  if (e.range === null) return w;
  if (w.range === null) return e;
  return rangeSize(w.range) < rangeSize(e.range) ? w : e;
}

export function selectLinear(
  connectors: SelectableConnector[],
  localIp: IpAddress,
  port: number,
  remoteIp: IpAddress,
): LinearSelection {
  return selectLinearPrepared(prepareConnectors(connectors), localIp, port, remoteIp);
}
