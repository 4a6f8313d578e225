/** The review queue's public face: the sweep the workers run, the queue, a person's actions, settings and "what if". */
import type { Result } from '../errors/index.ts';
import type { Db } from '../store/index.ts';
import { approveOrder, bulkAction, cancelOrder, editOrder, type ActionDeps, type BulkAction, type OrderEdit } from './review-actions.ts';
import { createHistoryCache } from './review-history.ts';
import { everHeld, listQueue, recentHolds, reviewQueueStats, whatIf, type HoldRecord, type QueueFilter, type QueueItem, type WhatIfReport } from './review-queue.ts';
import type { ReviewSettings } from './review-rules.ts';
import { reviewPending, type SweepOutcome } from './review.ts';
import { saveSettings, settingsOf } from './review-settings.ts';

type SettingsLayer = Partial<Record<keyof ReviewSettings, object>>;

export interface ReviewService {
  /** Judges orders waiting for review (the workers call it every sweepEveryMs). */
  sweep(limit?: number): Promise<SweepOutcome>;
  queue(filter: QueueFilter): Promise<{ items: QueueItem[]; nextCursor: string | null }>;
  approve(orderId: string, actor: string, note?: string): Promise<Result<{ orderId: string }>>;
  cancel(orderId: string, actor: string, reason: string): Promise<Result<{ orderId: string }>>;
  edit(orderId: string, edit: OrderEdit, actor: string): Promise<Result<{ orderId: string }>>;
  bulk(orderIds: string[], action: BulkAction, actor: string): Promise<{ orderId: string; ok: boolean; code?: string; message?: string }[]>;
  settings(scope: string): Promise<{ scope: string; stored: SettingsLayer; effective: ReviewSettings }>;
  saveSettings(scope: string, layer: SettingsLayer, actor: string): Promise<void>;
  whatIf(proposed: SettingsLayer, days: number): Promise<WhatIfReport>;
  recentHolds(afterId: string | null, limit: number): Promise<HoldRecord[]>;
  stats(): Promise<{ open: number; oldestAgeMs: number }>;
  everHeld(): ReturnType<typeof everHeld>;
  workerExtension(options?: { sweepEveryMs?: number }): { handlers: Record<string, never>; periodic: { name: string; everyMs: number; run(): Promise<void> }[] };
}

export function createReviewService(deps: ActionDeps & { db: Db }): ReviewService {
  const { db } = deps;
  const cache = createHistoryCache();
  const service: ReviewService = {
    sweep: (limit = 200) => reviewPending(db, cache, limit),
    queue: (filter) => listQueue(db, filter),
    approve: (id, actor, note) => approveOrder(deps, id, actor, note),
    cancel: (id, actor, reason) => cancelOrder(deps, id, actor, reason),
    edit: (id, edit, actor) => editOrder(deps, id, edit, actor),
    bulk: (ids, action, actor) => bulkAction(deps, ids, action, actor),
    settings: (scope) => settingsOf(db, scope),
    async saveSettings(scope, layer, actor) {
      await saveSettings(db, scope, layer, actor);
      cache.entries.clear();
    },
    whatIf: (proposed, days) => whatIf(db, proposed, days),
    recentHolds: (afterId, limit) => recentHolds(db, afterId, limit),
    stats: () => reviewQueueStats(db),
    everHeld: () => everHeld(db),
    workerExtension: (options = {}) => ({
      handlers: {},
      periodic: [{
        name: 'review', everyMs: options.sweepEveryMs ?? 250,
        // A full batch means more wait: keep going until the backlog is judged.
        async run() {
          while ((await service.sweep()).reviewed === 200) { /* next batch */ }
        },
      }],
    }),
  };
  return service;
}
