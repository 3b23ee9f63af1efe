import { resolve } from 'node:path';
import { OWASP_SCRYPT_COST_LOG2 } from './modules/users/password.ts';
import { DEFAULT_DOMAIN } from './modules/organisation/organisation.repo.ts';
import { readSignInConfig, type SignInConfig } from './auth/sign-in-config.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databasePath: string | undefined;
  adminPassword: string | undefined;
  seedDemo: boolean;
  domain: string;
  scryptCostLog2: number;
  logLevel: string;
  trustProxy: boolean | string;
  webRoot: string;
  publicOrigins: string[];
  apiDocs: boolean;
  signIn: SignInConfig;
}

/** Reads the environment once at start-up; a wrong value stops the process with a message, not a late surprise. */
export function readConfig(env: NodeJS.ProcessEnv): Config {
  const port = env.PORT === undefined ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  // The OWASP cost is the floor in production; only the test runner may go lower, to keep the suite fast.
  const cost = env.SCRYPT_COST_LOG2 === undefined ? OWASP_SCRYPT_COST_LOG2 : Number(env.SCRYPT_COST_LOG2);
  if (!Number.isInteger(cost) || cost > 20 || (cost < OWASP_SCRYPT_COST_LOG2 && env.NODE_ENV !== 'test'))
    throw new Error(`SCRYPT_COST_LOG2=${env.SCRYPT_COST_LOG2} is refused: below ${OWASP_SCRYPT_COST_LOG2} is only allowed with NODE_ENV=test`);
  const domain = env.ORG_DOMAIN ?? DEFAULT_DOMAIN;
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,14}$/.test(domain)) throw new Error(`ORG_DOMAIN must be a NetBIOS domain name such as CONTOSO, not ${domain}`);
  const publicOrigins = (env.PUBLIC_ORIGIN ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
  for (const origin of publicOrigins) {
    let url: URL | null = null;
    try {
      url = new URL(origin);
    } catch {
      // reported below
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.origin !== origin.replace(/\/$/, ''))
      throw new Error(`PUBLIC_ORIGIN must list origins such as https://console.contoso.com (scheme, host and optional port only), not ${origin}`);
  }
  if (env.API_DOCS !== undefined && env.API_DOCS !== '0' && env.API_DOCS !== '1') throw new Error(`API_DOCS must be 0 or 1, not ${env.API_DOCS}`);
  return {
    port,
    // Loopback unless an address is chosen on purpose: an admin console should not appear on the LAN by accident.
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL,
    databasePath: env.DATABASE_PATH,
    adminPassword: env.CONSOLE_ADMIN_PASSWORD,
    seedDemo: env.SEED_DEMO !== '0',
    domain,
    scryptCostLog2: cost,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: env.TRUST_PROXY === undefined ? false : env.TRUST_PROXY === 'true' ? true : env.TRUST_PROXY,
    publicOrigins,
    apiDocs: env.API_DOCS !== '0',
    signIn: readSignInConfig(env),
    webRoot: resolve(env.WEB_ROOT ?? new URL('../../web/dist', import.meta.url).pathname),
  };
}
