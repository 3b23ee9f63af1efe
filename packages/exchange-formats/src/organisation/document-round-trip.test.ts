import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyDocument } from './document.ts';
import { buildImport, type FormatReaders } from './import.ts';
import { planChanges } from './plan.ts';
import { refuseInvalid } from './refuse.ts';
import { organisationArbitrary } from '../testing/random-organisation.ts';

/** A document needs no reader; any reader called here is a bug in the format detection. */
const noReaders: FormatReaders = {
  readCliXml: () => {
    throw new Error('not CliXML');
  },
  readFormatList: () => {
    throw new Error('not Format-List');
  },
  readAceTable: () => {
    throw new Error('not a table');
  },
  readEmsScript: () => {
    throw new Error('not a script');
  },
};

const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

describe('the console document round trip', () => {
  it('JSON export → import into an empty console → the same organisation, nothing refused', () => {
    fc.assert(
      fc.property(organisationArbitrary, (original) => {
        const empty = emptyDocument('CONTOSO', original.exportedAt);
        const built = buildImport(empty, [file('organisation.json', JSON.stringify(original))], noReaders);
        const { target, refused } = refuseInvalid(empty, built.target);
        expect(refused).toEqual([]);
        expect(planChanges(target, original)).toEqual([]);
        // …and applying it a second time changes nothing.
        expect(planChanges(target, refuseInvalid(target, buildImport(target, [file('again.json', JSON.stringify(original))], noReaders).target).target)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('plans every difference with shell commands both ways', () => {
    fc.assert(
      fc.property(organisationArbitrary, (original) => {
        const empty = emptyDocument('CONTOSO', original.exportedAt);
        const changes = planChanges(empty, original);
        expect(changes.filter((c) => c.kind === 'connector' && c.action === 'create')).toHaveLength(original.connectors.length);
        for (const c of changes.filter((x) => x.kind === 'connector')) {
          expect(c.shellToMatchExchange.join('\n')).toMatch(/^New-ReceiveConnector /);
          expect(c.shellToMatchConsole.join('\n')).toMatch(/^Remove-ReceiveConnector /);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('refuses a document of another format or version, naming the file and the field', () => {
    const bad = JSON.stringify({ format: 'connector-console.organisation', version: 2 });
    expect(() => buildImport(emptyDocument('CONTOSO', ''), [file('old.json', bad)], noReaders)).toThrow(/old\.json is not a Connector Console document: version/);
  });
});
