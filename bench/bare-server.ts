/** A bare Fastify route answering a fixed JSON document: the API benchmark's same-run reference (quality doc §4.2). */
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const body = readFileSync(process.env.BARE_JSON_FILE!, 'utf8');
const app = Fastify({ logger: false });
app.get('/', (_req, reply) => {
  reply.header('content-type', 'application/json; charset=utf-8').send(body);
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
// A clean exit on SIGTERM, so a --cpu-prof run writes its profile (npm run bench -- profile).
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
