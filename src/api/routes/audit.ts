import { z } from 'zod';
import { queryAudit } from '../../audit/index.ts';
import type { HubServices } from '../../hub.ts';
import { pageQuery } from '../schemas.ts';
import type { ApiApp } from '../server.ts';

const record = z.object({
  id: z.string(), at: z.string(), actor: z.string(), action: z.string(), subjectType: z.string(), subjectId: z.string(),
  before: z.unknown(), after: z.unknown(), details: z.record(z.string(), z.unknown()),
});

/** Who changed what, when: every manual action and configuration change, newest first. */
export function auditRoutes(app: ApiApp, { store }: HubServices): void {
  app.get('/audit', {
    schema: {
      tags: ['audit'], summary: 'The audit log: who did what and when, with before and after; filter by subject, actor, action, time',
      querystring: pageQuery.extend({
        subjectType: z.string().max(100).optional(), subjectId: z.string().max(200).optional(), actor: z.string().max(200).optional(),
        action: z.string().max(100).optional(), since: z.iso.datetime({ offset: true }).optional(),
      }),
      response: { 200: z.object({ items: z.array(record), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const { since, ...rest } = request.query;
    return queryAudit(store.db, { ...rest, ...(since ? { since: new Date(since) } : {}) });
  });
}
