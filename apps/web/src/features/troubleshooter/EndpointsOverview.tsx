import { useMemo } from 'react';
import type { SimulateResult } from '@cc/connector-engine';
import { useSimulations } from '../../api/helpdesk-hooks.ts';
import { Badge } from '../../components/Badge.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage, Loading } from '../../components/States.tsx';
import { toSimulateRequest, type RelayCase } from './case.ts';
import { answerOf, contrastSentence, type EndpointAnswer } from './endpoint-contrast.ts';
import { compareBounce, type BounceComparison } from './reply-compare.ts';

interface Props {
  relayCase: RelayCase;
  endpoints: readonly string[];
  /** Shows the full answer for one endpoint. */
  onChoose: (endpoint: string) => void;
}

const reproduces = (c: BounceComparison | null) => c?.kind === 'same' || c?.kind === 'otherVersion';

function BounceCell({ comparison }: { comparison: BounceComparison | null }) {
  if (!comparison) return <span className="muted">—</span>;
  if (comparison.kind === 'same') return <Badge tone="ok">Reproduces the bounce</Badge>;
  if (comparison.kind === 'otherVersion') return <Badge tone="ok">Same refusal, different server version</Badge>;
  if (comparison.kind === 'partial') return <Badge>Agrees with the part quoted</Badge>;
  return <Badge>Different</Badge>;
}

/** The case run on every endpoint of the server, compactly: which one reproduces the bounce, and why they differ. */
export function EndpointsOverview({ relayCase, endpoints, onChoose }: Props) {
  // A client reaches only the addresses of its own family: an IPv4 client never connects to [2001:db8::10]:25.
  const reachable = useMemo(() => endpoints.filter((e) => e.startsWith('[') === relayCase.remoteIp.includes(':')), [endpoints, relayCase.remoteIp]);
  const bodies = useMemo(() => reachable.map((e) => toSimulateRequest({ ...relayCase, localEndpoint: e })), [relayCase, reachable]);
  const queries = useSimulations(bodies);
  const error = queries.find((q) => q.error)?.error;
  if (error) return <ErrorMessage error={error} title="The case could not be simulated" retry={() => queries.forEach((q) => void q.refetch())} />;
  if (reachable.length === 0 || queries.some((q) => !q.data)) return <Loading label="Simulating the case on every endpoint…" />;

  const answers: EndpointAnswer[] = queries.map((q, i) => ({ endpoint: reachable[i]!, result: q.data as SimulateResult }));
  const comparisons = answers.map((a) => (relayCase.expectedReply ? compareBounce(relayCase.expectedReply, a.result.transcript) : null));
  const matching = answers.filter((_, i) => reproduces(comparisons[i]!)).map((a) => a.endpoint);
  const contrast = contrastSentence(answers);

  return (
    <div className="endpoints-overview" data-testid="endpoints-overview">
      <p data-testid="endpoints-summary">
        {relayCase.expectedReply
          ? matching.length > 0
            ? `${matching.join(' and ')} ${matching.length === 1 ? 'reproduces' : 'reproduce'} the bounce "${relayCase.expectedReply}".`
            : `No endpoint of ${relayCase.server} gives the bounce's reply "${relayCase.expectedReply}".`
          : `The case on each of the ${reachable.length} endpoints of ${relayCase.server} that ${relayCase.remoteIp} can reach.`}
      </p>
      {contrast ? <p data-testid="endpoints-contrast">{contrast}</p> : null}
      <DataTable
        caption={`${relayCase.remoteIp} on every endpoint of ${relayCase.server}`}
        captionVisible
        compact
        rows={answers.map((a, i) => ({ ...a, comparison: comparisons[i]! }))}
        rowKey={(a) => a.endpoint}
        columns={[
          { header: 'Endpoint', rowHeader: true, cell: (a) => <code>{a.endpoint}</code> },
          { header: 'Connector', cell: (a) => a.result.connector?.name ?? <span className="muted">none</span> },
          { header: 'What Exchange answers', cell: (a) => <code>{answerOf(a.result)}</code> },
          ...(relayCase.expectedReply ? [{ header: 'Compared with the bounce', cell: (a: { comparison: BounceComparison | null }) => <BounceCell comparison={a.comparison} /> }] : []),
          {
            header: <span className="visually-hidden">Details</span>,
            cell: (a) => (
              <button type="button" className="link-button" onClick={() => onChoose(a.endpoint)} aria-label={`Show the details for ${a.endpoint}`}>
                Show the details
              </button>
            ),
          },
        ]}
      />
    </div>
  );
}
