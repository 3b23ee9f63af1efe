import type { FastifyReply, FastifySerializerCompiler } from 'fastify';

/**
 * Plain JSON.stringify for large, hot answers (simulation, connector lists, effective permissions). Their
 * shapes are the engine's own types, which api-contract checks against the response schemas at compile time,
 * so re-validating every answer at run time (zod encode, ~2× the engine's own work for 1,000 connectors) buys
 * nothing. The schema still documents the answer in OpenAPI.
 */
export const plainJsonSerializer: FastifySerializerCompiler<unknown> = () => (data) => JSON.stringify(data);

/**
 * Sends an answer a service already rendered as JSON text (kept in a cache): Fastify sends strings as they are,
 * so nothing is serialised per request. The text is still the route schema's type, produced by JSON.stringify.
 */
export function sendJsonText(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(text);
}
