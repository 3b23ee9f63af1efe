import * as Tabs from '@radix-ui/react-tabs';
import type { ImportPreview, PlannedChange } from '@cc/api-contract';
import { Badge } from '../../components/Badge.tsx';
import { ShellCommands } from '../../components/ShellCommands.tsx';
import { Empty } from '../../components/States.tsx';
import { FIELD_LABELS } from '../../lib/connector-diff.ts';
import { formatDateTime } from '../../lib/format.ts';

const KIND_LABELS: Record<PlannedChange['kind'], string> = {
  transportSettings: 'Transport settings',
  acceptedDomain: 'Accepted domain',
  principal: 'Directory',
  server: 'Server',
  serverPermissions: 'Inherited permissions',
  connector: 'Receive connector',
};
/** Changed fields as the console's pages name them; those only an import has get their own words. */
const IMPORT_FIELD_LABELS: Record<string, string> = {
  ...FIELD_LABELS,
  permissions: 'Permission entries',
  extras: 'Properties outside the 2007 model',
  exchangeVersion: 'Exchange version',
  ipAddresses: 'IP addresses',
  role: 'Role',
  containerPermissions: 'Inherited permission entries',
  emailAddresses: 'E-mail addresses',
  memberOf: 'Member of',
  sendAs: 'Send-As',
  domainType: 'Domain type',
  isDefault: 'Default domain',
  tlsReceiveDomainSecureList: 'Receive: domains secured with mutual TLS (TLSReceiveDomainSecureList)',
  tlsSendDomainSecureList: 'Send: domains secured with mutual TLS (TLSSendDomainSecureList)',
};

const ACTION_LABELS: Record<PlannedChange['action'], string> = { create: 'New', update: 'Changed', delete: 'Removed' };
const ACTION_TONES = { create: 'ok', update: 'warn', delete: 'danger' } as const;

/** "3 changes: 2 receive connectors new, 1 accepted domain removed". */
export function changeSummary(changes: readonly PlannedChange[]): string {
  if (changes.length === 0) return 'Nothing to change: the console already holds what the files describe.';
  const counts = new Map<string, number>();
  for (const c of changes) {
    const key = `${KIND_LABELS[c.kind].toLowerCase()} ${ACTION_LABELS[c.action].toLowerCase()}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return `${changes.length} ${changes.length === 1 ? 'change' : 'changes'}: ${[...counts].map(([k, n]) => `${n} × ${k}`).join(', ')}.`;
}

function ChangeItem({ change }: { change: PlannedChange }) {
  return (
    <li className="import-change" data-testid="import-change">
      <p>
        <Badge tone={ACTION_TONES[change.action]}>{ACTION_LABELS[change.action]}</Badge> {KIND_LABELS[change.kind]} <strong>{change.label}</strong>
        {change.fields.length > 0 ? <span className="muted"> — {change.fields.map((f) => IMPORT_FIELD_LABELS[f] ?? f).join(', ')}</span> : null}
      </p>
      <details>
        <summary>Shell commands both ways</summary>
        <ShellCommands title="What applying the import does (Exchange Management Shell equivalent)" commands={change.shellToMatchExchange} />
        <ShellCommands title="Or make Exchange match the console instead" commands={change.shellToMatchConsole} />
      </details>
    </li>
  );
}

/** What an upload would do, before anything is applied: changes, refused objects, problems and findings. */
export function ImportPreviewPanel({ preview }: { preview: ImportPreview }) {
  const errors = preview.problems.filter((p) => p.severity === 'error').length;
  return (
    <section aria-labelledby="preview-title" className="import-preview">
      <h2 id="preview-title">{preview.drift ? 'Drift since the last import' : 'Preview'}</h2>
      <p>
        {preview.drift && preview.lastImportAt ? <>Compared with what the console holds after the import of {formatDateTime(preview.lastImportAt)}. </> : null}
        {changeSummary(preview.changes)}
      </p>
      {preview.servers.length > 0 ? (
        <p className="small">
          Servers in the files: {preview.servers.map((s) => `${s.name} (${s.release ?? s.exchangeVersion ?? 'version unknown'})`).join(', ')}.
        </p>
      ) : null}
      <p className="small muted">
        Files: {preview.sources.map((s) => `${s.file} (${s.format}, ${s.objects} objects, SHA-256 ${s.sha256.slice(0, 12)}…)`).join('; ')}
      </p>
      <Tabs.Root defaultValue="changes" className="tabs">
        <Tabs.List aria-label="Preview">
          <Tabs.Trigger value="changes">Changes ({preview.changes.length})</Tabs.Trigger>
          <Tabs.Trigger value="refused">Refused ({preview.refused.length})</Tabs.Trigger>
          <Tabs.Trigger value="problems">
            Problems ({preview.problems.length}){errors > 0 ? `, ${errors} errors` : ''}
          </Tabs.Trigger>
          <Tabs.Trigger value="findings">Findings ({preview.findings.length})</Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="changes">
          {preview.changes.length === 0 ? <Empty>Nothing to change.</Empty> : <ul className="plain">{preview.changes.map((c) => <ChangeItem key={`${c.kind}-${c.key}`} change={c} />)}</ul>}
        </Tabs.Content>
        <Tabs.Content value="refused">
          {preview.refused.length === 0 ? (
            <Empty>Exchange's rules accept every imported object.</Empty>
          ) : (
            <ul className="plain">
              {preview.refused.map((r) => (
                <li key={`${r.kind}-${r.key}`} data-testid="import-refused">
                  <strong>{r.key}</strong> ({KIND_LABELS[r.kind]}) is not applied: {r.rules.map((rule) => rule.message).join(' ')}
                  <details>
                    <summary>As found</summary>
                    <pre>{JSON.stringify(r.asFound, null, 2)}</pre>
                  </details>
                </li>
              ))}
            </ul>
          )}
        </Tabs.Content>
        <Tabs.Content value="problems">
          {preview.problems.length === 0 ? (
            <Empty>Every file was read completely.</Empty>
          ) : (
            <ul className="plain">
              {preview.problems.map((p, i) => (
                <li key={i} data-testid="import-problem">
                  <Badge tone={p.severity === 'error' ? 'danger' : 'warn'}>{p.severity === 'error' ? 'Not imported' : 'Note'}</Badge> {p.file}
                  {p.line !== null ? `, line ${p.line}` : ''}: {p.message}
                  {p.fix ? <span className="muted"> {p.fix}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </Tabs.Content>
        <Tabs.Content value="findings">
          {preview.findings.length === 0 ? (
            <Empty>No risk findings in the organisation as imported.</Empty>
          ) : (
            <ul className="plain">
              {preview.findings.map((f, i) => (
                <li key={i}>
                  <Badge tone={f.severity === 'high' ? 'danger' : 'warn'}>{f.severity}</Badge> {f.server}\{f.connectorName}: {f.message}
                </li>
              ))}
            </ul>
          )}
        </Tabs.Content>
      </Tabs.Root>
    </section>
  );
}
