import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBodySchema, TransportSettingsPatchBodySchema, TransportSettingsViewSchema } from '@cc/api-contract';
import type { Clock } from '../../clock.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { TransportSettingsService } from './transport-settings.service.ts';

const tags = ['transport settings'];

export function transportSettingsRoutes(deps: { transport: TransportSettingsService; clock: Clock }): FastifyPluginAsyncZod {
  const { transport, clock } = deps;
  return async (app) => {
    app.get('/api/transport-settings', {
      config: { action: 'transport:read' },
      schema: { tags, summary: 'The organisation’s transport settings that change a receive session (Get-TransportConfig)', response: { 200: TransportSettingsViewSchema } },
      handler: () => transport.get(),
    });

    app.patch('/api/transport-settings', {
      config: { action: 'transport:write' },
      schema: {
        tags,
        summary: 'Add or remove domains on TLSReceiveDomainSecureList / TLSSendDomainSecureList (Set-TransportConfig)',
        body: TransportSettingsPatchBodySchema,
        response: { 200: TransportSettingsViewSchema, 422: ErrorBodySchema },
      },
      handler: (request) => transport.update(actorOf(request, clock), request.body),
    });
  };
}
