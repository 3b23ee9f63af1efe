import type { Kysely } from 'kysely';
import type { AuditAction } from '@cc/api-contract';
import type { Clock } from '../../clock.ts';
import { insertAuditEvent, type Actor } from '../../db/change.ts';
import type { Database } from '../../db/schema.ts';

/** Security events that a client can produce at will, so their repeats are summarised rather than stored one by one. */
export type SecurityAction = Extract<AuditAction, 'session.signInFailed' | 'session.signInThrottled' | 'request.forbidden' | 'request.csrfRefused'>;

export interface SecurityEvent {
  action: SecurityAction;
  target: string;
  after?: unknown;
}

/**
 * Writes the first event of each (action, source address, minute) to the audit log at once, and the repeats of
 * that minute as one summary event with their count and targets when the minute is over. A flood from one
 * client therefore adds at most two rows per action and minute instead of one per request, and the request-level
 * detail stays in the JSON log. A crash loses at most the last minute's repeat counts, never a first event.
 */
export interface SecurityEvents {
  record(actor: Actor, event: SecurityEvent): Promise<void>;
  /** Writes the summaries of finished minutes, or of every minute with `all` (on shutdown). */
  flush(all?: boolean): Promise<void>;
}

interface Bucket {
  minute: number;
  actor: Actor;
  action: SecurityAction;
  repeats: number;
  targets: Set<string>;
  firstRepeatAt: string;
  lastRepeatAt: string;
}

const MINUTE_MS = 60_000;
/** Distinct targets named in one summary; the count covers the rest. */
const MAX_TARGETS = 20;
/** Buckets kept at once; beyond it (a flood from very many addresses) new sources share one bucket per action. */
const MAX_BUCKETS = 5_000;

export function createSecurityEvents(deps: { db: Kysely<Database>; clock: Clock }): SecurityEvents {
  const { db, clock } = deps;
  const buckets = new Map<string, Bucket>();

  async function writeSummary(bucket: Bucket): Promise<void> {
    if (bucket.repeats === 0) return;
    const targets = [...bucket.targets];
    await insertAuditEvent(
      db,
      { ...bucket.actor, requestId: null, now: () => new Date(bucket.lastRepeatAt) },
      {
        action: bucket.action,
        target: targets.length === 1 ? targets[0]! : `${targets.length}${bucket.targets.size >= MAX_TARGETS ? '+' : ''} targets`,
        after: { repeats: bucket.repeats, from: bucket.firstRepeatAt, to: bucket.lastRepeatAt, targets },
      },
    );
  }

  async function flush(all = false): Promise<void> {
    const current = Math.floor(clock.now().getTime() / MINUTE_MS);
    for (const [key, bucket] of buckets) {
      if (!all && bucket.minute >= current) continue;
      buckets.delete(key);
      await writeSummary(bucket);
    }
  }

  return {
    async record(actor, event) {
      const now = actor.now();
      const minute = Math.floor(now.getTime() / MINUTE_MS);
      await flush();
      const source = buckets.size >= MAX_BUCKETS ? 'many' : (actor.sourceIp ?? 'none');
      const key = `${event.action}|${source}|${minute}`;
      const bucket = buckets.get(key);
      if (bucket === undefined) {
        buckets.set(key, { minute, actor, action: event.action, repeats: 0, targets: new Set(), firstRepeatAt: '', lastRepeatAt: '' });
        await insertAuditEvent(db, actor, event);
        return;
      }
      bucket.repeats += 1;
      if (bucket.targets.size < MAX_TARGETS) bucket.targets.add(event.target);
      const at = now.toISOString();
      if (bucket.repeats === 1) bucket.firstRepeatAt = at;
      bucket.lastRepeatAt = at;
    },
    flush,
  };
}
