import { parseIpAddress, selectionFor, simulate, type SimulateRequest, type SimulateResult } from '@cc/connector-engine';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../plugins/errors.ts';
import { createAnswerCache } from '../connectors/answer-cache.ts';
import type { ContextCache, SeenGeneration } from '../connectors/context.ts';

export interface SimulateService {
  /** The answer as JSON text (SimulateResult). `seen`: the generation the request's session query read (context.ts). */
  run(request: SimulateRequest, seen?: SeenGeneration): Promise<string>;
}

/** Distinct (local endpoint, remote IP) pairs kept per server and generation. */
const SELECTIONS_PER_SERVER = 4096;

interface KeptSelection {
  selection: ReturnType<typeof selectionFor>;
  /** `"candidates":[…],"candidateSummary":[…]`, the bulk of most answers, serialised once. */
  candidatesJson: string | null;
}

function keep(selection: ReturnType<typeof selectionFor>): KeptSelection {
  if (!selection.ok) return { selection, candidatesJson: null };
  const { candidates, candidateSummary } = selection.value;
  return { selection, candidatesJson: `"candidates":${JSON.stringify(candidates)},"candidateSummary":${JSON.stringify(candidateSummary)}` };
}

/** The result as JSON, with the kept candidates' text spliced in when the result carries exactly those. */
function render(result: SimulateResult, kept: KeptSelection): string {
  if (kept.candidatesJson === null || !kept.selection.ok || result.candidates !== kept.selection.value.candidates) return JSON.stringify(result);
  const { candidates: _candidates, candidateSummary: _summary, ...rest } = result;
  return `${JSON.stringify(rest).slice(0, -1)},${kept.candidatesJson}}`;
}

/**
 * Runs the engine's SMTP session on the stored configuration; never writes. Which connector answers, and every
 * connector's verdict, depend only on the configuration and the connection, so they are kept per generation
 * (with their JSON); the session itself (identity, rights, transcript, fixes) is evaluated for every request.
 */
export function createSimulateService(deps: { contexts: Pick<ContextCache, 'byName'>; clock: Clock }): SimulateService {
  const selections = createAnswerCache<KeptSelection>(SELECTIONS_PER_SERVER);
  return {
    async run(request, seen) {
      const loaded = await deps.contexts.byName(request.server, seen);
      if (!loaded)
        throw new AppError(422, 'RULE_VIOLATION', `There is no server named ${request.server}.`, {
          details: [{ code: 'UNKNOWN_SERVER', path: 'server', message: `There is no server named ${request.server}; choose one of the servers listed under Servers.` }],
        });
      // A client that is no address cannot connect: answer the mistake, not a "nothing listens" verdict.
      const ip = parseIpAddress(request.remoteIp);
      if (!ip.ok)
        throw new AppError(422, 'RULE_VIOLATION', `${request.remoteIp} is not an IP address.`, {
          details: [{ code: 'INVALID_ADDRESS', path: 'remoteIp', message: ip.error }],
        });
      const kept = selections.get(loaded.ctx, `${request.localEndpoint}\n${request.remoteIp}`, () => keep(selectionFor(loaded.ctx, request, loaded.index)));
      return render(simulate(loaded.ctx, request, { now: deps.clock.now(), index: loaded.index, selection: kept.selection }), kept);
    },
  };
}
