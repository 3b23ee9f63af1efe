import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { createTestApp, createTestDatabase, testHasher, type SignedInSession, type TestApp } from './test/helpers.ts';

let t: TestApp;
let admin: SignedInSession;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(async () => t.close());

const post = (payload: string, contentType = 'application/json') =>
  admin.request({ method: 'POST', url: '/api/accepted-domains', payload, headers: { 'content-type': contentType } });

describe('strict input (quality doc §3.6)', () => {
  it('accepts a valid body', async () => {
    const res = await post(JSON.stringify({ domainName: 'contoso.com', domainType: 'Authoritative', isDefault: true }));
    expect(res.statusCode).toBe(201);
  });

  it('refuses an unknown property with 400 naming it', async () => {
    const res = await post(JSON.stringify({ domainName: 'a.example', domainType: 'Authoritative', isDefault: false, isAdmin: true }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_PROPERTY', path: 'isAdmin' }));
  });

  it('does not coerce "true" to a boolean', async () => {
    const res = await post(JSON.stringify({ domainName: 'b.example', domainType: 'Authoritative', isDefault: 'true' }));
    expect(res.statusCode).toBe(400);
    const detail = res.json().error.details[0];
    expect(detail).toMatchObject({ code: 'INVALID_TYPE', path: 'isDefault' });
    expect(detail.message).toMatch(/true or false/);
  });

  it('does not coerce numbers, single values into lists or null into text', async () => {
    const body = { name: 'CONTOSO\\x', kind: 'user', emailAddresses: 'x@contoso.com', memberOf: [], sendAs: [] };
    const res = await admin.request({ method: 'POST', url: '/api/principals', payload: body });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('emailAddresses');
    const named = await post(JSON.stringify({ domainName: 123, domainType: 'Authoritative', isDefault: false }));
    expect(named.statusCode).toBe(400);
  });

  it('names a missing field', async () => {
    const res = await post(JSON.stringify({ domainType: 'Authoritative', isDefault: false }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({ code: 'REQUIRED', path: 'domainName' });
  });

  it.each([
    ['text/plain', '{"domainName":"c.example","domainType":"Authoritative","isDefault":false}'],
    ['application/x-www-form-urlencoded', 'domainName=c.example'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('refuses %s with 415', async (type, payload) => {
    const res = await post(payload, type);
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await post(JSON.stringify({ domainName: 'x'.repeat(1_100_000), domainType: 'Authoritative', isDefault: false }));
    expect(res.statusCode).toBe(413);
  });

  it.each([
    '{"__proto__":{"polluted":1},"domainName":"d.example","domainType":"Authoritative","isDefault":false}',
    '{"\\u005f_proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
  ])('refuses prototype poisoning %s with 400', async (payload) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses malformed JSON with 400', async () => {
    expect((await post('{"domainName":')).statusCode).toBe(400);
    expect((await post('')).statusCode).toBe(400);
  });

  it('stored nothing from the refused requests', async () => {
    const res = await admin.request({ method: 'GET', url: '/api/accepted-domains' });
    expect(res.json().map((d: { domainName: string }) => d.domainName)).toEqual(['contoso.com']);
  });
});

describe('health, documentation and headers', () => {
  it('answers health without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('serves the OpenAPI document generated from the contract', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/session', '/api/servers', '/api/servers/{name}/permissions']));
    expect(doc.paths['/api/accepted-domains'].post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  });

  it('serves the docs page under the console’s own security headers', async () => {
    const app = (await t.app.inject({ method: 'GET', url: '/api/health' })).headers;
    for (const url of ['/api/docs/', '/api/docs/static/swagger-initializer.js']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-security-policy'], url).toBe(app['content-security-policy']);
      expect(res.headers['x-frame-options'], url).toBe('DENY');
    }
  });

  it('can switch the docs page off, keeping the OpenAPI document', async () => {
    const quiet = await createTestApp({ apiDocs: false });
    expect((await quiet.app.inject({ method: 'GET', url: '/api/docs/' })).statusCode).toBe(404);
    expect((await quiet.app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(200);
    await quiet.close();
  });

  it('answers only its public origins and loopback; any other Host gets 421 (DNS rebinding)', async () => {
    const published = await createTestApp({ publicOrigins: ['https://console.contoso.com'] });
    const hosts: Array<[string, number]> = [
      ['localhost:3000', 200],
      ['127.0.0.1:8080', 200],
      ['[::1]:3000', 200],
      ['console.contoso.com', 200],
      ['CONSOLE.contoso.com', 200],
      ['console.contoso.com:8443', 421],
      ['evil.example', 421],
      ['10.0.0.5:3000', 421],
      ['localhost.evil.example', 421],
    ];
    for (const [host, status] of hosts) {
      const res = await published.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'admin', password: 'wrong password here 1' }, headers: { host } });
      if (status === 421) {
        expect(res.statusCode, host).toBe(421);
        expect(res.json().error.code).toBe('MISDIRECTED_REQUEST');
      } else expect(res.statusCode, host).not.toBe(421);
    }
    await published.close();
  });

  it('sends security headers on every answer, errors included', async () => {
    for (const url of ['/api/health', '/api/nothing-here', '/api/servers']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-type']).toMatch(/charset=utf-8/);
    }
  });

  it('answers an unknown API path with the contract’s 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('hides internals in a 500 and gives a correlation id', async () => {
    const failing: FastifyPluginAsync = async (app) => {
      app.get('/api/test-boom', { config: { public: true } }, async () => {
        throw new Error('SELECT secret FROM somewhere');
      });
    };
    const database = await createTestDatabase();
    const app = await buildApp({ db: database.db, hasher: testHasher(), log: false, extraPlugins: [failing] });
    const res = await app.inject({ method: 'GET', url: '/api/test-boom' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('SELECT');
    expect(res.json().error.requestId).toEqual(expect.any(String));
    await app.close();
    await database.cleanup();
  });
});

describe('route declarations (S-01)', () => {
  it('refuses to build an app with a route that declares no permission', async () => {
    const undeclared: FastifyPluginAsync = async (app) => {
      app.get('/api/undeclared', async () => ({ ok: true }));
    };
    const database = await createTestDatabase();
    await expect(buildApp({ db: database.db, hasher: testHasher(), log: false, extraPlugins: [undeclared] })).rejects.toThrow(
      /GET \/api\/undeclared declares no permission/,
    );
    await database.cleanup();
  });

  it('lists every route of the app with its action', () => {
    const undeclared = t.app.routeTable
      .filter((r) => r.action === null && !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url}`);
    expect(undeclared.sort()).toEqual(
      // The ways in are public by nature: listing them, and leaving for and returning from the OpenID provider.
      [
        'GET /api/health',
        'GET /api/openapi.json',
        'GET /api/session',
        'POST /api/session',
        'GET /api/session/methods',
        'GET /api/session/oidc/start',
        'GET /api/session/oidc/callback',
      ].sort(),
    );
  });
});
