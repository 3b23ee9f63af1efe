/**
 * Child process of the kill -9 test: signs in through the API and PATCHes one connector as fast as it can,
 * writing `ACK <version>` synchronously after each 200 — so everything it printed was acknowledged to a client.
 */
import { writeSync } from 'node:fs';
import { buildApp } from '../app.ts';
import { openDatabase } from '../db/database.ts';
import { createPasswordHasher } from '../modules/users/password.ts';

const [, , connectorId, password] = process.argv;
const handle = openDatabase({ url: process.env.CRASH_DATABASE_URL, path: process.env.CRASH_DATABASE_PATH, pgSchema: process.env.CRASH_PG_SCHEMA });
const app = await buildApp({ db: handle.db, hasher: createPasswordHasher({ costLog2: 10 }), log: false });
const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'admin', password } });
const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
const csrf = (signIn.json() as { csrfToken: string }).csrfToken;
let etag = String((await app.inject({ method: 'GET', url: `/api/connectors/${connectorId}`, headers: { cookie } })).headers.etag);
writeSync(1, 'READY\n');
for (let i = 0; ; i += 1) {
  const res = await app.inject({
    method: 'PATCH',
    url: `/api/connectors/${connectorId}`,
    payload: { comment: `write ${i}` },
    headers: { cookie, 'x-csrf-token': csrf, 'if-match': etag },
  });
  if (res.statusCode !== 200) {
    writeSync(2, `unexpected ${res.statusCode} ${res.body}\n`);
    process.exit(2);
  }
  etag = String(res.headers.etag);
  writeSync(1, `ACK ${etag.replaceAll('"', '')}\n`);
}
