import { z } from 'zod';
import type { HubServices } from '../../hub.ts';
import { actorOf } from '../auth.ts';
import { sendFailure } from '../errors.ts';
import { errorBodySchema, idempotencyKeySchema, locationCodeSchema, quantitySchema, skuSchema } from '../schemas.ts';
import type { ApiApp } from '../server.ts';

const reservation = z.object({
  id: z.string(), ref: z.string(), status: z.enum(['active', 'shipped', 'released', 'closed']), actor: z.string(),
  lines: z.array(z.object({
    requestLine: z.number(), sku: z.string(), stockSku: z.string(), location: z.string(),
    qty: z.number(), shippedQty: z.number(), releasedQty: z.number(),
  })),
  createdAt: z.string(), updatedAt: z.string(),
});
const idParams = z.object({ id: z.string().regex(/^\d+$/, 'must be a reservation id') });
const settleBody = z.object({
  lines: z.array(z.object({ sku: skuSchema, qty: quantitySchema })).min(1).optional().describe('Only these SKUs and quantities; all that remains when absent'),
  idempotencyKey: idempotencyKeySchema.optional(),
  reason: z.string().trim().min(1).max(100).optional(),
}).default({});

export function reservationRoutes(app: ApiApp, { inventory }: HubServices): void {
  app.post('/reservations', {
    schema: {
      tags: ['reservations'],
      summary: 'Hold stock for an order: all lines or none. The ref is the idempotency key.',
      body: z.object({
        ref: z.string().trim().min(1).max(200),
        lines: z.array(z.object({ sku: skuSchema, qty: quantitySchema, location: locationCodeSchema.optional() })).min(1).max(500),
      }),
      response: { 201: reservation, 200: reservation, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await inventory.reserve(request.body, actorOf(request));
    if (!result.ok) return sendFailure(reply, result);
    return reply.code(result.value.created ? 201 : 200).send(result.value.reservation);
  });

  app.get('/reservations', {
    schema: { tags: ['reservations'], summary: 'Find a reservation by its ref', querystring: z.object({ ref: z.string().min(1) }), response: { 200: reservation, 404: errorBodySchema } },
  }, async (request, reply) => {
    const result = await inventory.getReservation({ ref: request.query.ref });
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.get('/reservations/:id', {
    schema: { tags: ['reservations'], summary: 'Get a reservation', params: idParams, response: { 200: reservation, 404: errorBodySchema } },
  }, async (request, reply) => {
    const result = await inventory.getReservation({ id: request.params.id });
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.post('/reservations/:id/ship', {
    schema: { tags: ['reservations'], summary: 'Ship held stock (commit): on hand and reserved both fall', params: idParams, body: settleBody, response: { 200: reservation, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema } },
  }, async (request, reply) => {
    const result = await inventory.ship({ id: request.params.id }, request.body, actorOf(request));
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.post('/reservations/:id/release', {
    schema: { tags: ['reservations'], summary: 'Release held stock back to available', params: idParams, body: settleBody, response: { 200: reservation, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema } },
  }, async (request, reply) => {
    const result = await inventory.release({ id: request.params.id }, request.body, actorOf(request));
    return result.ok ? result.value : sendFailure(reply, result);
  });
}
