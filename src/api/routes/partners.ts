import { z } from 'zod';
import type { HubServices } from '../../hub.ts';
import { errorBody, sendFailure } from '../errors.ts';
import { errorBodySchema, locationCodeSchema } from '../schemas.ts';
import type { ApiApp } from '../server.ts';

const partner = z.object({
  id: z.string(), name: z.string(), kind: z.enum(['erp', 'wms']), adapter: z.enum(['erp-rest', 'erp-csv', 'wms-rest']), baseUrl: z.string(),
  settings: z.record(z.string(), z.string()), locations: z.array(z.string()), status: z.enum(['active', 'paused']),
  cursors: z.record(z.string(), z.string()), lastSuccessAt: z.string().nullable(), errorStreak: z.number(), lastError: z.string().nullable(), createdAt: z.string(),
});
const idParams = z.object({ id: z.string().regex(/^\d+$/, 'must be a partner id') });

/** ERPs and warehouses: admin configures them; anyone signed in reads their health and hand-overs. */
export function partnerRoutes(app: ApiApp, { partners }: HubServices): void {
  app.post('/partners', {
    config: { role: 'admin' },
    schema: {
      tags: ['partners'], summary: 'Connect an ERP (REST or CSV folders) or a warehouse system; credentials are stored encrypted and never returned',
      body: z.object({
        name: z.string().trim().min(1).max(100), adapter: z.enum(['erp-rest', 'erp-csv', 'wms-rest']), baseUrl: z.string().url().or(z.literal('')).optional(),
        credentials: z.record(z.string(), z.string()), settings: z.record(z.string(), z.string()).optional(),
        locations: z.array(locationCodeSchema).max(100).optional().describe('Hub location codes this warehouse system runs'),
      }),
      response: { 201: partner, 409: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await partners.create(request.body);
    return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
  });

  app.get('/partners', {
    schema: { tags: ['partners'], summary: 'List ERP and warehouse partners with their health and feed cursors', response: { 200: z.object({ items: z.array(partner) }) } },
  }, async () => ({ items: await partners.list() }));

  app.get('/partners/:id', {
    schema: { tags: ['partners'], summary: 'Get a partner', params: idParams, response: { 200: partner, 404: errorBodySchema } },
  }, async (request, reply) => {
    const result = await partners.get(request.params.id);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.patch('/partners/:id', {
    config: { role: 'admin' },
    schema: {
      tags: ['partners'], summary: 'Pause or resume a partner, move it, rotate its credentials, change its folders or locations', params: idParams,
      body: z.object({
        status: z.enum(['active', 'paused']).optional(), baseUrl: z.string().url().optional(), credentials: z.record(z.string(), z.string()).optional(),
        settings: z.record(z.string(), z.string()).optional(), locations: z.array(locationCodeSchema).max(100).optional(),
        resetCursors: z.boolean().optional().describe('Read every feed from its start again (the partner system was replaced or restored)'),
      }),
      response: { 200: partner, 404: errorBodySchema, 409: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await partners.update(request.params.id, request.body);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.post('/partners/:id/sync', {
    config: { role: 'operator' },
    schema: { tags: ['partners'], summary: "Read the partner's feeds now (ERP products, counts, receipts; warehouse events)", params: idParams, response: { 202: z.object({ jobId: z.string() }), 404: errorBodySchema } },
  }, async (request, reply) => {
    const result = await partners.requestSync(request.params.id);
    return result.ok ? reply.code(202).send({ jobId: result.value }) : sendFailure(reply, result);
  });

  app.get('/partners/:id/stock', {
    schema: {
      tags: ['partners'], summary: "What a warehouse's own books say it holds, to compare with the hub", params: idParams,
      querystring: z.object({ warehouse: locationCodeSchema }), response: { 200: z.object({ items: z.array(z.object({ sku: z.string(), qty: z.number() })) }), 404: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await partners.warehouseStock(request.params.id, request.query.warehouse);
    return result.ok ? { items: result.value } : sendFailure(reply, result);
  });

  app.get('/orders/:id/handoffs', {
    schema: {
      tags: ['orders'], summary: 'Which ERP and warehouse have this order, under which id and in which state', params: z.object({ id: z.string().regex(/^\d+$/, 'must be an order id') }),
      response: { 200: z.object({ items: z.array(z.object({ partnerId: z.string(), purpose: z.string(), externalId: z.string().nullable(), status: z.string(), warehouse: z.string().nullable(), updatedAt: z.string() })) }) },
    },
  }, async (request) => ({ items: await partners.handoffsOf(request.params.id) }));
}

/** Warehouse webhooks: authenticated by their signature; they only say "there is news", so they are answered at once. */
export async function partnerWebhookRoutes(app: ApiApp, { partners }: HubServices): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));
    (scope as ApiApp).post('/webhooks/partners/:partnerId', {
      config: { public: true },
      schema: { hide: true, params: z.object({ partnerId: z.string().regex(/^\d+$/) }) },
    }, async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const result = await partners.receiveWebhook(request.params.partnerId, request.headers, raw);
      if (!result.ok) return result.code === 'PARTNER.INVALID_SIGNATURE' ? reply.code(401).send(errorBody(result.code, result.message)) : sendFailure(reply, result);
      return reply.code(200).send({ received: true });
    });
  });
}
