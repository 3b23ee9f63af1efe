import type { Kysely } from 'kysely';
import { setTransportConfigCommands, TransportSettingsSchema, type TransportSettings } from '@cc/connector-engine';
import type { TransportSettingsPatchBody } from '@cc/api-contract';
import type { Database } from '../../db/schema.ts';
import { bumpConfiguration } from '../../db/generation.ts';
import { withChange, type Actor } from '../../db/change.ts';
import { AppError } from '../../plugins/errors.ts';
import * as repo from './transport-settings.repo.ts';

export interface TransportSettingsService {
  get(): Promise<TransportSettings>;
  /** Set-TransportConfig: adds and removes domains on the domain-secure lists. */
  update(actor: Actor, patch: TransportSettingsPatchBody): Promise<TransportSettings>;
}

type ListKey = keyof TransportSettings;
const LISTS: ListKey[] = ['tlsReceiveDomainSecureList', 'tlsSendDomainSecureList'];

/** Applies one list edit; Exchange compares domains case-insensitively, so adding one already listed changes nothing. */
function editList(key: ListKey, current: string[], edit: TransportSettingsPatchBody[ListKey]): string[] {
  if (!edit) return current;
  const remove = edit.remove ?? [];
  remove.forEach((domain, i) => {
    if (!current.some((d) => d.toLowerCase() === domain.toLowerCase()))
      throw new AppError(422, 'RULE_VIOLATION', `${domain} is not on ${key}.`, {
        details: [{ code: 'NOT_LISTED', path: `${key}.remove[${i}]`, message: `${domain} is not on the list; remove only domains it shows.` }],
      });
  });
  const kept = current.filter((d) => !remove.some((r) => r.toLowerCase() === d.toLowerCase()));
  for (const domain of edit.add ?? []) if (!kept.some((d) => d.toLowerCase() === domain.toLowerCase())) kept.push(domain);
  return kept;
}

export function createTransportSettingsService(deps: { db: Kysely<Database> }): TransportSettingsService {
  const { db } = deps;
  return {
    get: () => repo.getTransportSettings(db),

    async update(actor, patch) {
      return withChange(db, actor, async (trx) => {
        // Bumped first: the simulator's cached contexts carry these settings.
        await bumpConfiguration(trx);
        const before = await repo.getTransportSettings(trx);
        const edited = Object.fromEntries(LISTS.map((key) => [key, editList(key, before[key], patch[key])])) as TransportSettings;
        const checked = TransportSettingsSchema.safeParse(edited);
        if (!checked.success)
          throw new AppError(422, 'RULE_VIOLATION', 'The transport settings would not be valid.', {
            details: checked.error.issues.map((issue) => ({ code: 'INVALID_VALUE', path: issue.path.join('.'), message: issue.message })),
          });
        await repo.saveTransportSettings(trx, checked.data, actor.now().toISOString());
        return {
          result: checked.data,
          event: { action: 'transportConfig.update', target: 'transportConfig', before, after: checked.data, shell: setTransportConfigCommands(before, checked.data).join('\n') },
        };
      });
    },
  };
}
