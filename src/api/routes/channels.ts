import { z } from 'zod';
import { PLATFORM_KINDS } from '../../connectors/index.ts';
import { allocationRuleSchema } from '../../channels/index.ts';
import type { HubServices } from '../../hub.ts';
import { sendFailure } from '../errors.ts';
import { errorBodySchema, skuSchema } from '../schemas.ts';
import type { ApiApp } from '../server.ts';

const connection = z.object({
  id: z.string(), name: z.string(), platform: z.enum(PLATFORM_KINDS), baseUrl: z.string(), status: z.enum(['active', 'paused']),
  allocation: allocationRuleSchema, rateLimit: z.object({ capacity: z.number(), refillPerSecond: z.number() }).nullable(), pullCursor: z.string().nullable(), lastPullAt: z.string().nullable(), lastPushAt: z.string().nullable(),
  errorStreak: z.number(), lastError: z.string().nullable(), createdAt: z.string(),
});
const listing = z.object({
  id: z.string(), connectionId: z.string(), platformItemId: z.string(), platformVariantId: z.string().nullable(),
  platformLocationId: z.string().nullable(), sellerSku: z.string(), sku: z.string().nullable(), allocation: allocationRuleSchema.nullable(),
  lastPushedQty: z.number().nullable(), lastPushedAt: z.string().nullable(), lastAck: z.unknown(),
});
const idParams = z.object({ id: z.string().regex(/^\d+$/, 'must be a connection id') });
const rateLimitSchema = z.object({ capacity: z.number().int().min(1).max(100_000), refillPerSecond: z.number().positive().max(10_000) })
  .describe("The shop's call limit when its plan differs from the platform's default (Shopify Plus: capacity 400, 20 per second)");

export function channelRoutes(app: ApiApp, { channels, sync }: HubServices): void {
  app.post('/connections', {
    config: { role: 'admin' },
    schema: {
      tags: ['channels'], summary: 'Connect a shop; its credentials are stored encrypted and never returned',
      body: z.object({
        name: z.string().trim().min(1).max(100), platform: z.enum(PLATFORM_KINDS), baseUrl: z.string().url(),
        credentials: z.record(z.string(), z.string()), allocation: allocationRuleSchema.optional(), rateLimit: rateLimitSchema.nullable().optional(),
      }),
      response: { 201: connection, 409: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await channels.create(request.body);
    return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
  });

  app.get('/connections', {
    schema: { tags: ['channels'], summary: 'List connections with their health', response: { 200: z.object({ items: z.array(connection) }) } },
  }, async () => ({ items: await channels.list() }));

  app.get('/connections/:id', {
    schema: { tags: ['channels'], summary: 'Get a connection', params: idParams, response: { 200: connection, 404: errorBodySchema } },
  }, async (request, reply) => {
    const result = await channels.get(request.params.id);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.get('/connections/:id/status', {
    schema: {
      tags: ['channels'], summary: "A connection's health: paused or not, last successful pull and push, error streak, its call buckets now, its jobs",
      params: idParams,
      response: {
        200: z.object({
          connectionId: z.string(), status: z.enum(['active', 'paused']), lastPullAt: z.string().nullable(), lastPushAt: z.string().nullable(),
          errorStreak: z.number(), lastError: z.string().nullable(),
          rateLimit: z.object({
            capacity: z.number(), refillPerSecond: z.number(),
            buckets: z.array(z.object({ operation: z.string().nullable(), tokens: z.number(), refillPerSecond: z.number(), nextCallInMs: z.number() })),
          }),
          jobs: z.object({ pending: z.number(), running: z.number(), dead: z.number(), oldestPendingAgeMs: z.number() }),
        }),
        404: errorBodySchema,
      },
    },
  }, async (request, reply) => {
    const context = await channels.context(request.params.id);
    if (!context.ok) return sendFailure(reply, context);
    const { connection, connector } = context.value;
    const limit = connector.rateLimit;
    const [buckets, queue] = await Promise.all([
      sync.rateLimitState(connection.id, (operation) => (operation === null ? limit.capacity : null)),
      sync.queueBreakdown(),
    ]);
    const mine = queue.filter((q) => q.connectionId === connection.id);
    const count = (status: string) => mine.filter((q) => q.status === status).reduce((n, q) => n + q.count, 0);
    return {
      connectionId: connection.id, status: connection.status, lastPullAt: connection.lastPullAt, lastPushAt: connection.lastPushAt,
      errorStreak: connection.errorStreak, lastError: connection.lastError,
      rateLimit: { capacity: limit.capacity, refillPerSecond: limit.refillPerSecond, buckets },
      jobs: {
        pending: count('pending'), running: count('running'), dead: count('dead'),
        oldestPendingAgeMs: Math.max(0, ...mine.filter((q) => q.status === 'pending').map((q) => q.oldestAgeMs)),
      },
    };
  });

  app.patch('/connections/:id', {
    schema: {
      tags: ['channels'], summary: 'Pause or resume a connection, change its allocation rule, move it or rotate its credentials',
      params: idParams,
      body: z.object({
        status: z.enum(['active', 'paused']).optional(), allocation: allocationRuleSchema.optional(),
        baseUrl: z.url().optional(), credentials: z.record(z.string(), z.string()).optional(), rateLimit: rateLimitSchema.nullable().optional(),
      }),
      response: { 200: connection, 404: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await channels.update(request.params.id, request.body);
    if (!result.ok) return sendFailure(reply, result);
    // What the shop should show may have changed: a new rule, or a shop that missed pushes while paused.
    if (request.body.allocation || request.body.status === 'active') await sync.pushConnection(request.params.id);
    return result.value;
  });

  app.post('/connections/:id/test', {
    schema: { tags: ['channels'], summary: 'Check the credentials by reading the listings', params: idParams, response: { 200: z.object({ listings: z.number(), mapped: z.number() }), 404: errorBodySchema, 502: errorBodySchema } },
  }, async (request, reply) => {
    const result = await channels.refreshListings(request.params.id);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.post('/connections/:id/pull', {
    schema: { tags: ['channels'], summary: 'Pull orders now (incremental, from the stored cursor)', params: idParams, response: { 202: z.object({ queued: z.boolean(), jobId: z.string() }) } },
  }, async (request, reply) => {
    const queued = await sync.requestPull(request.params.id);
    return queued.ok ? reply.code(202).send({ queued: true, jobId: queued.value }) : sendFailure(reply, queued);
  });

  app.get('/connections/:id/listings', {
    schema: { tags: ['channels'], summary: "A connection's listings and the master SKU each sells", params: idParams, response: { 200: z.object({ items: z.array(listing) }) } },
  }, async (request) => ({ items: await channels.listListings(request.params.id) }));

  app.patch('/listings/:id', {
    schema: {
      tags: ['channels'], summary: 'Map a listing to a master SKU (null to unmap) or override its allocation rule',
      params: z.object({ id: z.string().regex(/^\d+$/) }),
      body: z.object({ sku: skuSchema.nullable(), allocation: allocationRuleSchema.nullable().optional() }),
      response: { 200: listing, 404: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await channels.mapListing(request.params.id, request.body.sku, request.body.allocation);
    if (!result.ok) return sendFailure(reply, result);
    await sync.pushListings([result.value.id]);
    return result.value;
  });
}
