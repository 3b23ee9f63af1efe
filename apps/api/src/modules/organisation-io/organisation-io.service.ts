import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ExchangeProperties, ImportPreview, ImportRecord, ImportSource, OrganisationDocument, PlannedChange } from '@cc/api-contract';
import { ImportSourceSchema } from '@cc/api-contract';
import { serverFindings } from '@cc/connector-engine';
import {
  UnreadableFileError,
  buildImport,
  exchangeRelease,
  organisationScript,
  planChanges,
  refuseInvalid,
  serverContextOf,
  type FormatReaders,
  type ImportFile,
  type ImportProblem,
} from '@cc/exchange-formats';
import type { Clock } from '../../clock.ts';
import { insertAuditEvent, type Actor } from '../../db/change.ts';
import { bumpConfiguration } from '../../db/generation.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../plugins/errors.ts';
import { applyChanges } from './apply.ts';
import { readDocument } from './snapshot.ts';

export interface OrganisationIoService {
  exportDocument(server?: string): Promise<OrganisationDocument>;
  exportScript(server?: string): Promise<string>;
  preview(files: ImportFile[]): Promise<ImportPreview>;
  apply(actor: Actor, files: ImportFile[], planHash: string): Promise<{ importId: string; changes: number }>;
  history(): Promise<ImportRecord[]>;
  exchangeProperties(connectorId: string): Promise<ExchangeProperties>;
}

/** The hash of what an apply would do: the preview hands it out, the apply refuses a plan that differs. */
const hashPlan = (changes: readonly PlannedChange[]): string =>
  createHash('sha256')
    .update(JSON.stringify(changes.map((c) => [c.kind, c.action, c.key, c.after])))
    .digest('hex');

const problemView = (p: ImportProblem) => ({
  severity: p.severity,
  file: p.source.file,
  line: p.source.line ?? null,
  object: p.object ?? null,
  property: p.property ?? null,
  message: p.message,
  fix: p.fix ?? null,
});

/** A file no reader can take at all (not XML, a DTD, over a limit): the request is refused, nothing applied. */
function unreadable(error: unknown): never {
  if (error instanceof UnreadableFileError)
    throw new AppError(422, 'RULE_VIOLATION', error.message, { details: [{ code: 'UNREADABLE_FILE', path: error.file, message: `${error.message} ${error.fix}` }] });
  throw error;
}

export function createOrganisationIoService(deps: { db: Kysely<Database>; clock: Clock; readers: FormatReaders }): OrganisationIoService {
  const { db, clock, readers } = deps;
  const now = () => clock.now().toISOString();

  function plan(current: OrganisationDocument, files: ImportFile[]) {
    let built;
    try {
      built = buildImport(current, files, readers);
    } catch (error) {
      unreadable(error);
    }
    const { target, refused } = refuseInvalid(current, built.target);
    const changes = planChanges(current, target);
    return { built, target, refused, changes };
  }

  async function lastImportAt(): Promise<string | null> {
    const row = await db.selectFrom('imports').select('at').orderBy('at', 'desc').limit(1).executeTakeFirst();
    return row?.at ?? null;
  }

  return {
    async exportDocument(server) {
      const { document } = await readDocument(db, now(), server);
      if (server !== undefined && document.servers.length === 0) throw new AppError(404, 'NOT_FOUND', `There is no server named ${server}.`);
      return document;
    },

    async exportScript(server) {
      return organisationScript(await this.exportDocument(server));
    },

    async preview(files) {
      const { document: current } = await readDocument(db, now());
      const { built, target, refused, changes } = plan(current, files);
      const last = await lastImportAt();
      return {
        sources: built.sources,
        servers: built.servers,
        changes,
        refused,
        problems: built.problems.map(problemView),
        findings: target.servers.flatMap((s) => serverFindings(serverContextOf(target, s))).map(({ connectorId: _id, ...f }) => f),
        drift: last !== null,
        lastImportAt: last,
        planHash: hashPlan(changes),
      };
    },

    async apply(actor, files, planHash) {
      return db.transaction().execute(async (trx) => {
        await bumpConfiguration(trx);
        const { document: current, ids } = await readDocument(trx, now());
        const { built, changes } = plan(current, files);
        const errors = built.problems.filter((p) => p.severity === 'error');
        if (errors.length > 0)
          throw new AppError(422, 'RULE_VIOLATION', 'Parts of the files could not be read, so applying would leave them out. Fix what the preview lists and import again; nothing was applied.', {
            details: errors.map((p) => ({ code: 'IMPORT_PROBLEM', path: p.source.line !== undefined ? `${p.source.file}:${p.source.line}` : p.source.file, message: `${p.message}${p.fix ? ` ${p.fix}` : ''}` })),
          });
        if (hashPlan(changes) !== planHash)
          throw new AppError(409, 'CONFLICT', 'The organisation or the files changed since the preview, so the import would do something else than what you reviewed. Preview again, then apply.');
        await applyChanges(trx, actor, changes, ids);
        const importId = randomUUID();
        const sources: ImportSource[] = built.sources;
        await trx.insertInto('imports').values({ id: importId, at: actor.now().toISOString(), actor: actor.username, sources: JSON.stringify(sources), changes: changes.length }).execute();
        await insertAuditEvent(trx, actor, {
          action: 'import.apply',
          target: `import:${importId}`,
          after: { files: sources.map(({ file, sha256, format }) => ({ file, sha256, format })), changes: changes.length },
        });
        return { importId, changes: changes.length };
      });
    },

    async exchangeProperties(connectorId) {
      const row = await db
        .selectFrom('connectors')
        .innerJoin('servers', 'servers.id', 'connectors.server_id')
        .select(['connectors.extras as extras', 'servers.exchange_version as exchangeVersion'])
        .where('connectors.id', '=', connectorId)
        .executeTakeFirst();
      if (!row) throw new AppError(404, 'NOT_FOUND', 'That receive connector does not exist.');
      return { extras: JSON.parse(row.extras) as Record<string, string>, exchangeVersion: row.exchangeVersion, release: exchangeRelease(row.exchangeVersion)?.release ?? null };
    },

    async history() {
      const rows = await db.selectFrom('imports').selectAll().orderBy('at', 'desc').limit(100).execute();
      return rows.map((r) => ({ id: r.id, at: r.at, actor: r.actor, changes: Number(r.changes), sources: ImportSourceSchema.array().parse(JSON.parse(r.sources)) }));
    },
  };
}
