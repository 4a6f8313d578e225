import { z } from 'zod';
import { parseMoney } from '../../catalog/index.ts';
import type { HubServices } from '../../hub.ts';
import { sendFailure } from '../errors.ts';
import { errorBodySchema, pageQuery, skuSchema } from '../schemas.ts';
import type { ApiApp } from '../server.ts';

/**
 * Amounts are accepted as a JSON number or a decimal string, checked by the catalog's own rule here
 * so that a bad one is reported like any other bad field; answers always carry strings, so no
 * client meets float rounding.
 */
const moneyInput = z
  .union([z.string().max(32), z.number()])
  .superRefine((value, ctx) => {
    const parsed = parseMoney(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
  })
  .describe('A non-negative amount with at most 4 decimal places, e.g. "12.50" (a string avoids float rounding)');
const money = z.string().describe('Decimal string with 4 places, e.g. "12.5000"');
const currency = z.string().regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO 4217 code').describe('ISO 4217 code; default USD');
const name = z.string().trim().min(1).max(500);
const componentsInput = z
  .array(z.object({ sku: skuSchema, qty: z.number().int().positive().max(1_000_000) }))
  .max(1_000)
  .describe("A bundle's components: one unit of the bundle is made of qty units of each");

const product = z.object({
  sku: z.string(),
  name: z.string(),
  barcode: z.string().nullable(),
  category: z.string().nullable(),
  unitCost: money,
  price: money,
  currency: z.string(),
  isBundle: z.boolean(),
  components: z.array(z.object({ sku: z.string(), qty: z.number().int() })),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const skuParams = z.object({ sku: skuSchema.describe('The SKU, URL-encoded (a SKU may contain "/", spaces or "#")') });

const listQuery = pageQuery.extend({
  q: z.string().trim().max(200).optional().describe('Case-insensitive search in SKU, name and barcode'),
  includeArchived: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export function productRoutes(app: ApiApp, { catalog }: HubServices): void {
  app.post('/products', {
    schema: {
      tags: ['catalog'],
      summary: 'Create a product, or a bundle when components are given',
      body: z.object({
        sku: skuSchema,
        name,
        barcode: z.string().max(100).nullable().optional(),
        category: z.string().max(200).nullable().optional(),
        unitCost: moneyInput,
        price: moneyInput,
        currency: currency.optional(),
        components: componentsInput.optional(),
      }),
      response: { 201: product, 400: errorBodySchema, 409: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await catalog.createProduct(request.body);
    return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
  });

  app.get('/products', {
    schema: {
      tags: ['catalog'],
      summary: 'List products in pages (archived ones only with includeArchived=true)',
      querystring: listQuery,
      response: { 200: z.object({ items: z.array(product), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => catalog.listProducts(request.query));

  app.get('/products/:sku', {
    schema: { tags: ['catalog'], summary: 'Get a product', params: skuParams, response: { 200: product, 404: errorBodySchema } },
  }, async (request, reply) => {
    const result = await catalog.getProduct(request.params.sku);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.patch('/products/:sku', {
    schema: {
      tags: ['catalog'],
      summary: "Change a product's fields, or a bundle's components",
      params: skuParams,
      body: z.object({
        name: name.optional(),
        barcode: z.string().max(100).nullable().optional(),
        category: z.string().max(200).nullable().optional(),
        unitCost: moneyInput.optional(),
        price: moneyInput.optional(),
        currency: currency.optional(),
        components: componentsInput.optional(),
      }),
      response: { 200: product, 400: errorBodySchema, 404: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await catalog.updateProduct(request.params.sku, request.body);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.delete('/products/:sku', {
    schema: {
      tags: ['catalog'],
      summary: 'Archive a product (it stays readable; refused while a live bundle is made of it)',
      params: skuParams,
      response: { 200: product, 404: errorBodySchema, 409: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await catalog.archiveProduct(request.params.sku);
    return result.ok ? result.value : sendFailure(reply, result);
  });
}
