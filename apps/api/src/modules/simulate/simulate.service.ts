import { selectionFor, simulate, type SimulateRequest, type SimulateResult } from '@cc/connector-engine';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../plugins/errors.ts';
import { createAnswerCache } from '../connectors/answer-cache.ts';
import type { ContextCache, SeenGeneration } from '../connectors/context.ts';

export interface SimulateService {
  /** `seen`: the generation the request's session query read (context.ts). */
  run(request: SimulateRequest, seen?: SeenGeneration): Promise<SimulateResult>;
}

/** Distinct (local endpoint, remote IP) pairs kept per server and generation. */
const SELECTIONS_PER_SERVER = 4096;

/**
 * Runs the engine's SMTP session on the stored configuration; never writes. Which connector answers, and every
 * connector's verdict, depend only on the configuration and the connection, so they are kept per generation;
 * the session itself (identity, rights, transcript, fixes) is evaluated for every request.
 */
export function createSimulateService(deps: { contexts: Pick<ContextCache, 'byName'>; clock: Clock }): SimulateService {
  const selections = createAnswerCache<ReturnType<typeof selectionFor>>(SELECTIONS_PER_SERVER);
  return {
    async run(request, seen) {
      const loaded = await deps.contexts.byName(request.server, seen);
      if (!loaded)
        throw new AppError(422, 'RULE_VIOLATION', `There is no server named ${request.server}.`, {
          details: [{ code: 'UNKNOWN_SERVER', path: 'server', message: `There is no server named ${request.server}; choose one of the servers listed under Servers.` }],
        });
      const selection = selections.get(loaded.ctx, `${request.localEndpoint}\n${request.remoteIp}`, () => selectionFor(loaded.ctx, request, loaded.index));
      return simulate(loaded.ctx, request, { now: deps.clock.now(), index: loaded.index, selection });
    },
  };
}
