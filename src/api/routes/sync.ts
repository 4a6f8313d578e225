import { z } from 'zod';
import type { HubServices } from '../../hub.ts';
import { actorOf } from '../auth.ts';
import { sendFailure } from '../errors.ts';
import { errorBodySchema, pageQuery } from '../schemas.ts';
import type { ApiApp } from '../server.ts';

const job = z.object({
  id: z.string(), kind: z.string(), connectionId: z.string().nullable(), dedupeKey: z.string().nullable(), payload: z.unknown(),
  status: z.enum(['pending', 'running', 'done', 'dead', 'discarded']), priority: z.number(), attempts: z.number(), maxAttempts: z.number(), runAt: z.string(),
  lastError: z.string().nullable(), lockedBy: z.string().nullable(), result: z.unknown(), createdAt: z.string(), updatedAt: z.string(),
});
const idParams = z.object({ id: z.string().regex(/^\d+$/) });

export function syncRoutes(app: ApiApp, { sync, orders }: HubServices): void {
  app.get('/jobs', {
    schema: { tags: ['sync'], summary: 'Jobs of the outbox, newest first', querystring: pageQuery.extend({ status: job.shape.status.optional(), kind: z.string().optional(), connectionId: z.string().optional() }), response: { 200: z.object({ items: z.array(job), nextCursor: z.string().nullable() }) } },
  }, async (request) => sync.listJobs(request.query));

  app.get('/jobs/stats', {
    schema: { tags: ['sync'], summary: 'Queue depth and the age of the oldest pending job', response: { 200: z.object({ pending: z.number(), running: z.number(), dead: z.number(), oldestPendingAgeMs: z.number() }) } },
  }, async () => sync.queueStats());

  app.post('/jobs/:id/retry', {
    schema: { tags: ['sync'], summary: 'Run a dead or discarded job again from its first attempt', params: idParams, response: { 200: job, 404: errorBodySchema } },
  }, async (request, reply) => {
    const result = await sync.retryJob(request.params.id);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.post('/jobs/:id/discard', {
    schema: { tags: ['sync'], summary: 'Give up on a dead or pending job (kept, with its error)', params: idParams, response: { 200: job, 404: errorBodySchema } },
  }, async (request, reply) => {
    const result = await sync.discardJob(request.params.id);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.get('/inbox', {
    schema: { tags: ['sync'], summary: 'Raw records as received; `failed=true` for those that could not be interpreted', querystring: pageQuery.extend({ connectionId: z.string().optional(), failed: z.enum(['true', 'false']).optional() }) },
  }, async (request) => sync.listInbox({ limit: request.query.limit, ...(request.query.cursor ? { cursor: request.query.cursor } : {}), ...(request.query.connectionId ? { connectionId: request.query.connectionId } : {}), failedOnly: request.query.failed === 'true' }));

  app.post('/inbox/replay', {
    config: { role: 'admin' },
    schema: { tags: ['sync'], summary: 'Interpret stored records again (a range, or only the failed ones)', body: z.object({ fromId: z.string().optional(), toId: z.string().optional(), failedOnly: z.boolean().optional(), connectionId: z.string().optional() }), response: { 202: z.object({ queued: z.number() }) } },
  }, async (request, reply) => reply.code(202).send({ queued: await sync.replay(request.body) }));

  app.get('/orders', {
    schema: { tags: ['orders'], summary: 'Orders from every channel, newest first', querystring: pageQuery.extend({ connectionId: z.string().optional(), status: z.string().optional(), externalId: z.string().optional(), flagged: z.enum(['true', 'false']).optional() }) },
  }, async (request) => orders.list({ ...request.query, flagged: request.query.flagged === 'true' }));

  app.get('/orders/:id', {
    schema: { tags: ['orders'], summary: 'An order with its lines and flags', params: idParams },
  }, async (request, reply) => {
    const result = await orders.get(request.params.id);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.post('/orders/:id/shipments', {
    schema: {
      tags: ['orders'], summary: 'Ship an order: commits its reservation and pushes the fulfilment to its channel',
      params: idParams,
      body: z.object({ carrier: z.string().trim().min(1).max(100), trackingNumber: z.string().trim().min(1).max(100), trackingUrl: z.string().url().optional(), lines: z.array(z.object({ externalLineId: z.string(), qty: z.number().int().positive() })).optional() }),
      response: { 201: z.unknown(), 404: errorBodySchema, 409: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await orders.ship(request.params.id, request.body, actorOf(request), sync.enqueueFulfilment);
    return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
  });
}
