import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import { readConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrations.ts';
import { createPasswordHasher } from './modules/users/password.ts';
import { initialiseOrganisation } from './seed.ts';
import { createServices } from './services.ts';

/** Entry point: configuration, migrations, first admin, demo organisation, listen, graceful shutdown. */
async function main(): Promise<void> {
  const config = readConfig(process.env);
  // The app's logger does not exist yet when the pool opens; dropped connections are reported on stderr as JSON.
  const handle = openDatabase({
    url: config.databaseUrl,
    path: config.databasePath,
    onConnectionError: (error) =>
      process.stderr.write(`${JSON.stringify({ level: 40, time: Date.now(), msg: 'database connection lost; the pool reconnects on the next query', err: error.message })}\n`),
  });
  await migrateToLatest(handle.db, handle.dialect);

  const clock = systemClock;
  const hasher = createPasswordHasher({ costLog2: config.scryptCostLog2 });
  const services = createServices({ db: handle.db, clock, hasher });
  const system = { username: 'system', sourceIp: null, requestId: null, now: () => clock.now() };

  await initialiseOrganisation({ db: handle.db, services, actor: system }, { domain: config.domain, seedDemo: config.seedDemo });
  const admin = await services.users.ensureFirstAdmin(system, config.adminPassword);
  if (admin.generatedPassword) {
    // Printed once, on purpose outside the JSON log: it is the only way to learn it, and logs are kept.
    process.stdout.write(
      `\nConnector Console: created the account "admin" with the password\n\n    ${admin.generatedPassword}\n\n` +
        'Sign in and change it, or set CONSOLE_ADMIN_PASSWORD before the first start next time.\n\n',
    );
  }

  const app = await buildApp({
    db: handle.db,
    clock,
    hasher,
    log: { level: config.logLevel },
    trustProxy: config.trustProxy,
    webRoot: config.webRoot,
    publicOrigins: config.publicOrigins,
    apiDocs: config.apiDocs,
    signInConfig: config.signIn,
  });
  if (!/^(127\.|localhost$|::1$)/.test(config.host) && config.publicOrigins.length === 0)
    app.log.warn({ host: config.host }, 'Listening beyond loopback without PUBLIC_ORIGIN: browsers can only reach the console as localhost; set PUBLIC_ORIGIN to its address.');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // In-flight requests finish, new ones get 503 (return503OnClosing); a stuck request cannot hold us forever.
    const deadline = setTimeout(() => process.exit(1), 10_000);
    deadline.unref();
    try {
      await app.close();
      await handle.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  process.stderr.write(`Connector Console failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
