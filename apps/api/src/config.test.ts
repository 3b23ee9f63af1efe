import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';
import { initialiseOrganisation } from './seed.ts';
import { createServices } from './services.ts';
import { createTestDatabase, systemActor, testHasher, TestClock, type TestDatabase } from './test/helpers.ts';

describe('configuration from the environment', () => {
  it('defaults to port 3000 on loopback with the demo organisation and OWASP scrypt', () => {
    const config = readConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', seedDemo: true, domain: 'CONTOSO', scryptCostLog2: 17, trustProxy: false });
    expect(config.webRoot).toMatch(/apps\/web\/dist$/);
  });

  it('reads the documented variables', () => {
    const config = readConfig({ PORT: '8080', HOST: '0.0.0.0', SEED_DEMO: '0', DATABASE_PATH: '/tmp/x.db', ORG_DOMAIN: 'FABRIKAM' });
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', seedDemo: false, databasePath: '/tmp/x.db', domain: 'FABRIKAM' });
  });

  it('keeps uploaded protocol logs 30 days unless LOG_RETENTION_DAYS says otherwise', () => {
    expect(readConfig({}).logRetentionDays).toBe(30);
    expect(readConfig({ LOG_RETENTION_DAYS: '7' }).logRetentionDays).toBe(7);
    expect(() => readConfig({ LOG_RETENTION_DAYS: '0' })).toThrow(/LOG_RETENTION_DAYS must be a whole number of days between 1 and 3650, not 0/);
    expect(() => readConfig({ LOG_RETENTION_DAYS: 'a week' })).toThrow(/LOG_RETENTION_DAYS/);
  });

  it('refuses a weak scrypt cost outside tests, and nonsense values', () => {
    expect(() => readConfig({ SCRYPT_COST_LOG2: '10', NODE_ENV: 'production' })).toThrow(/only allowed with NODE_ENV=test/);
    expect(readConfig({ SCRYPT_COST_LOG2: '10', NODE_ENV: 'test' }).scryptCostLog2).toBe(10);
    expect(() => readConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => readConfig({ ORG_DOMAIN: 'not a domain' })).toThrow(/ORG_DOMAIN/);
  });

  it('reads the public origins and the docs switch, refusing what is not an origin', () => {
    expect(readConfig({}).publicOrigins).toEqual([]);
    expect(readConfig({}).apiDocs).toBe(true);
    const config = readConfig({ PUBLIC_ORIGIN: 'https://console.contoso.com, http://hub01.contoso.com:8080', API_DOCS: '0' });
    expect(config.publicOrigins).toEqual(['https://console.contoso.com', 'http://hub01.contoso.com:8080']);
    expect(config.apiDocs).toBe(false);
    for (const bad of ['console.contoso.com', 'https://console.contoso.com/app', 'ftp://x.contoso.com'])
      expect(() => readConfig({ PUBLIC_ORIGIN: bad }), bad).toThrow(/PUBLIC_ORIGIN/);
    expect(() => readConfig({ API_DOCS: 'no' })).toThrow(/API_DOCS/);
  });
});

describe('first start', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.cleanup());

  it('seeds the demo once, audited as system, and never again', async () => {
    const clock = new TestClock();
    const services = createServices({ db: database.db, clock, hasher: testHasher() });
    const deps = { db: database.db, services, actor: systemActor(clock) };
    expect(await initialiseOrganisation(deps, { domain: 'CONTOSO', seedDemo: true })).toEqual({ seeded: true, initialised: true });
    expect(await initialiseOrganisation(deps, { domain: 'CONTOSO', seedDemo: true })).toEqual({ seeded: false, initialised: false });
    const connectors = await database.db.selectFrom('connectors').select('name').execute();
    expect(connectors.map((c) => c.name).sort()).toEqual(['Client HUB01', 'Default HUB01', 'Default internal receive connector EDGE01', 'Internet HUB01']);
    const actors = new Set((await database.db.selectFrom('audit_events').select('actor').execute()).map((e) => e.actor));
    expect([...actors]).toEqual(['system']);
  });

  it('creates admin once, with the configured password or a generated one', async () => {
    const clock = new TestClock();
    const { users } = createServices({ db: database.db, clock, hasher: testHasher() });
    await expect(users.ensureFirstAdmin(systemActor(clock), 'short')).rejects.toThrow(/CONSOLE_ADMIN_PASSWORD/);
    const first = await users.ensureFirstAdmin(systemActor(clock), undefined);
    expect(first.created).toBe(true);
    expect(first.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await users.ensureFirstAdmin(systemActor(clock), undefined)).toEqual({ created: false, generatedPassword: null });
  });
});
