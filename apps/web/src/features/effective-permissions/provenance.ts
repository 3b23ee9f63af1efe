/** Words for the engine's provenance and the matrix columns; engine data in, sentences out. */
import { PERMISSION_GROUP_LABELS, RIGHT_DISPLAY_NAMES, type PermissionGroup, type Provenance, type ReceiveRight, type RightDecision } from '@cc/connector-engine';

/** Short column headings for the matrix (soft hyphens where a word outgrows its column); screen readers hear the full right name. */
export const RIGHT_SHORT: Record<ReceiveRight, string> = {
  'ms-Exch-SMTP-Submit': 'Submit',
  'ms-Exch-SMTP-Accept-Any-Recipient': 'Any recipient (relay)',
  'ms-Exch-SMTP-Accept-Any-Sender': 'Any sender',
  'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender': 'Authori\u00ADtative domain sender',
  'ms-Exch-SMTP-Accept-Authentication-Flag': 'Authenti\u00ADcation flag',
  'ms-Exch-SMTP-Accept-Exch50': 'EXCH50',
  'ms-Exch-Bypass-Anti-Spam': 'Bypass anti-spam',
  'ms-Exch-Bypass-Message-Size-Limit': 'Bypass size limit',
  'ms-Exch-Accept-Headers-Routing': 'Routing headers',
  'ms-Exch-Accept-Headers-Organization': 'Organi\u00ADzation headers',
  'ms-Exch-Accept-Headers-Forest': 'Forest headers',
};

export const rightDisplay = (right: string): string => RIGHT_DISPLAY_NAMES[right as ReceiveRight] ?? right;

export type CellState = 'granted' | 'denied' | 'none';

export function cellState(decision: RightDecision): CellState {
  if (decision.granted) return 'granted';
  return decision.deniedBy.length > 0 ? 'denied' : 'none';
}

export const CELL_LABEL: Record<CellState, string> = { granted: 'Allowed', denied: 'Denied', none: 'Not granted' };

/** Where one entry came from, as an admin reads Get-ADPermission: what wrote it, for whom, where it lives. */
export function describeEntry(p: Provenance, server: string | null): string {
  const kind = p.deny ? 'a deny entry' : 'an allow entry';
  const explicit = p.deny ? 'an explicit deny entry' : 'an explicit allow entry';
  if (p.source.startsWith('PermissionGroup:')) {
    const group = p.source.slice('PermissionGroup:'.length) as PermissionGroup;
    const label = PERMISSION_GROUP_LABELS[group] ?? group;
    return `the ${label} permission group (${group}): ${kind} it wrote for ${p.user} on this connector`;
  }
  if (p.inherited || p.source === 'Inherited')
    return `${kind} for ${p.user} inherited from ${server ? `${server}'s` : 'the server’s'} receive-connector container`;
  return `${explicit} for ${p.user} that an administrator added (Add-ADPermission)`;
}
