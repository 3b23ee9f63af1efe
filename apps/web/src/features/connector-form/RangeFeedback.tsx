import { formatIpRange, isAllIPv4, isAllIPv6, parseIpRange, rangeSize, formatAddressCount } from '@cc/connector-engine';

export type RangeCheck =
  | { state: 'empty' }
  | { state: 'error'; message: string }
  | { state: 'ok'; canonical: string; count: string; family: 4 | 6; allV4: boolean; allV6: boolean; warnings: string[] };

/** The engine's parse of one typed range: canonical form and address count, or its precise error. */
export function checkRange(text: string): RangeCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { state: 'empty' };
  const parsed = parseIpRange(trimmed);
  if (!parsed.ok) return { state: 'error', message: parsed.error };
  return {
    state: 'ok',
    canonical: formatIpRange(parsed.value),
    count: formatAddressCount(rangeSize(parsed.value)),
    family: parsed.value.family,
    allV4: isAllIPv4(parsed.value),
    allV6: isAllIPv6(parsed.value),
    warnings: parsed.warnings,
  };
}

/** `refused`: the range parses but a rule refuses it (a conflict), so it is not shown as fine. */
export function RangeFeedback({ id, check, refused = false }: { id: string; check: RangeCheck; refused?: boolean }) {
  if (check.state === 'empty') return <p id={id} className="hint">Type an address, a range (start-end), address/length or address(mask).</p>;
  if (check.state === 'error')
    return (
      <p id={id} className="field-error" data-testid="range-error">
        {check.message}
      </p>
    );
  return (
    <div id={id} className={refused ? 'range-parsed' : 'range-ok'} data-testid={refused ? 'range-parsed' : 'range-ok'}>
      <span>
        <span className="visually-hidden">Stored as </span>
        <code>{check.canonical}</code> · {check.count}
        {check.family === 6 ? ' · IPv6' : ''}
      </span>
      {check.warnings.map((w) => (
        <span key={w} className="warn-text">
          {w}
        </span>
      ))}
    </div>
  );
}

/** The prominent warning when the scope is every IPv4 address or every IPv6 address. */
export function ScopeWarning({ checks }: { checks: RangeCheck[] }) {
  const allV4 = checks.some((c) => c.state === 'ok' && c.allV4);
  const allV6 = checks.some((c) => c.state === 'ok' && c.allV6);
  if (!allV4 && !allV6) return null;
  const what = allV4 && allV6 ? 'every IPv4 and every IPv6 address' : allV4 ? 'every IPv4 address' : 'every IPv6 address';
  return (
    <div className="warning-box" role="note" data-testid="scope-warning">
      <strong>This connector accepts connections from {what} — the whole Internet.</strong> Whatever its permission groups
      allow, anyone can do. Grant relay on such a connector only with authentication; for application servers, list their
      addresses instead.
    </div>
  );
}
