import { z } from 'zod';
import type { HubServices } from '../../hub.ts';
import { ATTRIBUTE_TYPES } from '../../mapping/index.ts';
import { orderTransitions, type OrderStatus } from '../../orders/index.ts';
import { actorOf } from '../auth.ts';
import { sendFailure } from '../errors.ts';
import { errorBodySchema, skuSchema } from '../schemas.ts';
import type { ApiApp } from '../server.ts';

const statuses = Object.keys(orderTransitions) as [OrderStatus, ...OrderStatus[]];
const idParams = z.object({ id: z.string().regex(/^\d+$/, 'must be a connection id') });
const ruleParams = idParams.extend({ ruleId: z.string().regex(/^\d+$/, 'must be a rule id') });

const alias = z.object({ code: z.string(), normalisedCode: z.string(), sku: z.string(), createdBy: z.string(), createdAt: z.string(), updatedBy: z.string(), updatedAt: z.string() });
const override = z.object({ platformStatus: z.string(), status: z.enum(statuses), updatedBy: z.string(), updatedAt: z.string() });
const rule = z.object({
  id: z.string(), name: z.string(), target: z.string(), type: z.enum(ATTRIBUTE_TYPES), expression: z.string(), enabled: z.boolean(), position: z.number(),
  updatedBy: z.string(), createdAt: z.string(), updatedAt: z.string(),
});
const attributeValue = z.union([z.string(), z.number(), z.boolean()]);
const ruleSaved = z.object({
  rule, sample: z.object({ source: z.enum(['request', 'inbox']), fired: z.boolean(), value: attributeValue.nullable() }).nullable()
    .describe('What the rule gave on the sample it was checked on (the one sent, else the latest stored order record); null when there was none'),
});
const ruleBody = z.object({
  name: z.string().trim().min(1).max(100),
  target: z.string().trim().min(1).max(80).describe('attributes.<name>, buyerNote or sellerNote'),
  type: z.enum(ATTRIBUTE_TYPES),
  expression: z.string().min(1).max(10_000).describe('JSONata on the raw payload; $order is the connector reading, $topic the record topic'),
  enabled: z.boolean().optional(),
  position: z.number().int().min(0).max(1_000_000).optional(),
  sample: z.unknown().optional().describe('A raw payload to check the rule on (an object, or the JSON text to keep ids beyond 2^53 exact)'),
  sampleTopic: z.string().max(100).optional(),
});
const lineTrace = z.object({ externalLineId: z.string(), code: z.string(), masterSku: z.string().nullable(), via: z.enum(['listing', 'alias', 'normalised']).nullable(), note: z.string().optional() });
const failedRule = z.object({ rule: z.string(), target: z.string(), error: z.string() });
const text = z.string().nullable();
const canonicalOrder = z.object({
  externalId: z.string(), number: z.string(), status: z.enum(statuses), platformStatus: z.string(), createdAt: z.string(), updatedAt: z.string(),
  currency: z.string(), total: z.string(), buyer: z.object({ name: text, email: text, nick: text }), buyerNote: text, sellerNote: text,
  shippingAddress: z.record(z.string(), text).nullable(),
  lines: z.array(z.object({
    externalLineId: z.string(), sku: z.string(), platformProductId: text, platformVariantId: text, title: z.string(), qty: z.number(), unitPrice: z.string(),
  })),
  mapping: z.object({
    attributes: z.record(z.string(), attributeValue),
    rules: z.array(z.union([z.object({ rule: z.string(), target: z.string(), value: attributeValue }), z.object({ rule: z.string(), target: z.string(), error: z.string() })])),
    status: z.object({ platformStatus: z.string(), from: z.enum(statuses), to: z.enum(statuses) }).nullable(),
  }).optional(),
});
const preview = z.object({
  order: canonicalOrder.describe('The canonical order the payload would become, with what the mapping added'),
  firedRules: z.array(z.object({ rule: z.string(), target: z.string(), value: attributeValue })),
  failedRules: z.array(failedRule),
  status: z.object({ platformStatus: z.string(), from: z.enum(statuses), to: z.enum(statuses) }).nullable(),
  lines: z.array(lineTrace),
  flags: z.array(z.string()),
});

export async function mappingRoutes(app: ApiApp, { mapping }: HubServices): Promise<void> {
  // Encapsulated: the CSV body parser serves these routes only.
  await app.register(async (plugin) => {
    const scope = plugin as ApiApp;
    scope.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    scope.get('/connections/:id/mapping', {
      schema: {
        tags: ['mapping'], summary: "A connection's SKU aliases, status overrides and field rules", params: idParams,
        response: { 200: z.object({ connectionId: z.string(), version: z.string(), aliases: z.array(alias), statusOverrides: z.array(override), rules: z.array(rule) }), 404: errorBodySchema },
      },
    }, async (request, reply) => {
      const result = await mapping.get(request.params.id);
      return result.ok ? result.value : sendFailure(reply, result);
    });

    scope.put('/connections/:id/mapping/aliases', {
      schema: {
        tags: ['mapping'], summary: 'Add or change SKU aliases (matched after normalisation); orders held for an unmapped SKU are read again',
        params: idParams,
        body: z.object({ aliases: z.array(z.object({ code: z.string().max(200), sku: skuSchema })).min(1).max(10_000) }),
        response: { 200: z.object({ aliases: z.array(alias), changed: z.number(), listingsMapped: z.number(), reinterpreted: z.number() }), 400: errorBodySchema, 404: errorBodySchema },
      },
    }, async (request, reply) => {
      const result = await mapping.putAliases(request.params.id, request.body.aliases, actorOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    });

    scope.delete('/connections/:id/mapping/aliases/:code', {
      schema: { tags: ['mapping'], summary: 'Remove an alias (the code URL-encoded; matched after normalisation)', params: idParams.extend({ code: z.string().min(1).max(200) }), response: { 200: z.object({ removed: z.string() }), 404: errorBodySchema } },
    }, async (request, reply) => {
      const result = await mapping.deleteAlias(request.params.id, request.params.code);
      return result.ok ? result.value : sendFailure(reply, result);
    });

    scope.put('/connections/:id/mapping/status-overrides', {
      schema: {
        tags: ['mapping'], summary: "Replace the status overrides: platform status words (as in an order's platformStatus) → hub status, over the connector's own map",
        params: idParams,
        body: z.object({ overrides: z.array(z.object({ platformStatus: z.string().trim().min(1).max(200), status: z.enum(statuses) })).max(1_000) }),
        response: { 200: z.object({ statusOverrides: z.array(override) }), 400: errorBodySchema, 404: errorBodySchema },
      },
    }, async (request, reply) => {
      const result = await mapping.putStatusOverrides(request.params.id, request.body.overrides, actorOf(request));
      return result.ok ? { statusOverrides: result.value } : sendFailure(reply, result);
    });

    scope.post('/connections/:id/mapping/rules', {
      schema: {
        tags: ['mapping'], summary: 'Add a field rule; refused if it does not compile (with the position) or returns the wrong type on a sample',
        params: idParams, body: ruleBody, response: { 201: ruleSaved, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    }, async (request, reply) => {
      const result = await mapping.createRule(request.params.id, request.body, actorOf(request));
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    });

    scope.put('/connections/:id/mapping/rules/:ruleId', {
      schema: { tags: ['mapping'], summary: 'Change a field rule (checked as when added)', params: ruleParams, body: ruleBody, response: { 200: ruleSaved, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema } },
    }, async (request, reply) => {
      const result = await mapping.updateRule(request.params.id, request.params.ruleId, request.body, actorOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    });

    scope.delete('/connections/:id/mapping/rules/:ruleId', {
      schema: { tags: ['mapping'], summary: 'Remove a field rule', params: ruleParams, response: { 200: z.object({ deleted: z.string() }), 404: errorBodySchema } },
    }, async (request, reply) => {
      const result = await mapping.deleteRule(request.params.id, request.params.ruleId);
      return result.ok ? result.value : sendFailure(reply, result);
    });

    scope.post('/connections/:id/mapping/preview', {
      config: { role: 'viewer' },
      schema: {
        tags: ['mapping'], summary: 'The canonical order a raw payload would become, the rules that fire and how each line maps; nothing is saved',
        params: idParams,
        body: z.object({
          payload: z.unknown().refine((p) => p !== undefined && p !== null, 'is required').describe('The raw payload (an object, or its JSON text to keep ids beyond 2^53 exact)'),
          topic: z.string().max(100).optional(),
        }),
        response: { 200: preview, 400: errorBodySchema, 404: errorBodySchema },
      },
    }, async (request, reply) => {
      const result = await mapping.preview(request.params.id, request.body.payload, request.body.topic);
      return result.ok ? result.value : sendFailure(reply, result);
    });

    scope.get('/connections/:id/mapping/sku-map.csv', {
      schema: { tags: ['mapping'], summary: 'Export every listing mapping and alias as CSV (type,platform_item_id,platform_variant_id,platform_location_id,code,sku)', params: idParams },
    }, async (request, reply) => {
      const result = await mapping.exportCsv(request.params.id);
      if (!result.ok) return sendFailure(reply, result);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="sku-map-${request.params.id}.csv"`).send(result.value);
    });

    scope.post('/connections/:id/mapping/sku-map.csv', {
      schema: {
        tags: ['mapping'], summary: 'Import a SKU map CSV (text/csv): every line is checked first, then all applied in one transaction, or nothing with the line errors',
        params: idParams, body: z.string(),
        response: { 200: z.object({ listingsMapped: z.number(), listingsUnmapped: z.number(), aliasesSet: z.number(), aliasesRemoved: z.number(), reinterpreted: z.number() }), 400: errorBodySchema, 404: errorBodySchema },
      },
    }, async (request, reply) => {
      const result = await mapping.importCsv(request.params.id, request.body, actorOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    });
  });
}
