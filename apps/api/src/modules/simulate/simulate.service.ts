import { parseIpAddress, simulate, type SimulateRequest, type SimulateResult } from '@cc/connector-engine';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../plugins/errors.ts';
import type { ContextCache } from '../connectors/context.ts';

export interface SimulateService {
  run(request: SimulateRequest): Promise<SimulateResult>;
}

/** Runs the engine's SMTP session on the stored configuration; never writes. */
export function createSimulateService(deps: { contexts: Pick<ContextCache, 'byName'>; clock: Clock }): SimulateService {
  return {
    async run(request) {
      const loaded = await deps.contexts.byName(request.server);
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
      return simulate(loaded.ctx, request, { now: deps.clock.now(), index: loaded.index });
    },
  };
}
