import { z } from 'zod';
import type { HubServices } from '../../hub.ts';
import { REVIEW_RULES } from '../../orders/index.ts';
import { actorOf } from '../auth.ts';
import { sendFailure } from '../errors.ts';
import { errorBodySchema, pageQuery, quantitySchema, skuSchema } from '../schemas.ts';
import type { ApiApp } from '../server.ts';

const firedRule = z.object({ rule: z.string(), values: z.record(z.string(), z.unknown()) });
const queueItem = z.object({
  orderId: z.string(), connectionId: z.string(), number: z.string(), status: z.string(), total: z.string(), currency: z.string(), flags: z.array(z.string()),
  reasons: z.array(z.object({ flag: z.string(), rules: z.array(firedRule).optional(), details: z.unknown().optional() })), heldAt: z.string(),
});
const orderParams = z.object({ id: z.string().regex(/^\d+$/, 'must be an order id') });
const done = z.object({ orderId: z.string() });
const ratio = z.number().positive().max(1000);
/** One layer of rule parameters: every section and key optional (left out: the layer below applies). */
const settingsLayer = z.object({
  buyerMessage: z.object({ enabled: z.boolean(), harmlessPhrases: z.array(z.string().trim().min(1).max(100)).max(500) }).partial(),
  quantity: z.object({ enabled: z.boolean(), percentile: z.number().gt(0).max(1), factor: ratio, minHistoryLines: z.number().int().min(0), capWithLittleHistory: quantitySchema }).partial(),
  price: z.object({ enabled: z.boolean(), belowRatio: ratio, aboveRatio: ratio, floor: z.number().min(0).nullable(), exchangeRates: z.record(z.string().regex(/^[A-Z]{3}>[A-Z]{3}$/, 'must look like USD>CNY'), ratio) }).partial(),
  orderValue: z.object({ enabled: z.boolean(), maxTotal: z.number().positive().nullable() }).partial(),
  address: z.object({ enabled: z.boolean() }).partial(),
  duplicate: z.object({ enabled: z.boolean(), windowMinutes: z.number().int().min(1).max(10_080) }).partial(),
  blocklist: z.object({ enabled: z.boolean(), buyers: z.array(z.string().trim().min(1).max(200)).max(10_000) }).partial(),
}).partial().strict();
const settingsView = z.object({ scope: z.string(), stored: z.record(z.string(), z.unknown()), effective: z.record(z.string(), z.unknown()) });
const scopeParams = z.object({ scope: z.string().regex(/^(default|\d+)$/, "must be 'default' or a connection id") });

/** The review queue: held orders with their reasons, a person's actions, the rules' settings and "what if". */
export function reviewRoutes(app: ApiApp, { review }: HubServices): void {
  const settingsOf = async (scope: string) => {
    const s = await review.settings(scope);
    return { scope: s.scope, stored: s.stored as Record<string, unknown>, effective: s.effective as unknown as Record<string, unknown> };
  };

  app.get('/review/queue', {
    schema: {
      tags: ['review'], summary: 'Orders waiting for a person, oldest first, each with the rules that fired and their values',
      querystring: pageQuery.extend({ connectionId: z.string().regex(/^\d+$/).optional(), flag: z.string().optional(), rule: z.enum(REVIEW_RULES).optional() }),
      response: { 200: z.object({ items: z.array(queueItem), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => review.queue(request.query));

  app.post('/orders/:id/approve', {
    schema: { tags: ['review'], summary: 'Approve a held order: it is released to the ERP and warehouse by the next sweep', params: orderParams, body: z.object({ note: z.string().max(2000).optional() }).optional(), response: { 200: done, 404: errorBodySchema, 409: errorBodySchema } },
  }, async (request, reply) => {
    const result = await review.approve(request.params.id, actorOf(request), request.body?.note);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.post('/orders/:id/cancel', {
    schema: { tags: ['review'], summary: 'Cancel an order in the hub (its stock is released; cancel it on the channel too)', params: orderParams, body: z.object({ reason: z.string().trim().min(1).max(2000) }), response: { 200: done, 404: errorBodySchema, 409: errorBodySchema } },
  }, async (request, reply) => {
    const result = await review.cancel(request.params.id, actorOf(request), request.body.reason);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.patch('/orders/:id', {
    schema: {
      tags: ['review'], summary: 'Edit a held order: line quantities or SKUs (its stock is reserved again) and the address; audited with before and after', params: orderParams,
      body: z.object({
        lines: z.array(z.object({ lineNo: z.number().int().min(0), qty: quantitySchema.optional(), sku: skuSchema.optional() })).max(500).optional(),
        address: z.object({ name: z.string().nullable(), line1: z.string().nullable(), line2: z.string().nullable(), city: z.string().nullable(), province: z.string().nullable(), postalCode: z.string().nullable(), country: z.string().nullable(), phone: z.string().nullable() }).partial().optional(),
        note: z.string().max(2000).optional(),
      }),
      response: { 200: done, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await review.edit(request.params.id, request.body, actorOf(request));
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.post('/review/bulk', {
    schema: {
      tags: ['review'], summary: 'Approve or cancel many orders; each answers on its own',
      body: z.discriminatedUnion('action', [
        z.object({ action: z.literal('approve'), orderIds: z.array(z.string().regex(/^\d+$/)).min(1).max(1000), note: z.string().max(2000).optional() }),
        z.object({ action: z.literal('cancel'), orderIds: z.array(z.string().regex(/^\d+$/)).min(1).max(1000), reason: z.string().trim().min(1).max(2000) }),
      ]),
      response: { 200: z.object({ results: z.array(z.object({ orderId: z.string(), ok: z.boolean(), code: z.string().optional(), message: z.string().optional() })) }) },
    },
  }, async (request) => {
    const { orderIds, ...action } = request.body;
    return { results: await review.bulk(orderIds, action, actorOf(request)) };
  });

  app.get('/review/settings/:scope', {
    schema: { tags: ['review'], summary: "Rule parameters of the merchant ('default') or of one connection: what is stored and what is in force", params: scopeParams, response: { 200: settingsView } },
  }, async (request) => settingsOf(request.params.scope));

  app.put('/review/settings/:scope', {
    config: { role: 'admin' },
    schema: { tags: ['review'], summary: 'Replace the stored rule parameters of a scope (audited); orders already judged are not judged again', params: scopeParams, body: settingsLayer, response: { 200: settingsView } },
  }, async (request) => {
    await review.saveSettings(request.params.scope, request.body, actorOf(request));
    return settingsOf(request.params.scope);
  });

  app.post('/review/what-if', {
    schema: {
      tags: ['review'], summary: 'Run changed rule parameters over the last N days of orders: how many would have been held, and which (writes nothing)',
      body: z.object({ settings: settingsLayer, days: z.number().int().min(1).max(90).default(7) }),
      response: { 200: z.object({ checked: z.number(), wouldHold: z.number(), wereHeld: z.number(), newlyHeld: z.number(), noLongerHeld: z.number(), byRule: z.record(z.string(), z.number()), orders: z.array(z.object({ orderId: z.string(), number: z.string(), connectionId: z.string(), rules: z.array(firedRule), wasHeld: z.boolean() })) }) },
    },
  }, async (request) => review.whatIf(request.body.settings, request.body.days));
}
