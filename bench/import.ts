/**
 * Import of a large organisation (issue 11): 50 servers, 2,000 receive connectors, 20,000 permission entries,
 * as the collector's CliXML files. Measures the CliXML reader alone, then the preview and the apply through the
 * API's own service on a real SQLite file, and the process's peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrganisationDocument } from '../packages/api-contract/src/index.ts';
import { groupAces, type PermissionGroup } from '../packages/connector-engine/src/index.ts';
import { emptyDocument, readCliXml, type ImportFile } from '../packages/exchange-formats/src/index.ts';
import { renderCollectorFiles } from '../packages/exchange-formats/src/testing/render-clixml.ts';
import { openDatabase } from '../apps/api/src/db/database.ts';
import { migrateToLatest } from '../apps/api/src/db/migrations.ts';
import { setSetting, SETTING_DOMAIN } from '../apps/api/src/modules/organisation/organisation.repo.ts';
import { createServices } from '../apps/api/src/services.ts';
import { createPasswordHasher } from '../apps/api/src/modules/users/password.ts';
import { isMain, report } from './report.ts';

const SERVERS = 50;
const CONNECTORS_PER_SERVER = 40;
const EXPLICIT_PRINCIPALS = ['CONTOSO\\app1', 'CONTOSO\\app2', 'CONTOSO\\app3', 'CONTOSO\\app4', 'CONTOSO\\app5'];

function largeOrganisation(): OrganisationDocument {
  const doc = emptyDocument('CONTOSO', new Date().toISOString());
  doc.acceptedDomains = [{ domainName: 'contoso.com', domainType: 'Authoritative', isDefault: true }];
  const groups: PermissionGroup[] = ['AnonymousUsers', 'ExchangeServers'];
  const groupEntries = groups.flatMap((g) => groupAces(g, 'HubTransport', 'CONTOSO').map((ace) => ({ user: ace.user, extendedRights: [...ace.allow], deny: false, source: `PermissionGroup:${g}` })));
  for (let s = 0; s < SERVERS; s++) {
    const name = `HUB${String(s).padStart(2, '0')}`;
    doc.servers.push({ name, fqdn: `${name.toLowerCase()}.contoso.com`, role: 'HubTransport', ipAddresses: [], exchangeVersion: 'Version 8.3 (Build 83.6)', containerPermissions: [] });
    for (let c = 0; c < CONNECTORS_PER_SERVER; c++)
      doc.connectors.push({
        server: name,
        name: `Relay ${c}`,
        usage: 'Custom',
        enabled: true,
        bindings: [`0.0.0.0:${2525 + c}`],
        remoteIPRanges: [`10.${s}.${c}.0/24`, `172.16.${c}.${s}`],
        authMechanism: ['Tls'],
        fqdn: `${name.toLowerCase()}.contoso.com`,
        banner: null,
        maxMessageSize: 10 * 1024 * 1024,
        maxRecipientsPerMessage: 200,
        sizeEnabled: 'Enabled',
        requireTLS: false,
        domainSecureEnabled: false,
        protocolLoggingLevel: 'None',
        comment: '',
        permissions: [...groupEntries, ...EXPLICIT_PRINCIPALS.map((user, i) => ({ user, extendedRights: ['ms-Exch-SMTP-Accept-Any-Recipient'], deny: i === 4, source: 'Explicit' }))],
        extras: {},
      });
  }
  return doc;
}

export async function benchImport(): Promise<void> {
  const doc = largeOrganisation();
  const entries = doc.connectors.reduce((n, c) => n + c.permissions.length, 0);
  const files: ImportFile[] = renderCollectorFiles(doc).map((f) => ({ name: f.name, bytes: new TextEncoder().encode(f.content) }));
  const megabytes = files.reduce((n, f) => n + f.bytes.byteLength, 0) / 1024 / 1024;
  report('import.organisation', `${SERVERS}x${CONNECTORS_PER_SERVER}=${doc.connectors.length} connectors, ${entries} entries, ${megabytes.toFixed(1)} MB`, '');

  let start = performance.now();
  for (const f of files.filter((x) => x.name.endsWith('.xml'))) readCliXml(Buffer.from(f.bytes), f.name);
  report('import.clixml_mb_per_s', (megabytes / ((performance.now() - start) / 1000)).toFixed(1), 'MB/s');

  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-import-'));
  const handle = openDatabase({ path: join(dir, 'import.db') });
  try {
    await migrateToLatest(handle.db, handle.dialect);
    await setSetting(handle.db, SETTING_DOMAIN, 'CONTOSO');
    const clock = { now: () => new Date() };
    const { io } = createServices({ db: handle.db, clock, hasher: createPasswordHasher({ costLog2: 10 }) });
    start = performance.now();
    const preview = await io.preview(files);
    report('import.preview_ms', (performance.now() - start).toFixed(0), 'ms');
    report('import.preview_changes', preview.changes.length, 'changes');
    start = performance.now();
    const applied = await io.apply({ username: 'bench', sourceIp: null, requestId: null, now: () => new Date() }, files, preview.planHash);
    report('import.apply_ms', (performance.now() - start).toFixed(0), 'ms');
    report('import.applied_changes', applied.changes, 'changes');
    start = performance.now();
    const again = await io.preview(files);
    report('import.drift_preview_ms', (performance.now() - start).toFixed(0), 'ms');
    report('import.drift_changes', again.changes.length, 'changes');
    report('import.peak_rss_mb', (process.resourceUsage().maxRSS / 1024).toFixed(0), 'MB');
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await benchImport();
