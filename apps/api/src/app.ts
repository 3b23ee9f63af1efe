import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Action } from '@cc/api-contract';
import { HealthSchema } from '@cc/api-contract';
import { systemClock, type Clock } from './clock.ts';
import type { Database } from './db/schema.ts';
import { registerAuth, registerRouteGuard } from './plugins/auth.ts';
import { AppError, registerErrorHandling } from './plugins/errors.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { registerHostAllowList } from './plugins/host-allow-list.ts';
import { createServices, type Services } from './services.ts';
import { acceptedDomainsRoutes } from './modules/accepted-domains/accepted-domains.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { principalsRoutes } from './modules/principals/principals.routes.ts';
import { serversRoutes } from './modules/servers/servers.routes.ts';
import { sessionRoutes } from './modules/session/session.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { connectorsRoutes } from './modules/connectors/connectors.routes.ts';
import { permissionsRoutes } from './modules/permissions/permissions.routes.ts';
import { simulateRoutes } from './modules/simulate/simulate.routes.ts';
import { transportSettingsRoutes } from './modules/transport-settings/transport-settings.routes.ts';
import { organisationIoRoutes } from './modules/organisation-io/organisation-io.routes.ts';
import type { PasswordHasher } from './modules/users/password.ts';
import type { SessionPolicy } from './modules/session/session.service.ts';
import { LOCAL_ONLY, type SignInConfig } from './auth/sign-in-config.ts';

export interface RouteEntry {
  method: string;
  url: string;
  action: Action | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every registered route with the action it declares (null = public); the role matrix test reads it. */
    routeTable: RouteEntry[];
  }
}

export interface AppDeps {
  db: Kysely<Database>;
  clock?: Clock;
  /** Defaults to scrypt at OWASP's parameters. */
  hasher?: PasswordHasher;
  sessionPolicy?: SessionPolicy;
  /** false = silent; otherwise JSON lines to `stream` (stdout by default). */
  log?: false | { level?: string; stream?: NodeJS.WritableStream };
  /** Forwarded headers are trusted only from these proxies (Fastify `trustProxy`); off by default. */
  trustProxy?: boolean | string | string[];
  /** The built web app (apps/web/dist); served with an SPA fallback when it exists. */
  webRoot?: string | null;
  /**
   * Origins the console is reached at besides loopback, e.g. `https://console.contoso.com`; requests for any
   * other Host get 421 (DNS rebinding).
   */
  publicOrigins?: readonly string[];
  /** Serve the OpenAPI browser at /api/docs (default true). */
  apiDocs?: boolean;
  /** The ways in (LDAP_*, OIDC_*, LOCAL_SIGN_IN); console accounts only when absent. */
  signInConfig?: SignInConfig;
  /** Extra route plugins, registered like the feature modules (the route-guard test uses it). */
  extraPlugins?: FastifyPluginAsync[];
}

/** Secrets never reach a log line, whatever a future log call includes. */
export const LOG_REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'body.password',
  'csrfToken',
  '*.csrfToken',
  'token',
  '*.token',
];

/** Query parameters that carry one-time credentials (an OpenID return's code and state): never in a log line. */
const SECRET_QUERY_PARAMETERS = new Set(['code', 'state', 'id_token', 'access_token', 'session_state']);

export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = new URLSearchParams(url.slice(at + 1));
  for (const name of [...query.keys()]) if (SECRET_QUERY_PARAMETERS.has(name)) query.set(name, 'redacted');
  return `${url.slice(0, at)}?${query.toString()}`;
}

/** Fastify's request fields, with the URL's secret parameters redacted. */
const requestSerializer = (request: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
  method: request.method,
  url: redactUrl(request.url),
  host: request.host,
  remoteAddress: request.ip,
  remotePort: request.socket?.remotePort,
});

export const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? systemClock;
  const signInConfig = deps.signInConfig ?? LOCAL_ONLY;
  const services: Services = createServices({ db: deps.db, clock, hasher: deps.hasher, sessionPolicy: deps.sessionPolicy, signInConfig });

  const app = Fastify({
    logger:
      deps.log === false
        ? false
        : {
            level: deps.log?.level ?? 'info',
            redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
            serializers: { req: requestSerializer },
            ...(deps.log?.stream ? { stream: deps.log.stream } : {}),
          },
    bodyLimit: BODY_LIMIT_BYTES,
    // Fastify's default is 0 (no limit), which lets a slow client hold a socket forever (quality doc §0.5).
    requestTimeout: 60_000,
    trustProxy: deps.trustProxy ?? false,
    genReqId: () => randomUUID(),
    // Keep the defaults explicit: a body with __proto__ or constructor.prototype is a 400.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { ignoreTrailingSlash: false },
  }).withTypeProvider<ZodTypeProvider>();

  // Zod validates and serialises: no Ajv coercion, no silent removal of unknown properties (quality doc §0.2).
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // text/plain is a CORS-safelisted type, so a cross-site form could send it; only JSON bodies are accepted.
  app.removeContentTypeParser(['text/plain']);
  registerStrictJsonParser(app);

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  registerRouteGuard(app, routeTable);
  registerErrorHandling(app);
  registerHostAllowList(app, deps.publicOrigins ?? []);

  await app.register(fastifyCookie);
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Connector Console API', version: '1.0.0', description: 'Exchange 2007 SMTP receive connectors.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cc_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // The documentation page runs under the console's own headers (its scripts are files, so script-src 'self'
  // suffices); the plugin's staticCSP would replace them with a weaker policy that allows framing.
  if (deps.apiDocs !== false) await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: false });

  registerAuth(app, { sessions: services.sessions, securityEvents: services.securityEvents, clock });
  const flushSummaries = setInterval(() => void services.securityEvents.flush().catch((error: unknown) => app.log.error({ err: error }, 'audit summary failed')), 30_000);
  flushSummaries.unref();
  app.addHook('onClose', async () => {
    clearInterval(flushSummaries);
    await services.securityEvents.flush(true).catch((error: unknown) => app.log.error({ err: error }, 'audit summary failed at shutdown'));
  });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: { tags: ['health'], summary: 'Liveness and database check (503 while the database is unreachable)', response: { 200: HealthSchema, 503: HealthSchema } },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(deps.db);
        return { status: 'ok' as const, database: 'ok' as const };
      } catch (error) {
        request.log.warn({ err: error }, 'health check: database unavailable');
        return reply.code(503).header('Retry-After', '5').send({ status: 'unavailable' as const, database: 'unavailable' as const });
      }
    },
  );

  const modules: FastifyPluginAsync[] = [
    sessionRoutes({ sessions: services.sessions, clock, signInConfig, oidc: services.oidc }),
    usersRoutes({ users: services.users, clock }),
    auditRoutes({ db: deps.db }),
    serversRoutes({ servers: services.servers, clock }),
    acceptedDomainsRoutes({ domains: services.domains, clock }),
    principalsRoutes({ principals: services.principals, clock }),
    connectorsRoutes({ connectors: services.connectors, clock }),
    permissionsRoutes({ permissions: services.permissions, clock }),
    simulateRoutes({ simulate: services.simulate }),
    transportSettingsRoutes({ transport: services.transport, clock }),
    organisationIoRoutes({ io: services.io, clock }),
    ...(deps.extraPlugins ?? []),
  ];
  for (const module of modules) await app.register(module);

  await registerWebApp(app, deps.webRoot ?? null);
  await app.ready();
  return app;
}

/**
 * JSON bodies must be valid UTF-8: the default parser turns broken bytes into U+FFFD, which would be stored as
 * if the admin had typed it. Broken input is refused whole, before parsing; the rest is Fastify's own parser
 * (with its prototype-poisoning checks).
 */
function registerStrictJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    if (!isUtf8(body))
      return done(new AppError(400, 'MALFORMED_REQUEST', 'The body is not valid UTF-8; save or send the text as UTF-8 and try again.'), undefined);
    parseJson(request, body.toString('utf8'), done);
  });
}

/**
 * Serves the built web app and falls back to index.html for client-side routes. Paths under /api never fall
 * back: an unknown API path is a JSON 404.
 */
async function registerWebApp(app: FastifyInstance, webRoot: string | null): Promise<void> {
  const hasWeb = webRoot !== null && existsSync(join(webRoot, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, serve: false });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isApi = path === '/api' || path.startsWith('/api/');
    if (!hasWeb || isApi || (request.method !== 'GET' && request.method !== 'HEAD'))
      throw new AppError(404, 'NOT_FOUND', `Nothing at ${request.method} ${path}.`);
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      throw new AppError(404, 'NOT_FOUND', 'Nothing at this address.');
    }
    const relative = normalize(decoded).replace(/^(\.\.[/\\])+/, '').replace(/^[/\\]+/, '');
    const file = join(webRoot!, relative);
    if (relative !== '' && file.startsWith(webRoot!) && existsSync(file) && statSync(file).isFile()) return reply.sendFile(relative);
    // A missing asset is a 404; anything else is a client-side route of the single-page app.
    if (extname(relative) !== '') throw new AppError(404, 'NOT_FOUND', `Nothing at ${path}.`);
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
}
