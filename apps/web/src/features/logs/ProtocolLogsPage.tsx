import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { LogUpload } from '@cc/api-contract';
import { useDeleteUpload, useLogSessions, useLogSummaries, useLogUploads, useUploadLogs, type SessionFilter } from '../../api/logs-hooks.ts';
import { useCan } from '../../app/session.ts';
import { Badge, type BadgeTone } from '../../components/Badge.tsx';
import { ConfirmAction, useConfirm } from '../../components/ConfirmAction.tsx';
import { DataTable, PlainList } from '../../components/DataTable.tsx';
import { QueryStates, StatusLine, useOutcome } from '../../components/QueryStates.tsx';
import { ErrorMessage } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { formatDateTime } from '../../lib/format.ts';
import { SessionDetail } from './SessionDetail.tsx';
import { SessionFilters } from './SessionFilters.tsx';
import { UploadLogsForm } from './UploadLogsForm.tsx';
import { rateText, scopedRelayHref } from './session-case.ts';
import './logs.css';

const FILTER_KEYS = ['from', 'to', 'clientIp', 'connector', 'sender', 'recipient', 'replyCode', 'outcome', 'verdict'] as const;
const OUTCOME_TONE: Record<string, BadgeTone> = { relayed: 'info', 'relay refused': 'danger', 'submission refused': 'warn', 'authentication failed': 'warn', accepted: 'ok', dropped: 'neutral' };
const VERDICT_TONE: Record<string, BadgeTone> = { agrees: 'ok', differs: 'danger', 'not comparable': 'neutral' };

function UploadFindings({ upload }: { upload: LogUpload }) {
  const unreadable = upload.files.filter((f) => f.unreadable > 0);
  return (
    <section aria-labelledby="findings-title">
      <h2 id="findings-title">
        Replay: {rateText(upload.agreementRate)} of {upload.comparable} comparable sessions agree ({upload.sessions} sessions)
      </h2>
      {upload.groups.length > 0 ? (
        <DataTable
          caption="Disagreements by cause"
          captionVisible
          rows={upload.groups}
          rowKey={(g) => g.key}
          columns={[
            { header: 'Cause', cell: (g) => <Badge tone="warn">{g.cause}</Badge> },
            { header: 'Likely explanation', rowHeader: true, cell: (g) => g.explanation },
            { header: 'Sessions', cell: (g) => g.sessions },
          ]}
        />
      ) : (
        <p>No disagreement: every comparable session went as the console predicts.</p>
      )}
      {upload.notComparable.length > 0 ? (
        <ul className="small">
          {upload.notComparable.map((n) => (
            <li key={n.reason}>
              Not comparable ({n.sessions}): {n.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {unreadable.map((f) => (
        <details key={f.name}>
          <summary>
            {f.name}: {f.unreadable} line(s) could not be read (of {f.lines})
          </summary>
          <ul className="small">
            {f.examples.map((e) => (
              <li key={e.line}>
                Line {e.line}: {e.reason} — <code>{e.text}</code>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}

function Summaries({ uploadId }: { uploadId: string }) {
  const summaries = useLogSummaries(uploadId);
  const canWrite = useCan('connectors:write');
  return (
    <QueryStates query={summaries} loadingLabel="Loading the summaries…" errorTitle="The summaries cannot be shown">
      {(s) => (
        <section aria-labelledby="summaries-title" className="log-summaries">
          <h2 id="summaries-title">Summaries</h2>
          <DataTable
            caption="Sources of 550 5.7.1 Unable to relay"
            captionVisible
            rows={s.relayRefusals}
            rowKey={(r) => `${r.remoteIp}|${r.connector}`}
            empty="No session was refused with 550 5.7.1 Unable to relay."
            columns={[
              { header: 'Client IP', rowHeader: true, cell: (r) => r.remoteIp },
              { header: 'Connector', cell: (r) => r.connector },
              { header: 'Sessions', cell: (r) => r.sessions },
            ]}
          />
          <DataTable
            caption="Clients that relayed with ms-Exch-SMTP-Accept-Any-Recipient (before narrowing a relay connector's range)"
            captionVisible
            rows={s.acceptAnyRecipient}
            rowKey={(r) => r.connector}
            empty="No session relayed with ms-Exch-SMTP-Accept-Any-Recipient."
            columns={[
              { header: 'Connector', rowHeader: true, cell: (r) => r.connector },
              { header: 'Client addresses', cell: (r) => <PlainList items={r.clients.map((c) => `${c.remoteIp} (${c.sessions})`)} /> },
              ...(canWrite
                ? [{ header: 'Narrow', cell: (r: (typeof s.acceptAnyRecipient)[number]) => <Link to={scopedRelayHref(r.connector, r.clients)}>New relay connector for these addresses</Link> }]
                : []),
            ]}
          />
        </section>
      )}
    </QueryStates>
  );
}

function Sessions({ uploadId, filter, onFilter, onOpen }: { uploadId: string; filter: SessionFilter; onFilter: (f: SessionFilter) => void; onOpen: (id: string) => void }) {
  const sessions = useLogSessions(uploadId, filter);
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      <SessionFilters filter={filter} onApply={onFilter} />
      <QueryStates query={sessions} loadingLabel="Loading the sessions…" errorTitle="The sessions cannot be shown">
        {(page) => (
          <>
            <p className="small" role="status">
              {page.total === 1 ? '1 session' : `${page.total} sessions`}
              {page.total > page.sessions.length ? ` (the first ${page.sessions.length} shown; narrow the filters)` : ''}
            </p>
            <DataTable
              caption="Sessions of the upload"
              rows={page.sessions}
              rowKey={(s) => s.id}
              rowTestId={() => 'log-session'}
              empty="No session matches the filters."
              columns={[
                { header: 'Start', cell: (s) => <time dateTime={s.start}>{formatDateTime(s.start)}</time> },
                { header: 'Client', rowHeader: true, cell: (s) => s.remoteIp },
                { header: 'Connector', cell: (s) => `${s.server}\\${s.connector}` },
                { header: 'From', cell: (s) => s.mailFrom ?? '—' },
                { header: 'To', cell: (s) => <PlainList items={s.rcptTo} empty="—" /> },
                { header: 'Outcome', cell: (s) => <Badge tone={OUTCOME_TONE[s.outcome] ?? 'neutral'}>{s.outcome}</Badge> },
                { header: 'Replay', cell: (s) => <Badge tone={VERDICT_TONE[s.verdict] ?? 'neutral'} title={s.note ?? undefined}>{s.verdict}</Badge> },
              ]}
              actions={(s) => [{ label: 'Show', target: `session ${s.sessionId} from ${s.remoteIp}`, onClick: () => onOpen(s.id) }]}
            />
          </>
        )}
      </QueryStates>
    </section>
  );
}

export default function ProtocolLogsPage() {
  usePageTitle('Protocol logs');
  const [params, setParams] = useSearchParams();
  const uploads = useLogUploads();
  const uploadLogs = useUploadLogs();
  const remove = useDeleteUpload();
  const canDelete = useCan('logs:delete');
  const confirm = useConfirm<LogUpload>();
  const outcome = useOutcome(uploadLogs, remove);
  const paramsKey = params.toString();
  const filter = useMemo<SessionFilter>(() => {
    const p = new URLSearchParams(paramsKey);
    return Object.fromEntries(FILTER_KEYS.filter((k) => p.get(k)).map((k) => [k, p.get(k)!]));
  }, [paramsKey]);
  const selectedId = params.get('upload') ?? uploads.data?.[0]?.id ?? null;
  const selected = uploads.data?.find((u) => u.id === selectedId) ?? null;
  const sessionId = params.get('session');

  const navigate = (next: Record<string, string | null>, keepFilters = true) => {
    const p = keepFilters ? new URLSearchParams(paramsKey) : new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v === null) p.delete(k);
    else p.set(k, v);
    setParams(p);
  };

  return (
    <section className="page protocol-logs" aria-labelledby="page-title">
      <h1 id="page-title">Protocol logs</h1>
      <p>
        What the servers really answered: upload SMTP Receive protocol logs and every session is replayed on the stored configuration. A disagreement is
        drift (Exchange changed and the console was not told) or a fact the console models wrongly.
      </p>
      <UploadLogsForm
        busy={uploadLogs.isPending}
        onUpload={(u) => {
          outcome.clear();
          uploadLogs.mutate(u, {
            onSuccess: (done) => {
              outcome.announce(`Read ${done.sessions} sessions; ${rateText(done.agreementRate)} of the comparable ones agree with the console.`);
              navigate({ upload: done.id, session: null }, false);
            },
          });
        }}
      />
      {uploadLogs.error ? <ErrorMessage error={uploadLogs.error} title="The logs were not loaded" /> : null}
      {remove.error ? <ErrorMessage error={remove.error} title="The upload was not deleted" /> : null}
      <StatusLine message={outcome.message} />
      <QueryStates query={uploads} loadingLabel="Loading the uploads…" errorTitle="The uploads cannot be shown">
        {(list) => (
          <DataTable
            caption="Uploads"
            captionVisible
            rows={list}
            rowKey={(u) => u.id}
            rowClassName={(u) => (u.id === selectedId ? 'selected' : undefined)}
            empty="No protocol log uploaded yet (uploads are kept 30 days unless LOG_RETENTION_DAYS says otherwise)."
            columns={[
              { header: 'Uploaded', cell: (u) => <time dateTime={u.at}>{formatDateTime(u.at)}</time> },
              { header: 'Files', rowHeader: true, cell: (u) => <PlainList items={u.files.map((f) => f.name)} /> },
              { header: 'By', cell: (u) => u.actor },
              { header: 'Sessions', cell: (u) => u.sessions },
              { header: 'Agreement', cell: (u) => rateText(u.agreementRate) },
              { header: 'Kept until', cell: (u) => <time dateTime={u.expiresAt}>{formatDateTime(u.expiresAt)}</time> },
            ]}
            actions={(u) => [
              { label: 'View', target: u.files.map((f) => f.name).join(', '), onClick: () => navigate({ upload: u.id, session: null }, false) },
              ...(canDelete ? [{ label: 'Delete', target: u.files.map((f) => f.name).join(', '), onClick: () => confirm.ask(u) }] : []),
            ]}
          />
        )}
      </QueryStates>
      {selected ? (
        <>
          <UploadFindings upload={selected} />
          <Summaries uploadId={selected.id} />
          <Sessions
            uploadId={selected.id}
            filter={filter}
            onFilter={(f) => setParams(new URLSearchParams({ upload: selected.id, ...f }))}
            onOpen={(id) => navigate({ upload: selected.id, session: id })}
          />
          {sessionId ? <SessionDetail uploadId={selected.id} sessionId={sessionId} /> : null}
        </>
      ) : null}
      <ConfirmAction
        target={confirm.target}
        title={(u) => `Delete the upload of ${formatDateTime(u.at)}?`}
        confirmLabel="Delete"
        onCancel={confirm.cancel}
        onConfirm={(u) => {
          outcome.clear();
          remove.mutate(u.id, { onSuccess: () => outcome.announce(`Deleted the upload of ${u.files.map((f) => f.name).join(', ')}.`) });
          if (u.id === selectedId) navigate({ upload: null, session: null }, false);
        }}
      >
        {(u) => <p>Its {u.sessions} sessions are deleted; the deletion is recorded in the audit log.</p>}
      </ConfirmAction>
    </section>
  );
}
