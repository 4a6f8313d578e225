/**
 * Products and variations (REST v3 "Products", "Product variations"): list, read, update and the
 * batch endpoints, where stock is set. stock_quantity counts only with manage_stock true. A batch
 * takes at most 100 objects (create + update + delete) and answers 413 beyond; each object is
 * answered on its own, refused ones as {id, error}.
 */
import type { Router, SimRequest, SimResponse } from '../common/http.ts';
import { filterIds, pagedResponse, readListParams, sortFor } from './paging.ts';
import { productJson, variationJson } from './resource-json.ts';
import type { Sellable, WooProduct } from './store.ts';
import { boolParam, idParam, readBody, wpError, wpJson } from './wp-rest.ts';
import type { WooWorld } from './world.ts';

const V3 = '/wp-json/wc/v3';
const BATCH_LIMIT = 100;
const EDITABLE = ['POST', 'PUT', 'PATCH'];

type Refusal = { code: string; message: string; status: number };
const invalidProduct: Refusal = { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', status: 400 };
const invalidVariation: Refusal = { code: 'woocommerce_rest_product_variation_invalid_id', message: 'Invalid ID.', status: 400 };

export function addProductRoutes(router: Router, world: () => WooWorld): void {
  router
    .add('GET', `${V3}/products`, (req) => listProducts(world(), req))
    .add('GET', `${V3}/products/:id`, (req) => {
      const w = world();
      const product = w.store.product(idParam(req.params.id) ?? -1);
      return product ? wpJson(200, productJson(product, w.site)) : wpError(404, invalidProduct.code, invalidProduct.message);
    })
    .add('POST', `${V3}/products/batch`, (req) => batch(req, (item) => updateProduct(world(), item), (s) => productJsonOf(world(), s)))
    .add('GET', `${V3}/products/:id/variations`, (req) => withParent(world(), req, (w, parent) => listVariations(w, parent, req)))
    .add('POST', `${V3}/products/:id/variations/batch`, (req) => withParent(world(), req, (w, parent) =>
      batch(req, (item) => updateVariation(w, parent, item), (s) => variationJson(s, w.site))));
  for (const method of EDITABLE) {
    router.add(method, `${V3}/products/:id`, (req) => single(req, { id: req.params.id }, (item) => updateProduct(world(), item), (s) => productJsonOf(world(), s)));
    router.add(method, `${V3}/products/:pid/variations/:id`, (req) => withParent(world(), { ...req, params: { id: req.params.pid ?? '' } }, (w, parent) =>
      single(req, { id: req.params.id }, (item) => updateVariation(w, parent, item), (s) => variationJson(s, w.site))));
  }
}

function listProducts(w: WooWorld, req: SimRequest): SimResponse {
  const params = readListParams(req.query, ['price', 'popularity', 'rating', 'menu_order']);
  if ('status' in params) return params;
  const sku = req.query.get('sku');
  const type = req.query.get('type');
  const skus = sku === null ? null : new Set(sku.split(',').map((s) => s.trim()));
  const matching = filterIds(w.store.products, params).filter((p) =>
    (skus === null || (p.type === 'simple' && skus.has(p.sellables[0]!.sku))) && (type === null || p.type === type));
  const sorted = sortFor(matching, params, { date: (p) => p.createdMs, id: (p) => p.id, title: (p) => p.name, slug: (p) => p.name, modified: (p) => Math.max(...p.sellables.map((s) => s.modifiedMs)) });
  return pagedResponse(sorted, params, req, (p) => productJson(p, w.site));
}

function listVariations(w: WooWorld, parent: WooProduct, req: SimRequest): SimResponse {
  const params = readListParams(req.query);
  if ('status' in params) return params;
  const variations = parent.type === 'variable' ? parent.sellables : [];
  const sorted = sortFor(filterIds(variations, params), params, { date: (s) => s.createdMs, id: (s) => s.id, modified: (s) => s.modifiedMs });
  return pagedResponse(sorted, params, req, (s) => variationJson(s, w.site));
}

function withParent(w: WooWorld, req: SimRequest, handle: (w: WooWorld, parent: WooProduct) => SimResponse): SimResponse {
  const parent = w.store.product(idParam(req.params.id) ?? -1);
  return parent ? handle(w, parent) : wpError(404, invalidProduct.code, invalidProduct.message);
}

/** A simple product answers as itself; a variable parent's stock is not modelled (it stays unmanaged). */
function productJsonOf(w: WooWorld, sellable: Sellable): unknown {
  return productJson(w.store.product(sellable.productId)!, w.site);
}

function updateProduct(w: WooWorld, item: Record<string, unknown>): Sellable | Refusal {
  const product = w.store.product(idParam(item.id) ?? -1);
  if (!product) return invalidProduct;
  if (product.type === 'variable') return product.sellables[0]!;
  return applyStock(w, product.sellables[0]!, item);
}

function updateVariation(w: WooWorld, parent: WooProduct, item: Record<string, unknown>): Sellable | Refusal {
  const variation = parent.type === 'variable' ? parent.sellables.find((s) => s.id === idParam(item.id)) : undefined;
  return variation ? applyStock(w, variation, item) : invalidVariation;
}

/** manage_stock, then stock_quantity (read as wc_stock_amount: intval), ignored while stock is not managed. */
function applyStock(w: WooWorld, sellable: Sellable, item: Record<string, unknown>): Sellable {
  const manage = boolParam(item.manage_stock);
  if (manage !== null) sellable.manageStock = manage;
  if (item.stock_quantity !== undefined && item.stock_quantity !== null && sellable.manageStock) {
    const qty = Math.trunc(Number(item.stock_quantity));
    w.store.setStock(sellable, Number.isFinite(qty) ? qty : 0, Date.now());
  }
  return sellable;
}

function single(req: SimRequest, ids: { id: string | undefined }, update: (item: Record<string, unknown>) => Sellable | Refusal, toJson: (s: Sellable) => unknown): SimResponse {
  const read = readBody(req);
  if ('refused' in read) return read.refused;
  const result = update({ ...read.body, id: ids.id });
  return 'code' in result ? wpError(result.status, result.code, result.message) : wpJson(200, toJson(result));
}

function batch(req: SimRequest, update: (item: Record<string, unknown>) => Sellable | Refusal, toJson: (s: Sellable) => unknown): SimResponse {
  const read = readBody(req);
  if ('refused' in read) return read.refused;
  const lists = Object.fromEntries(['create', 'update', 'delete'].map((k) => [k, Array.isArray(read.body[k]) ? (read.body[k] as unknown[]) : []]));
  const total = lists.create!.length + lists.update!.length + lists.delete!.length;
  if (total > BATCH_LIMIT) return wpError(413, 'woocommerce_rest_request_entity_too_large', `Unable to accept more than ${BATCH_LIMIT} items for this request.`);
  const answer: Record<string, unknown[]> = {};
  const unsupported = (id: unknown) => ({ id: idParam(id) ?? 0, error: { code: 'woocommerce_rest_simulator_unsupported', message: 'The simulator only updates stock.', data: { status: 400 } } });
  if ('create' in read.body) answer.create = lists.create!.map(() => unsupported(0));
  if ('update' in read.body) {
    answer.update = lists.update!.map((value) => {
      const item = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
      const result = update(item);
      return 'code' in result ? { id: idParam(item.id) ?? 0, error: { code: result.code, message: result.message, data: { status: result.status } } } : toJson(result);
    });
  }
  if ('delete' in read.body) answer.delete = lists.delete!.map((id) => unsupported(id));
  return wpJson(200, answer);
}
