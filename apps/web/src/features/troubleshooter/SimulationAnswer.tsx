import { useId } from 'react';
import { Link } from 'react-router';
import { RIGHT_DISPLAY_NAMES, type Fix, type FixKind, type ReceiveRight, type SimulateResult, formatBigCount } from '@cc/connector-engine';
import type { ConnectorView } from '../../api/types.ts';
import { Badge, type BadgeTone } from '../../components/Badge.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ShellCommands } from '../../components/ShellCommands.tsx';
import { newConnectorWizardHref, type WizardRelay } from '../wizard/link.ts';
import { adminHandOff, type RelayCase } from './case.ts';
import { MessagePanel } from './MessagePanel.tsx';
import { compareBounce, comparisonSentence } from './reply-compare.ts';

const OUTCOME: Record<SimulateResult['outcome'], { label: string; tone: BadgeTone }> = {
  accepted: { label: 'Accepted', tone: 'ok' },
  rejected: { label: 'Rejected', tone: 'danger' },
  refused: { label: 'Refused', tone: 'danger' },
};

/** The property tab where an admin makes each kind of fix. */
const FIX_TAB: Partial<Record<FixKind, string>> = {
  option2: 'permissions',
  grantRight: 'permissions',
  scopeConnector: 'network',
  addBinding: 'network',
  raiseLimit: 'general',
  authenticate: 'authentication',
  enableTls: 'authentication',
  addAnonymousUsers: 'groups',
};

const WIZARD_RELAY: Partial<Record<FixKind, WizardRelay>> = { option1: 'option1', option2: 'option2' };

function RightLabel({ right }: { right: string }) {
  const display = RIGHT_DISPLAY_NAMES[right as ReceiveRight];
  return (
    <>
      <code>{right}</code>
      {display ? <span className="muted small"> ({display})</span> : null}
    </>
  );
}

/** Client lines and Exchange's replies, each reply line as Exchange sends it. */
export function transcriptText(transcript: SimulateResult['transcript']): string {
  return transcript
    .flatMap((t) => [...(t.client === null ? [] : [`C: ${t.client}`]), ...t.server.split('\n').map((line) => `S: ${line}`)])
    .join('\n');
}

function Transcript({ transcript }: { transcript: SimulateResult['transcript'] }) {
  const id = useId();
  if (transcript.length === 0)
    return <p className="muted">There is no SMTP dialogue: the connection is not serviced, so Exchange sends no banner.</p>;
  return (
    <figure className="transcript">
      <figcaption>
        <span id={`${id}-caption`}>SMTP transcript (C: client, S: Exchange)</span>
        <CopyButton text={transcriptText(transcript)} label="Copy the transcript" targetId={`${id}-pre`} />
      </figcaption>
      <pre id={`${id}-pre`} tabIndex={0} aria-labelledby={`${id}-caption`} data-testid="transcript">
        {transcript.map((t, i) => (
          <span key={i} className="exchange">
            {t.client !== null ? <span className="client">{`C: ${t.client}\n`}</span> : null}
            {t.server.split('\n').map((line, j) => (
              <span key={j} className={/^[45]/.test(line) ? 'server refused' : 'server'}>{`S: ${line}\n`}</span>
            ))}
          </span>
        ))}
      </pre>
    </figure>
  );
}

function Candidates({ result, relayCase }: { result: SimulateResult; relayCase: RelayCase }) {
  // On a large server the summary below says why the others lost; an empty table would add nothing.
  if (result.candidates.length === 0)
    return result.candidateSummary.length === 0 ? <p className="muted">The server has no receive connector to consider.</p> : null;
  const selectedFirst = [...result.candidates].sort((a, b) => (a.outcome === b.outcome ? 0 : a.outcome === 'selected' ? -1 : 1));
  return (
    <DataTable
      caption={`Receive connectors on ${relayCase.server} considered for ${relayCase.remoteIp} connecting to ${relayCase.localEndpoint}`}
      compact
      className="candidates"
      rows={selectedFirst}
      rowKey={(c) => c.connectorId}
      rowClassName={(c) => (c.outcome === 'selected' ? 'selected' : undefined)}
      columns={[
        { header: 'Connector', rowHeader: true, cell: (c) => <Link to={`/connectors/${encodeURIComponent(c.connectorId)}`}>{c.name}</Link> },
        { header: 'Result', cell: (c) => (c.outcome === 'selected' ? <Badge tone="ok">Selected</Badge> : <Badge>Lost</Badge>) },
        { header: 'Matching range', cell: (c) => (c.matchingRange ? <code>{c.matchingRange}</code> : <span className="muted">—</span>) },
        { header: 'Addresses in range', cell: (c) => (c.rangeSize ? formatBigCount(BigInt(c.rangeSize)) : <span className="muted">—</span>) },
        { header: 'Why', className: 'small', cell: (c) => c.reason },
      ]}
    />
  );
}

function FixCard({ fix, index, canAdmin, connectorName }: { fix: Fix; index: number; canAdmin: boolean; connectorName: (id: string) => string }) {
  const id = useId();
  const tab = FIX_TAB[fix.kind];
  return (
    <li className="fix">
      <h4 id={`${id}-title`}>
        <span className="fix-number">Fix {index + 1}.</span> {fix.title}
      </h4>
      {fix.grants.length > 0 ? (
        <>
          <p className="fix-label">What it grants:</p>
          <ul className="rights">
            {fix.grants.map((g) => (
              <li key={g}>{g.startsWith('ms-Exch-') ? <RightLabel right={g} /> : g}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="fix-label">It grants no right.</p>
      )}
      <p>
        <span className="fix-label">Trade-off:</span> {fix.tradeoff}
      </p>
      {fix.shell ? <ShellCommands commands={fix.shell.split('\n')} title="Exchange Management Shell" /> : null}
      {canAdmin ? (
        <div className="buttons">
          {fix.connectorDraft ? (
            <Link className="button primary" to={newConnectorWizardHref(fix.connectorDraft, WIZARD_RELAY[fix.kind])}>
              Open the New Receive Connector wizard with this fix
              <span className="visually-hidden"> (fix {index + 1})</span>
            </Link>
          ) : null}
          {fix.connectorId ? (
            <Link className="button" to={`/connectors/${encodeURIComponent(fix.connectorId)}${tab ? `?tab=${tab}` : ''}`}>
              Open the properties of {connectorName(fix.connectorId)}
              <span className="visually-hidden"> (fix {index + 1})</span>
            </Link>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

interface Props {
  relayCase: RelayCase;
  result: SimulateResult;
  canAdmin: boolean;
  connectors: readonly ConnectorView[];
}

/** The answer: verdict, selection, transcript, explanation, rights that decided, fixes. All computed by the API. */
export function SimulationAnswer({ relayCase, result, canAdmin, connectors }: Props) {
  const outcome = OUTCOME[result.outcome];
  const nameOf = (id: string) =>
    result.candidates.find((c) => c.connectorId === id)?.name ?? connectors.find((c) => c.id === id)?.name ?? 'the connector';
  const bounce = relayCase.expectedReply ? comparisonSentence(relayCase.expectedReply, compareBounce(relayCase.expectedReply, result.transcript)) : null;
  const link = typeof window === 'undefined' ? null : window.location.href;

  return (
    <div className="simulation" data-testid="simulation">
      <div className={`verdict verdict-${result.outcome}`}>
        <p>
          <Badge tone={outcome.tone}>{outcome.label}</Badge> <strong data-testid="verdict">{result.verdict}</strong>
        </p>
        {bounce !== null ? (
          <p className="small" data-testid="bounce-comparison">
            {bounce}
          </p>
        ) : null}
      </div>

      <h3>Which connector answers</h3>
      {result.connector ? (
        <p>
          <Link to={`/connectors/${encodeURIComponent(result.connector.id)}`}>{result.connector.name}</Link> on {relayCase.server} takes the connection
          {result.matchedRange ? (
            <>
              : <code>{relayCase.remoteIp}</code> falls in its remote IP range <code>{result.matchedRange}</code>
            </>
          ) : null}
          . The session runs as <strong>{result.identity}</strong>.
        </p>
      ) : (
        <p>
          <strong>No connector answers.</strong>{' '}
          {result.listening
            ? `A connector listens on ${relayCase.localEndpoint}, but none of the connectors there has a remote IP range containing ${relayCase.remoteIp}.`
            : `No receive connector of ${relayCase.server} listens on ${relayCase.localEndpoint}.`}
        </p>
      )}
      <Candidates result={result} relayCase={relayCase} />
      {(result.candidateSummary ?? []).length > 0 ? (
        <ul className="candidate-summary" data-testid="candidate-summary">
          {result.candidateSummary.map((s) => (
            <li key={`${s.reason}-${s.endpoint ?? ''}`}>{s.text}</li>
          ))}
        </ul>
      ) : null}

      <h3>Transcript</h3>
      <Transcript transcript={result.transcript} />

      {result.message ? <MessagePanel message={result.message} /> : null}

      <h3>Why</h3>
      <div className="explanation" data-testid="explanation">
        {result.explanation.split('\n').map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
      {result.decisiveRights.length > 0 ? (
        <>
          <h4>Rights that decided</h4>
          <ul className="decisive">
            {result.decisiveRights.map((d, i) => (
              <li key={`${d.right}-${d.command}-${i}`}>
                At <code>{d.command}</code>: <RightLabel right={d.right} /> —{' '}
                {d.granted ? <Badge tone="ok">held</Badge> : <Badge tone="danger">not held</Badge>} by {result.identity}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <div className="fixes-head">
        <h3>Fixes</h3>
        <CopyButton text={adminHandOff(relayCase, result, link)} label="Copy for the admin" />
      </div>
      {result.fixes.length === 0 ? (
        <p className="muted">{result.outcome === 'accepted' ? 'Nothing to fix: every step of the session is accepted.' : 'No fix is proposed for this case.'}</p>
      ) : (
        <ol className="fixes plain">
          {result.fixes.map((fix, i) => (
            <FixCard key={`${fix.kind}-${i}`} fix={fix} index={i} canAdmin={canAdmin} connectorName={nameOf} />
          ))}
        </ol>
      )}
      {!canAdmin && result.fixes.length > 0 ? (
        <p className="hint">Only an administrator can make these changes: “Copy for the admin” copies the case, the verdict and the shell commands.</p>
      ) : null}
    </div>
  );
}
