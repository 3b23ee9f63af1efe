/**
 * Cost as the organisation grows (issue 13): each measured at 1,000 and 10,000 and printed with the ratio, which
 * stays near 10 for a linear step and far below it for a sub-linear one (a quadratic step would show ~100).
 * In-process (Fastify inject, so the whole wrapper but no sockets) on a SQLite database seeded through the
 * repositories, because creating 10,000 connectors through the API takes minutes. Figures are CPU µs per call.
 *
 * - simulate: a server with N connectors; every request from a new client address, so the per-generation
 *   selection cache never helps (its worst case), plus the same request repeated (its usual case).
 * - effective permissions of a connector with N entries: the first request after a change (ACL compiled) through
 *   the engine, and a repeated request through the API (answer cached per connector version).
 * - the connector list page's call for N connectors: filtered, sorted and paged on the server; the first call
 *   after a change (listing prepared) and the next ones.
 * - findings of 50 servers × N/50 connectors: the first call after a change and the next ones.
 */
import { randomUUID } from 'node:crypto';
import { sessionPermissions, type ConnectorState, type PermissionEntry } from '../packages/connector-engine/src/index.ts';
import { bumpConfiguration } from '../apps/api/src/db/generation.ts';
import { findConnectorState, insertConnector } from '../apps/api/src/modules/connectors/connectors.repo.ts';
import { loadContextById } from '../apps/api/src/modules/connectors/context.ts';
import { findServerRow, insertServer } from '../apps/api/src/modules/servers/servers.repo.ts';
import { createTestApp, type SignedInSession, type TestApp } from '../apps/api/src/test/helpers.ts';
import { isMain, report } from './report.ts';

const SIZES = [1_000, 10_000] as const;
const AT = '2026-01-15T09:00:00.000Z';

/**
 * Mean µs of this process's CPU time per call of `run`, over `count` calls after `warm` unmeasured ones. CPU time,
 * not wall time: everything here runs in this process (SQLite is synchronous), and on a shared machine wall time
 * mostly measures the neighbours.
 */
async function timeAsync(run: (i: number) => Promise<unknown>, count: number, warm = Math.ceil(count / 10)): Promise<number> {
  for (let i = 0; i < warm; i += 1) await run(i);
  const started = process.cpuUsage();
  for (let i = 0; i < count; i += 1) await run(warm + i);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / count;
}

const v4 = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** `count` copies of a demo connector on `serverId`, each with its own client address, in one transaction. */
async function addConnectors(t: TestApp, serverId: string, template: ConnectorState, count: number, offset: number): Promise<void> {
  await t.database.db.transaction().execute(async (trx) => {
    await bumpConfiguration(trx);
    for (let i = 0; i < count; i += 1) {
      const n = offset + i;
      const state: ConnectorState = {
        ...template,
        id: randomUUID(),
        name: `App ${n}`,
        bindings: ['0.0.0.0:25'],
        remoteIPRanges: [v4(0x010000 + n)],
        entries: template.entries.map((e) => ({ ...e, id: randomUUID() })),
        version: 1,
      };
      await insertConnector(trx, serverId, state, AT);
    }
  });
}

async function demo(): Promise<{ t: TestApp; admin: SignedInSession; hub: string; template: ConnectorState }> {
  const t = await createTestApp({ demo: true, log: false });
  const admin = await t.admin();
  const hub = (await findServerRow(t.database.db, 'HUB01'))!.id;
  const list = (await admin.request({ method: 'GET', url: '/api/connectors?server=HUB01' })).json() as { id: string; name: string }[];
  const template = (await findConnectorState(t.database.db, list.find((c) => c.name === 'Internet HUB01')!.id))!;
  return { t, admin, hub, template };
}

function ok(res: { statusCode: number; body: string }): void {
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body.slice(0, 300)}`);
}

async function simulateAt(size: number): Promise<{ miss: number; hit: number }> {
  const { t, admin, hub, template } = await demo();
  try {
    await addConnectors(t, hub, template, size - 3, 0);
    const body = (remoteIp: string) => ({ server: 'HUB01', localEndpoint: '10.0.0.11:25', remoteIp, tls: false, helo: 'crm', mailFrom: 'crm@contoso.com', rcptTo: ['x@external.net'] });
    const miss = await timeAsync(async (i) => ok(await admin.request({ method: 'POST', url: '/api/simulate', payload: body(v4(0x020000 + i)) })), 200);
    const hit = await timeAsync(async () => ok(await admin.request({ method: 'POST', url: '/api/simulate', payload: body('10.0.0.50') })), 500);
    return { miss, hit };
  } finally {
    await t.close();
  }
}

async function permissionsAt(size: number): Promise<{ first: number; repeated: number }> {
  const { t, admin, hub, template } = await demo();
  try {
    const entries: PermissionEntry[] = Array.from({ length: size }, (_, i) => ({
      id: randomUUID(),
      user: i % 50 === 0 ? 'NT AUTHORITY\\ANONYMOUS LOGON' : `CONTOSO\\user${i}`,
      extendedRights: i % 2 === 0 ? ['ms-Exch-SMTP-Submit', 'ms-Exch-SMTP-Accept-Any-Recipient'] : ['ms-Exch-Accept-Headers-Routing'],
      deny: i % 7 === 0,
      inherited: false,
      source: template.entries[0]!.source,
    }));
    await t.database.db.transaction().execute(async (trx) => {
      await bumpConfiguration(trx);
      await insertConnector(trx, hub, { ...template, id: randomUUID(), name: 'Many entries', remoteIPRanges: ['10.9.9.9'], entries, version: 1 }, AT);
    });
    const list = (await admin.request({ method: 'GET', url: '/api/connectors?server=HUB01&q=many entries' })).json() as { id: string }[];
    const id = list[0]!.id;
    const loaded = (await loadContextById(t.database.db, hub))!;
    const state = loaded.ctx.connectors.find((c) => c.id === id)!;
    // A new entries array is a new connector version to the engine: compiled again, as after a change.
    const first = await timeAsync(async () => sessionPermissions({ ...state, entries: [...state.entries] }, loaded.ctx, { kind: 'anonymous' }), 50);
    const url = `/api/connectors/${id}/effective-permissions?identity=anonymous`;
    const repeated = await timeAsync(async () => ok(await admin.request({ method: 'GET', url })), 500);
    return { first, repeated };
  } finally {
    await t.close();
  }
}

async function listAt(size: number): Promise<{ first: number; repeated: number }> {
  const { t, admin, hub, template } = await demo();
  try {
    await addConnectors(t, hub, template, size - 3, 0);
    const url = (i: number) => `/api/connectors?server=HUB01&q=app ${i % 100}&sort=name&dir=desc&offset=0&limit=50`;
    // The first call of a generation prepares the listing; each measured call here starts a new generation.
    const first = await timeAsync(async (i) => {
      await t.database.db.transaction().execute((trx) => bumpConfiguration(trx));
      ok(await admin.request({ method: 'GET', url: url(i) }));
    }, 5, 1);
    const repeated = await timeAsync(async (i) => ok(await admin.request({ method: 'GET', url: url(i) })), 200);
    return { first, repeated };
  } finally {
    await t.close();
  }
}

async function findingsAt(size: number): Promise<{ first: number; repeated: number }> {
  const { t, admin, template } = await demo();
  try {
    const perServer = size / 50;
    for (let s = 0; s < 50; s += 1) {
      const id = randomUUID();
      await insertServer(t.database.db, id, { name: `HUB${100 + s}`, fqdn: `hub${100 + s}.contoso.com`, role: 'HubTransport', ipAddresses: ['10.0.0.10'] }, AT);
      await addConnectors(t, id, template, perServer, s * perServer);
    }
    const first = await timeAsync(async () => {
      await t.database.db.transaction().execute((trx) => bumpConfiguration(trx));
      ok(await admin.request({ method: 'GET', url: '/api/findings' }));
    }, 3, 1);
    const repeated = await timeAsync(async () => ok(await admin.request({ method: 'GET', url: '/api/findings' })), 50);
    return { first, repeated };
  } finally {
    await t.close();
  }
}

function reportGrowth(name: string, unit: string, at: Record<number, number>): void {
  report(`scale.${name}.1k`, at[1_000]!.toFixed(1), unit);
  report(`scale.${name}.10k`, at[10_000]!.toFixed(1), unit);
  report(`scale.${name}.ratio_10k_to_1k`, (at[10_000]! / at[1_000]!).toFixed(1), 'x');
}

export async function benchScale(): Promise<void> {
  const measured: Record<string, Record<number, number>> = {};
  const keep = (name: string, size: number, value: number) => ((measured[name] ??= {})[size] = value);
  // The first size would otherwise also pay for compiling everything (JIT): a discarded round at 1,000 first.
  for (const size of [SIZES[0], ...SIZES]) {
    const simulate = await simulateAt(size);
    keep('simulate_new_client_us', size, simulate.miss);
    keep('simulate_repeated_us', size, simulate.hit);
    const permissions = await permissionsAt(size);
    keep('effective_permissions_first_us', size, permissions.first);
    keep('effective_permissions_repeated_us', size, permissions.repeated);
    const list = await listAt(size);
    keep('connector_list_first_us', size, list.first);
    keep('connector_list_page_us', size, list.repeated);
    const findings = await findingsAt(size);
    keep('findings_first_us', size, findings.first);
    keep('findings_repeated_us', size, findings.repeated);
  }
  for (const [name, at] of Object.entries(measured)) reportGrowth(name, 'µs', at);
  // The issue's own case: a connector with 5,000 entries.
  const fiveThousand = await permissionsAt(5_000);
  report('scale.effective_permissions_first_us.5k', fiveThousand.first.toFixed(1), 'µs');
  report('scale.effective_permissions_repeated_us.5k', fiveThousand.repeated.toFixed(1), 'µs');
}

if (isMain(import.meta.url)) await benchScale();
