import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { freePort } from '../../apps/api/src/test/processes.ts';
import { ADMIN_PASSWORD, ARTIFACTS_DIR, REPO_ROOT, SERVERS_ENV, type E2eServer } from './env.ts';

function buildWebApp(): void {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  // NODE_ENV must not leak into Vite: "test" or "development" would give a development bundle.
  const env = { ...process.env };
  delete env.NODE_ENV;
  const result = spawnSync('npm', ['run', 'build', '--workspace', 'apps/web'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build --workspace apps/web failed:\n${result.stdout}\n${result.stderr}`);
}

interface Running {
  child: ChildProcess;
  baseURL: string;
  logFile: string;
}

async function waitForHealth(running: Running, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  running.child.once('exit', (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null) break;
    try {
      const res = await fetch(`${running.baseURL}/api/health`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const log = readFileSync(running.logFile, 'utf8').split('\n').slice(-30).join('\n');
  throw new Error(`The API at ${running.baseURL} did not become healthy (${exited !== null ? `exited with ${exited}` : 'timed out'}). Log tail:\n${log}`);
}

/** One API per worker, each on its own port and temporary SQLite database, so workers never see each other's changes. */
async function startApi(index: number, dir: string, started: Running[]): Promise<Running> {
  const port = await freePort();
  const logFile = join(ARTIFACTS_DIR, `api-${index}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: join(dir, `e2e-${index}.db`),
      CONSOLE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SEED_DEMO: '1',
      LOG_LEVEL: 'warn',
      // The API refuses a scrypt cost below OWASP's except under NODE_ENV=test; sign-ins stay fast for the suite.
      NODE_ENV: 'test',
      SCRYPT_COST_LOG2: '10',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const running = { child, baseURL: `http://127.0.0.1:${port}`, logFile };
  started.push(running);
  await waitForHealth(running, 60_000);
  return running;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Builds the web app once, then starts the real API (which serves the built app) once per worker on a free port
 * with a temporary database and the demo organisation. Returns the teardown that stops them.
 */
export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  buildWebApp();
  const dir = mkdtempSync(join(tmpdir(), 'cc-e2e-'));
  const started: Running[] = [];
  // Should the runner die without its teardown, the APIs must not outlive it.
  process.once('exit', () => started.forEach((s) => s.child.exitCode === null && s.child.kill('SIGTERM')));
  const teardown = async () => {
    await Promise.all(started.map((s) => stop(s.child)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const count = Math.max(1, config.workers);
    const running = await Promise.all(Array.from({ length: count }, (_, i) => startApi(i, dir, started)));
    process.env[SERVERS_ENV] = JSON.stringify(running.map((r): E2eServer => ({ baseURL: r.baseURL })));
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
