import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'ok' | 'info' | 'warn' | 'danger' | 'critical';

export function Badge({ tone = 'neutral', children, title }: { tone?: BadgeTone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

const SEVERITY_TONE: Record<string, BadgeTone> = { critical: 'critical', high: 'danger', medium: 'warn', low: 'info' };

/** A finding's severity; the text says it, the colour only repeats it. */
export function SeverityBadge({ severity, children }: { severity: string; children?: ReactNode }) {
  return (
    <Badge tone={SEVERITY_TONE[severity] ?? 'neutral'}>
      {severity}
      {children ? <>: {children}</> : null}
    </Badge>
  );
}
