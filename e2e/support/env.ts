import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Paths and secrets the config, the global setup and the fixtures agree on. */
export const E2E_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = join(E2E_DIR, '..');
export const ARTIFACTS_DIR = join(E2E_DIR, 'artifacts');

/** The first admin of every temporary database (CONSOLE_ADMIN_PASSWORD); only ever used against them. */
export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'e2e-operator-walks-the-wizard';

/** The global setup hands the API servers it started to the workers through this variable (JSON). */
export const SERVERS_ENV = 'CC_E2E_SERVERS';

export interface E2eServer {
  baseURL: string;
}

/** The servers started by the global setup; the worker with parallelIndex n uses the n-th one. */
export function e2eServers(): E2eServer[] {
  const text = process.env[SERVERS_ENV];
  if (!text) throw new Error(`${SERVERS_ENV} is not set: run the suite through playwright.config.ts, whose globalSetup starts the API.`);
  return JSON.parse(text) as E2eServer[];
}
