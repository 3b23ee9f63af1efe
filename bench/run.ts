/**
 * `npm run bench`: every figure the issues ask for, one `BENCH <name> <value> <unit>` line each. Goals are in the
 * README's performance section; nothing here fails on a figure (timing belongs in benchmarks, not tests).
 */
import { benchPermissions, benchSimulate } from './engine-permissions.ts';
import { benchSelection } from './engine-selection.ts';
import { benchApi } from './api.ts';
import { benchWebBundle } from './web-bundle.ts';
import { benchAuditFlood } from './audit-flood.ts';
import { benchImport } from './import.ts';
import { benchProfile } from './profile.ts';
import { benchScale } from './scale.ts';

const only = process.argv[2];
const suites: Record<string, () => unknown> = {
  selection: benchSelection,
  permissions: benchPermissions,
  simulate: benchSimulate,
  api: benchApi,
  web: benchWebBundle,
  'audit-flood': benchAuditFlood,
  import: benchImport,
  scale: benchScale,
};
/** Run only when asked for (`npm run bench -- profile`): it repeats the API benchmark under the profiler. */
const onRequest: Record<string, () => unknown> = { profile: benchProfile };

if (only && onRequest[only]) await onRequest[only]();
for (const [name, run] of Object.entries(suites)) {
  if (only && only !== name) continue;
  await run();
}
