import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBinaries, startPrivatePostgres, type PrivatePostgres } from '../test/private-postgres.ts';
import { startApiProcess, type ApiProcess } from '../test/processes.ts';

/**
 * Two real API processes on one PostgreSQL server that loses every connection and then restarts during a stream
 * of requests (a failover, a restart, pg_terminate_backend). The server is the test's own, so restarting it
 * disturbs no other suite; it runs in the PostgreSQL pass (CI), where the machine's PostgreSQL is installed.
 */
const onPostgres = process.env.TEST_DATABASE_URL !== undefined && postgresBinaries() !== null;
const PASSWORD = 'outage drill password 7';

interface Signed {
  api: ApiProcess;
  cookie: string;
  csrf: string;
}

async function signIn(api: ApiProcess): Promise<Signed> {
  const res = await fetch(`${api.baseURL}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  return { api, cookie: String(res.headers.get('set-cookie')).split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

const addDomain = (s: Signed, domainName: string) =>
  fetch(`${s.api.baseURL}/api/accepted-domains`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: JSON.stringify({ domainName, domainType: 'Authoritative', isDefault: false }),
  });

const health = async (api: ApiProcess) => {
  try {
    return (await fetch(`${api.baseURL}/api/health`)).status;
  } catch {
    return 0;
  }
};

describe.skipIf(!onPostgres)('losing the PostgreSQL server', () => {
  let server: PrivatePostgres;
  let a: ApiProcess;
  let b: ApiProcess;

  beforeAll(async () => {
    server = await startPrivatePostgres();
    const env = { DATABASE_URL: server.url, CONSOLE_ADMIN_PASSWORD: PASSWORD, SEED_DEMO: '0' };
    a = await startApiProcess(env);
    b = await startApiProcess(env);
  }, 120_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    server?.stop();
  });

  it('keeps both processes up, answers 503 with Retry-After meanwhile, recovers by itself and loses no acknowledged write', async () => {
    const sessions = [await signIn(a), await signIn(b)];
    const acknowledged: string[] = [];
    const statuses = new Map<number, number>();
    const refusalsWithoutRetryAfter: number[] = [];
    let stop = false;
    let counter = 0;

    const stream = async (s: Signed) => {
      while (!stop) {
        counter += 1;
        const name = `outage-${counter}.example.com`;
        try {
          const res = await addDomain(s, name);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 201) acknowledged.push(name);
          if (res.status === 503 && !res.headers.get('retry-after')) refusalsWithoutRetryAfter.push(res.status);
        } catch {
          statuses.set(0, (statuses.get(0) ?? 0) + 1);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const streams = sessions.map(stream);

    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await server.terminateAllConnections()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await server.restart();
    const restartedAt = Date.now();
    let recoveredAfterMs = -1;
    while (Date.now() - restartedAt < 30_000) {
      if ((await health(a)) === 200 && (await health(b)) === 200) {
        recoveredAfterMs = Date.now() - restartedAt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    stop = true;
    await Promise.all(streams);

    console.info(`outage drill: ${acknowledged.length} writes acknowledged, answers ${JSON.stringify(Object.fromEntries(statuses))}, both healthy ${recoveredAfterMs} ms after the restart`);
    const summary = `statuses ${JSON.stringify([...statuses])}\nA:\n${a.output()}\nB:\n${b.output()}`;
    expect(a.child.exitCode, summary).toBeNull();
    expect(b.child.exitCode, summary).toBeNull();
    expect(recoveredAfterMs, summary).toBeGreaterThanOrEqual(0);
    expect(recoveredAfterMs, summary).toBeLessThan(10_000);
    expect([...statuses.keys()].filter((status) => status !== 201 && status !== 503), summary).toEqual([]);
    expect(refusalsWithoutRetryAfter).toEqual([]);

    // Both processes serve writes again, and every write either process acknowledged is there.
    for (const s of sessions) expect((await addDomain(s, `after-${s.api.baseURL.split(':')[2]}.example.com`)).status).toBe(201);
    const list = (await (await fetch(`${a.baseURL}/api/accepted-domains`, { headers: { cookie: sessions[0]!.cookie } })).json()) as Array<{ domainName: string }>;
    const stored = new Set(list.map((d) => d.domainName));
    expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(5);
  }, 90_000);
});
