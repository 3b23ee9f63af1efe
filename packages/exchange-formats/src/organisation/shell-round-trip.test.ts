import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrganisationDocument } from '@cc/api-contract';
import { compileAcl, evaluateRights, fullAcl, grantedRights, nameKey, simulate } from '@cc/connector-engine';
import { readCliXml } from '../clixml/read-clixml.ts';
import { readEmsScript } from '../ems/read-ems-script.ts';
import { readAceTable } from '../text/read-ace-table.ts';
import { readFormatList } from '../text/read-format-list.ts';
import { organisationArbitrary } from '../testing/random-organisation.ts';
import { renderCollectorFiles } from '../testing/render-clixml.ts';
import { emptyDocument, serverContextOf } from './document.ts';
import { organisationScript } from './ems-export.ts';
import { buildImport } from './import.ts';
import { planChanges } from './plan.ts';
import { refuseInvalid } from './refuse.ts';

const readers = { readCliXml, readFormatList, readAceTable, readEmsScript };
const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

function importInto(current: OrganisationDocument, files: { name: string; content: string }[]) {
  const built = buildImport(current, files.map((f) => file(f.name, f.content)), readers);
  const { target, refused } = refuseInvalid(current, built.target);
  return { target, refused, problems: built.problems.filter((p) => p.severity === 'error') };
}

const PRINCIPALS = ['NT AUTHORITY\\ANONYMOUS LOGON', 'NT AUTHORITY\\Authenticated Users', 'CONTOSO\\crm-app', 'CONTOSO\\Relay Apps', "CONTOSO\\O'Brien", 'MS Exchange\\Partner Servers', 'MS Exchange\\Externally Secured Servers'];

/** Who holds which right on each connector (inherited entries included): what Exchange would evaluate. */
function effectivePermissions(doc: OrganisationDocument) {
  const result: Record<string, Record<string, string[]>> = {};
  for (const server of doc.servers) {
    const ctx = serverContextOf(doc, server);
    for (const c of ctx.connectors) {
      const acl = compileAcl(fullAcl(c, ctx));
      result[`${nameKey(c.server)}\\${nameKey(c.name)}`] = Object.fromEntries(PRINCIPALS.map((p) => [p, [...grantedRights(evaluateRights(acl, [p]))].sort()]));
    }
  }
  return result;
}

/** The SMTP replies of a few sessions on every connector's first binding: relay, local delivery, sign-in. */
function simulationAnswers(doc: OrganisationDocument) {
  const answers: string[][] = [];
  for (const server of doc.servers) {
    const ctx = serverContextOf(doc, server);
    for (const c of ctx.connectors) {
      const port = c.bindings[0]!.split(':').at(-1)!;
      for (const remoteIp of ['10.1.0.5', '200.1.2.3'])
        answers.push(
          simulate(ctx, { server: server.name, localEndpoint: `10.0.0.10:${port}`, remoteIp, tls: false, helo: 'app', mailFrom: 'app@contoso.com', rcptTo: ['x@external.net', 'a@contoso.com'] }, { now: new Date(0) }).transcript.map((l) => l.server),
        );
    }
  }
  return answers;
}

describe('the shell script round trip', () => {
  it('EMS export → EMS import into an empty console → the same organisation, effective permissions and simulation answers', () => {
    fc.assert(
      fc.property(organisationArbitrary, (original) => {
        const { target, refused, problems } = importInto(emptyDocument('CONTOSO', original.exportedAt), [{ name: 'organisation.ps1', content: organisationScript(original) }]);
        expect(problems).toEqual([]);
        expect(refused).toEqual([]);
        expect(planChanges(target, original)).toEqual([]);
        expect(effectivePermissions(target)).toEqual(effectivePermissions(original));
        expect(simulationAnswers(target)).toEqual(simulationAnswers(original));
      }),
      { numRuns: 40 },
    );
  });
});

describe('the collector round trip', () => {
  it('the collector’s CliXML of an organisation imports as that organisation, with identical effective permissions and answers', () => {
    fc.assert(
      fc.property(organisationArbitrary, (original) => {
        // The collector cannot see server addresses or the console's own wizard metadata: start from the servers.
        const start = emptyDocument('CONTOSO', original.exportedAt);
        start.servers = original.servers.map((s) => ({ ...s, containerPermissions: [] }));
        start.principals = original.principals;
        const { target, refused, problems } = importInto(start, renderCollectorFiles(original));
        expect(problems).toEqual([]);
        expect(refused).toEqual([]);
        expect(effectivePermissions(target)).toEqual(effectivePermissions(original));
        expect(simulationAnswers(target)).toEqual(simulationAnswers(original));
        const fieldsOnly = (d: OrganisationDocument) => d.connectors.map(({ permissions: _p, ...rest }) => rest);
        expect(fieldsOnly(target)).toEqual(fieldsOnly(original));
        expect(target.acceptedDomains).toEqual(original.acceptedDomains);
        expect(target.transportSettings).toEqual(original.transportSettings);
        // A second import of the same files changes nothing.
        expect(planChanges(target, importInto(target, renderCollectorFiles(original)).target)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
