import { Link } from 'react-router';
import { useLogSession } from '../../api/logs-hooks.ts';
import { Badge } from '../../components/Badge.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { QueryStates } from '../../components/QueryStates.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { troubleshooterHref } from './session-case.ts';

type Row = { logged: { command: string | null; reply: string } | null; replayed: { command: string | null; reply: string } | null; agrees: boolean };

/** One session: the logged dialogue beside the replay, what differs, and the way to the troubleshooter. */
export function SessionDetail({ uploadId, sessionId }: { uploadId: string; sessionId: string }) {
  const session = useLogSession(uploadId, sessionId);
  return (
    <QueryStates query={session} loadingLabel="Loading the session…" errorTitle="The session cannot be shown">
      {(s) => {
        const refusal = s.exchanges.map((e) => e.logged?.reply.split('\n').pop() ?? '').find((r) => /^5\d\d/.test(r)) ?? null;
        const rows: (Row & { n: number })[] = s.exchanges.map((e, n) => ({ ...e, n }));
        return (
          <section aria-labelledby="session-title" className="log-session">
            <h2 id="session-title">
              Session {s.sessionId} — {s.remoteIp} on {s.server}\{s.connector}
            </h2>
            <p className="small">
              <time dateTime={s.start}>{formatDateTime(s.start)}</time> · {s.localEndpoint} · {s.tls ? 'TLS' : 'no TLS'} · {s.account ?? 'anonymous'} · outcome{' '}
              <strong>{s.outcome}</strong> · replay <strong>{s.verdict}</strong>
              {s.replayedConnector && s.replayedConnector !== s.connector ? <> (the console selects {s.replayedConnector})</> : null}
            </p>
            <p>
              <Link className="button" to={troubleshooterHref(s, refusal)}>
                Open in the troubleshooter
              </Link>
            </p>
            {s.differences.length > 0 ? (
              <ul className="differences">
                {s.differences.map((d, i) => (
                  <li key={i}>
                    <Badge tone="warn">{d.cause}</Badge> {d.explanation}
                  </li>
                ))}
              </ul>
            ) : s.note ? (
              <p>{s.note}</p>
            ) : null}
            {s.tokens.length > 0 ? (
              <p className="small">
                Set Session Permissions: {s.tokens.map((t, i) => <code key={i}>{t}</code>)}
              </p>
            ) : null}
            <DataTable
              caption="The logged dialogue beside the replay"
              captionVisible
              rows={rows}
              rowKey={(r) => String(r.n)}
              rowClassName={(r) => (r.replayed && !r.agrees ? 'differs' : undefined)}
              columns={[
                { header: 'Client', rowHeader: true, cell: (r) => <code>{r.logged?.command ?? '(connect)'}</code> },
                { header: 'Exchange answered (log)', cell: (r) => <pre className="reply">{r.logged?.reply ?? ''}</pre> },
                { header: 'The console answers (replay)', cell: (r) => <pre className="reply">{r.replayed?.reply ?? '—'}</pre> },
                { header: 'Same?', cell: (r) => (r.replayed === null ? '—' : r.agrees ? 'Yes' : <strong>No</strong>) },
              ]}
            />
            <details>
              <summary>The log lines ({s.lines.length})</summary>
              <pre className="log-lines">{s.lines.map((l) => [l.time, l.sequence, l.event, l.data, l.context].join(',')).join('\n')}</pre>
            </details>
          </section>
        );
      }}
    </QueryStates>
  );
}
