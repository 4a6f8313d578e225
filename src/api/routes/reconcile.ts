import { z } from 'zod';
import type { HubServices } from '../../hub.ts';
import { sendFailure } from '../errors.ts';
import { errorBodySchema, pageQuery } from '../schemas.ts';
import type { ApiApp } from '../server.ts';

const run = z.object({
  id: z.string(), connectionId: z.string(), trigger: z.enum(['scheduled', 'manual', 'demo']), windowFrom: z.string(), windowTo: z.string(),
  startedAt: z.string(), finishedAt: z.string(), checked: z.number(), matched: z.number(), inFlight: z.number(), repaired: z.number(),
  accuracy: z.number().nullable(), error: z.string().nullable(),
});
const item = z.object({
  kind: z.enum(['order', 'listing']), externalId: z.string().nullable(), listingId: z.string().nullable(), cause: z.string(),
  hubValue: z.string().nullable(), channelValue: z.string().nullable(), inFlight: z.boolean(), repaired: z.enum(['ingested', 'pushed', 'none']),
});
const idParams = z.object({ id: z.string().regex(/^\d+$/) });

export function reconcileRoutes(app: ApiApp, { reconcile }: HubServices): void {
  app.post('/connections/:id/reconcile', {
    config: { role: 'operator' },
    schema: {
      tags: ['reconcile'], summary: "Reconcile a connection now: compare the channel's orders in the window and its listed quantities with the hub, repair what differs, report each difference with its cause",
      params: idParams, body: z.object({ windowMinutes: z.number().int().min(1).max(7 * 24 * 60).optional() }).optional(),
      response: { 201: run, 404: errorBodySchema, 409: errorBodySchema },
    },
  }, async (request, reply) => {
    const minutes = request.body?.windowMinutes;
    const result = await reconcile.run(request.params.id, { trigger: 'manual', windowMs: minutes === undefined ? undefined : minutes * 60_000 });
    return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
  });

  app.get('/reconcile/runs', {
    schema: { tags: ['reconcile'], summary: 'Reconciliation runs, newest first, with their accuracy (matched / checked)', querystring: pageQuery.extend({ connectionId: z.string().optional() }), response: { 200: z.object({ items: z.array(run), nextCursor: z.string().nullable() }) } },
  }, async (request) => reconcile.listRuns(request.query));

  app.get('/reconcile/runs/:id', {
    schema: { tags: ['reconcile'], summary: 'A drift report: the run and every difference it found, with cause and repair', params: idParams, response: { 200: run.extend({ items: z.array(item) }), 404: errorBodySchema } },
  }, async (request, reply) => {
    const result = await reconcile.getRun(request.params.id);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.get('/connections/:id/accuracy', {
    schema: {
      tags: ['reconcile'], summary: 'Sync accuracy of a connection over time: all completed runs in the last `hours` summed, and the latest runs',
      params: idParams, querystring: z.object({ hours: z.coerce.number().min(1).max(24 * 90).default(24) }),
      response: { 200: z.object({ connectionId: z.string(), runs: z.number(), checked: z.number(), matched: z.number(), accuracy: z.number(), recent: z.array(run) }), 404: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await reconcile.accuracy(request.params.id, request.query.hours * 3_600_000);
    return result.ok ? result.value : sendFailure(reply, result);
  });
}
