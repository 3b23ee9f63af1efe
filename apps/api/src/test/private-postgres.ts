import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './processes.ts';

/**
 * A throwaway PostgreSQL server of the machine's own installation, in a temporary folder on a free port, that a
 * test may terminate and restart without disturbing the shared server the other suites use.
 */
export interface PrivatePostgres {
  url: string;
  terminateAllConnections(): Promise<number>;
  restart(): Promise<void>;
  stop(): void;
}

/** The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/<major>/bin), or null. */
export function postgresBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  for (const major of majors) if (existsSync(join(root, major, 'bin', 'pg_ctl'))) return join(root, major, 'bin');
  return null;
}

/** PostgreSQL refuses to run as root: as root, the server runs as the `postgres` account. */
function commandFor(bin: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

function run(bin: string, args: string[]): void {
  const result = spawnSync(...commandFor(bin, args), { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
}

/** Like run, without blocking this process's event loop (requests in flight keep going meanwhile). */
function runAsync(bin: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(...commandFor(bin, args), { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${bin} ${args.join(' ')} exited with ${code}`))));
  });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinaries();
  if (bin === null) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/<major>/bin/pg_ctl)');
  const dir = mkdtempSync(join(tmpdir(), 'cc-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  run(join(bin, 'initdb'), ['-D', data, '-U', 'cc', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const pgCtlArgs = (...args: string[]) => ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, ...args];
  const pgCtl = join(bin, 'pg_ctl');
  run(pgCtl, pgCtlArgs('start'));
  const url = `postgres://cc@127.0.0.1:${port}/postgres`;
  return {
    url,
    async terminateAllConnections() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const result = await client.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'",
      );
      await client.end();
      return result.rowCount ?? 0;
    },
    restart: () => runAsync(pgCtl, pgCtlArgs('restart', '-m', 'fast')),
    stop() {
      try {
        run(pgCtl, pgCtlArgs('stop', '-m', 'immediate'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
