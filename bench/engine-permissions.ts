import { compileAcl, evaluateRights, resolveIdentity, type PermissionEntry, type Principal } from '../packages/connector-engine/src/index.ts';
import { CONNECTORS, hubWith } from '../packages/connector-engine/src/testing/fixture.ts';
import { simulate } from '../packages/connector-engine/src/index.ts';
import { isMain, report, timePerOp } from './report.ts';
import { RECEIVE_RIGHTS } from '../packages/connector-engine/src/model/rights.ts';

/** Effective permissions of a connector with 1,000 explicit entries for a user in 50 groups (goal < 50 µs). */
export function benchPermissions(): void {
  const groups = Array.from({ length: 50 }, (_, i) => `CONTOSO\\Group${i}`);
  const directory: Principal[] = [
    { name: 'CONTOSO\\user', kind: 'user', emailAddresses: ['user@contoso.com'], memberOf: groups, sendAs: [] },
    ...groups.map((g): Principal => ({ name: g, kind: 'group', emailAddresses: [], memberOf: [], sendAs: [] })),
  ];
  const entries: PermissionEntry[] = Array.from({ length: 1000 }, (_, i) => ({
    id: `e${i}`,
    user: i % 3 === 0 ? groups[i % 50]! : `CONTOSO\\other${i}`,
    extendedRights: [RECEIVE_RIGHTS[i % RECEIVE_RIGHTS.length]!],
    deny: i % 7 === 0,
    inherited: i % 5 === 0,
    source: i % 5 === 0 ? 'Inherited' : 'Explicit',
  }));
  // Per request: resolve the session's SID set (transitive groups) and evaluate every right with provenance
  // against the compiled ACL, which is compiled once per connector version.
  const acl = compileAcl(entries);
  const us = timePerOp(() => {
    const identity = resolveIdentity({ kind: 'user', name: 'CONTOSO\\user' }, directory, 'HubTransport', 'CONTOSO');
    evaluateRights(acl, identity.sids);
  }, 20000);
  report('permissions.eval_us', us.toFixed(1), 'us');
  report('permissions.compile_us', timePerOp(() => compileAcl(entries), 5000).toFixed(1), 'us');
}

/** One 10-recipient session through the simulator (goal < 100 µs). */
export function benchSimulate(): void {
  const ctx = hubWith(CONNECTORS.internet, CONNECTORS.lanRelay, CONNECTORS.appRelay);
  const rcptTo = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? `user${i}@contoso.com` : `x${i}@external.net`));
  const request = { server: 'HUB01', localEndpoint: '10.0.0.10:25', remoteIp: '10.0.0.50', tls: false, helo: 'app', mailFrom: 'app@contoso.com', rcptTo };
  const now = new Date();
  const us = timePerOp(() => simulate(ctx, request, { now }), 20000);
  report('simulate.session_us', us.toFixed(1), 'us');
}

if (isMain(import.meta.url)) {
  benchPermissions();
  benchSimulate();
}
