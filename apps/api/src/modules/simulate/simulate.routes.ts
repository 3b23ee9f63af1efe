import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBodySchema, SimulateRequestSchema, SimulateResultSchema } from '@cc/api-contract';
import { sendJsonText } from '../../plugins/fast-json.ts';
import type { SimulateService } from './simulate.service.ts';

export function simulateRoutes(deps: { simulate: SimulateService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/api/simulate', {
      config: { action: 'simulate:run' },
      schema: {
        tags: ['troubleshooting'],
        summary: 'What would Exchange answer this client? Selection, transcript, rights and fixes (never writes)',
        body: SimulateRequestSchema,
        response: { 200: SimulateResultSchema, 422: ErrorBodySchema },
      },
      // The service answers JSON text (its connector verdicts serialised once per generation).
      handler: async (request, reply) => sendJsonText(reply, await deps.simulate.run(request.body, request.auth?.generation)),
    });
  };
}
