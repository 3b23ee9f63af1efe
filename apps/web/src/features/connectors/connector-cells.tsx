import type { Finding, PermissionGroup, ServerRole } from '@cc/connector-engine';
import { Badge, SeverityBadge } from '../../components/Badge.tsx';
import type { useEngine } from '../../lib/engine-loader.ts';
import { humanizeCode } from '../../lib/format.ts';
import type { ConnectorView } from '../../api/types.ts';

export type Engine = NonNullable<ReturnType<typeof useEngine>>;
export const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export function groupLabel(engine: Engine | null, g: string): string {
  return engine ? engine.permissionGroupLabel(g as PermissionGroup | 'Custom') : g;
}

/** Setup's own connectors (Default, Client) have no usage type in Exchange; the console records them as Custom. */
export function isInstallDefault(installDefaults: (server: string, role: ServerRole) => { name: string }[], c: ConnectorView, role: ServerRole): boolean {
  return installDefaults(c.server, role).some((d) => d.name === c.name);
}

/** The usage type chosen in the wizard, as a caption (not a chip, which PermissionGroups use); nothing for setup's connectors. */
export function UsageBadge({ usage, installDefault }: { usage: string; installDefault: boolean }) {
  if (installDefault) return null;
  return (
    <span className="usage" title="The usage type chosen in the New Receive Connector wizard">
      Usage: {usage}
    </span>
  );
}

export function StatusBadge({ enabled }: { enabled: boolean }) {
  return enabled ? <Badge tone="ok">Enabled</Badge> : <Badge>Disabled</Badge>;
}

/** Each range with its address count, counted by the engine once it has loaded. */
export function RangeList({ ranges, engine }: { ranges: string[]; engine: Engine | null }) {
  if (ranges.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="plain">
      {ranges.map((text) => {
        const parsed = engine?.parseIpRange(text);
        return (
          <li key={text}>
            <code>{text}</code>{' '}
            {parsed ? (
              <span className="muted small">{parsed.ok ? `(${engine!.formatAddressCount(engine!.rangeSize(parsed.value))})` : '(not a valid range)'}</span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

export function RiskBadges({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="plain">
      {[...findings]
        .sort((a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9))
        .map((f, i) => (
          <li key={`${f.code}-${i}`} title={f.message}>
            <SeverityBadge severity={f.severity}>{humanizeCode(f.code)}</SeverityBadge>
          </li>
        ))}
    </ul>
  );
}
