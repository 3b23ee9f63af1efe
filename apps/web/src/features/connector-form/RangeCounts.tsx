import { formatAddressCount, parseIpRange, rangeSize } from '@cc/connector-engine';

/** Remote IP ranges as read back, each with how many addresses it covers. */
export function RangeCounts({ ranges }: { ranges: readonly string[] }) {
  return (
    <ul className="plain">
      {ranges.map((r) => {
        const parsed = parseIpRange(r);
        return (
          <li key={r}>
            <code>{r}</code> {parsed.ok ? <span className="muted small">({formatAddressCount(rangeSize(parsed.value))})</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
