import { z } from 'zod';
import type { HubServices } from '../../hub.ts';
import { adjustmentReasons } from '../../inventory/index.ts';
import { actorOf } from '../auth.ts';
import { sendFailure } from '../errors.ts';
import { errorBodySchema, idempotencyKeySchema, locationCodeSchema, pageQuery, quantitySchema, skuSchema } from '../schemas.ts';
import type { ApiApp } from '../server.ts';

const movementKind = z.enum(['receipt', 'adjustment', 'count', 'reserve', 'release', 'ship', 'return', 'transfer_out', 'transfer_in']);
const movement = z.object({
  id: z.string(), kind: movementKind, sku: z.string(), location: z.string(),
  onHandDelta: z.number(), reservedDelta: z.number(), onHandAfter: z.number(), reservedAfter: z.number(),
  reason: z.string(), reference: z.string().nullable(), actor: z.string(), reservationId: z.string().nullable(),
  note: z.string().nullable(), createdAt: z.string(),
});
const operationResult = z.object({ operationId: z.string(), idempotencyKey: z.string(), replayed: z.boolean(), movements: z.array(movement) });
const locationLevel = z.object({ location: z.string(), onHand: z.number(), reserved: z.number(), safetyStock: z.number(), available: z.number() });
const stockLevel = z.object({
  sku: z.string(), isBundle: z.boolean(), onHand: z.number(), reserved: z.number(), safetyStock: z.number(), available: z.number(),
  locations: z.array(locationLevel), components: z.array(z.object({ sku: z.string(), qty: z.number(), available: z.number() })),
});
const common = {
  idempotencyKey: idempotencyKeySchema.describe('The same key twice returns the first result and changes nothing'),
  reference: z.string().trim().max(200).optional().describe('Purchase order, count sheet, order number …'),
  note: z.string().max(2000).optional(),
};
const refusals = { 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema };

export function stockRoutes(app: ApiApp, { inventory }: HubServices): void {
  app.get('/stock/:sku', {
    schema: { tags: ['stock'], summary: 'Stock of a SKU per location and in total (a bundle: derived from its components)', params: z.object({ sku: skuSchema }), response: { 200: stockLevel, 404: errorBodySchema } },
  }, async (request, reply) => {
    const result = await inventory.stockOf(request.params.sku);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.get('/stock', {
    schema: {
      tags: ['stock'], summary: 'Stock levels of every SKU and location, paged',
      querystring: pageQuery.extend({ location: locationCodeSchema.optional(), cursor: z.string().regex(/^\d+-\d+$/).optional() }),
      response: { 200: z.object({ items: z.array(locationLevel.extend({ sku: z.string() })), nextCursor: z.string().nullable() }), 404: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await inventory.listStock(request.query);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.get('/movements', {
    schema: {
      tags: ['stock'], summary: 'The stock ledger, newest first, paged',
      querystring: pageQuery.extend({ sku: skuSchema.optional(), location: locationCodeSchema.optional(), kind: movementKind.optional(), reference: z.string().optional() }),
      response: { 200: z.object({ items: z.array(movement), nextCursor: z.string().nullable() }), 404: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await inventory.listMovements(request.query);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  const moveBody = z.object({ sku: skuSchema, location: locationCodeSchema, qty: quantitySchema, reason: z.string().trim().min(1).max(100).optional(), ...common });

  app.post('/stock/receipts', {
    schema: { tags: ['stock'], summary: 'Receive stock into a location', body: moveBody, response: { 201: operationResult, 200: operationResult, ...refusals } },
  }, async (request, reply) => {
    const result = await inventory.receive(request.body, actorOf(request));
    return result.ok ? reply.code(result.value.replayed ? 200 : 201).send(result.value) : sendFailure(reply, result);
  });

  app.post('/stock/returns', {
    schema: { tags: ['stock'], summary: 'Put returned goods back into stock', body: moveBody, response: { 201: operationResult, 200: operationResult, ...refusals } },
  }, async (request, reply) => {
    const result = await inventory.returnToStock(request.body, actorOf(request));
    return result.ok ? reply.code(result.value.replayed ? 200 : 201).send(result.value) : sendFailure(reply, result);
  });

  app.post('/stock/adjustments', {
    schema: {
      tags: ['stock'], summary: 'Correct on-hand stock by a signed delta, with a reason',
      body: z.object({
        sku: skuSchema, location: locationCodeSchema,
        delta: z.number().int().refine((d) => d !== 0, 'must not be 0').refine((d) => Math.abs(d) <= 1_000_000_000, 'too large'),
        reason: z.enum(adjustmentReasons), ...common,
      }),
      response: { 201: operationResult, 200: operationResult, ...refusals },
    },
  }, async (request, reply) => {
    const result = await inventory.adjust(request.body, actorOf(request));
    return result.ok ? reply.code(result.value.replayed ? 200 : 201).send(result.value) : sendFailure(reply, result);
  });

  app.post('/stock/counts', {
    schema: {
      tags: ['stock'], summary: 'Record a physical count; the ledger records the difference',
      body: z.object({ sku: skuSchema, location: locationCodeSchema, counted: z.number().int().min(0).max(1_000_000_000), reason: z.string().trim().min(1).max(100).optional(), ...common }),
      response: { 201: operationResult, 200: operationResult, ...refusals },
    },
  }, async (request, reply) => {
    const result = await inventory.count(request.body, actorOf(request));
    return result.ok ? reply.code(result.value.replayed ? 200 : 201).send(result.value) : sendFailure(reply, result);
  });

  app.post('/stock/transfers', {
    schema: {
      tags: ['stock'], summary: 'Move unreserved stock between two locations',
      body: z.object({ sku: skuSchema, from: locationCodeSchema, to: locationCodeSchema, qty: quantitySchema, ...common }),
      response: { 201: operationResult, 200: operationResult, 400: errorBodySchema, ...refusals },
    },
  }, async (request, reply) => {
    const result = await inventory.transfer(request.body, actorOf(request));
    return result.ok ? reply.code(result.value.replayed ? 200 : 201).send(result.value) : sendFailure(reply, result);
  });

  app.put('/stock/:sku/safety-stock', {
    schema: {
      tags: ['stock'], summary: 'Hold back units of a SKU at a location from what channels may sell',
      params: z.object({ sku: skuSchema }),
      body: z.object({ location: locationCodeSchema, qty: z.number().int().min(0).max(1_000_000_000) }),
      response: { 200: stockLevel, 404: errorBodySchema, 409: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await inventory.setSafetyStock({ sku: request.params.sku, ...request.body });
    return result.ok ? result.value : sendFailure(reply, result);
  });
}
