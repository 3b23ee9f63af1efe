import type { ConnectorState, Problem } from '../connector/state.ts';
import { bindingsCollide, parseBinding, parseIpRange, rangeRelation, type Binding, type IpRange } from '../addresses/index.ts';

const parsedBindings = (c: Pick<ConnectorState, 'bindings'>): { text: string; index: number; binding: Binding }[] =>
  c.bindings.flatMap((text, index) => {
    const p = parseBinding(text);
    return p.ok ? [{ text, index, binding: p.value }] : [];
  });

const parsedRanges = (c: Pick<ConnectorState, 'remoteIPRanges'>): { text: string; index: number; range: IpRange }[] =>
  c.remoteIPRanges.flatMap((text, index) => {
    const p = parseIpRange(text);
    return p.ok ? [{ text, index, range: p.value }] : [];
  });

export interface MappingConflict {
  other: ConnectorState;
  binding: string;
  otherBinding: string;
  range: string;
  otherRange: string;
  kind: 'equal' | 'partial';
  /** Positions in this connector's lists, so a form can mark the very row. */
  bindingIndex: number;
  rangeIndex: number;
}

/**
 * Exchange's uniqueness rule for Bindings + RemoteIPRanges (§7.2, ReceiveConnectorNoMappingConflictCondition):
 * bindings that collide exactly conflict on equal or partially overlapping ranges; bindings that only overlap
 * through a wildcard conflict on partially overlapping ranges. Containment is always fine.
 */
export function findMappingConflict(connector: ConnectorState, others: readonly ConnectorState[]): MappingConflict | null {
  const mine = parsedBindings(connector);
  const myRanges = parsedRanges(connector);
  for (const other of others) {
    if (other.id === connector.id) continue;
    for (const a of mine) {
      for (const b of parsedBindings(other)) {
        const collision = bindingsCollide(a.binding, b.binding);
        if (collision === 'none') continue;
        for (const r of myRanges) {
          for (const o of parsedRanges(other)) {
            const relation = rangeRelation(r.range, o.range);
            const conflict = relation === 'partial' || (collision === 'exact' && relation === 'equal');
            if (conflict)
              return {
                other,
                binding: a.text,
                otherBinding: b.text,
                range: r.text,
                otherRange: o.text,
                kind: relation === 'equal' ? 'equal' : 'partial',
                bindingIndex: a.index,
                rangeIndex: r.index,
              };
          }
        }
      }
    }
  }
  return null;
}

export function bindingRangeConflict(connector: ConnectorState, others: readonly ConnectorState[], serverName: string): Problem | null {
  const conflict = findMappingConflict(connector, others);
  if (!conflict) return null;
  const where =
    conflict.binding === conflict.otherBinding ? `Both listen on ${conflict.binding}` : `${conflict.binding} overlaps its binding ${conflict.otherBinding}`;
  const how =
    conflict.kind === 'equal' ? `and both accept the range ${conflict.range}` : `and the range ${conflict.range} partially overlaps its ${conflict.otherRange}`;
  // First sentence verbatim from Exchange (§7.2); the same-role continuation is not known [UNVERIFIED], so the
  // rest is ours.
  return {
    code: 'BINDING_RANGE_CONFLICT',
    paths: [`remoteIPRanges[${conflict.rangeIndex}]`, `bindings[${conflict.bindingIndex}]`],
    message:
      `The values that you specified for the Bindings and RemoteIPRanges parameters conflict with the settings on Receive connector "${serverName}\\${conflict.other.name}". ` +
      `${where}, ${how}. Make the ranges disjoint, or make one fully contain the other, or use another local IP address or port.`,
  };
}
