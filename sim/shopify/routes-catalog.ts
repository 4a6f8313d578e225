/**
 * What a client needs to map SKUs and push stock: GET products.json (variants with sku and
 * inventory_item_id), GET locations.json, and the inventory_levels endpoints (fixture
 * rest.inventory_levels.json). The level's "available" is the quantity the simulated shop lists.
 */
import { formatCents } from '../common/catalog.ts';
import { jsonResponse, type Router, type SimRequest, type SimResponse } from '../common/http.ts';
import { toBigId } from '../common/json.ts';
import { isoWithOffset } from '../common/time.ts';
import { missingParameter, pickFields, readJsonBody, requestUrl } from './gate.ts';
import { inventoryLevelJson, type Shop } from './order-json.ts';
import { pageOf, readPageRequest } from './pagination.ts';
import { LOCATION_ID, type Product, type Variant } from './store.ts';
import type { ShopifyWorld } from './world.ts';

export function addCatalogRoutes(router: Router, world: () => ShopifyWorld): void {
  router
    .add('GET', '/admin/api/:version/products.json', (req) => listProducts(world(), req))
    .add('GET', '/admin/api/:version/locations.json', () => jsonResponse(200, { locations: [locationJson()] }))
    .add('GET', '/admin/api/:version/inventory_levels.json', (req) => listLevels(world(), req))
    .add('POST', '/admin/api/:version/inventory_levels/set.json', (req) => changeLevel(world(), req, 'available'))
    .add('POST', '/admin/api/:version/inventory_levels/adjust.json', (req) => changeLevel(world(), req, 'available_adjustment'));
}

function listProducts(w: ShopifyWorld, req: SimRequest): SimResponse {
  const read = readPageRequest(req.query);
  if ('refused' in read) return read.refused;
  const { ids, since_id: sinceId } = read.page.filters;
  const wanted = ids === undefined ? null : new Set(ids.split(',').map((id) => toBigId(id)));
  const after = toBigId(sinceId ?? '0') ?? 0n;
  const sorted = w.store.products.filter((p) => (wanted === null || wanted.has(p.id)) && p.id > after);
  const { items, link } = pageOf(sorted, (p) => [0, p.id], read.page, requestUrl(req));
  const products = items.map((p) => pickFields(productJson(p, w.shop), read.page.fields));
  return jsonResponse(200, { products }, link ? { link } : {});
}

function productJson(product: Product, shop: Shop): Record<string, unknown> {
  const at = isoWithOffset(product.createdMs, shop.utcOffsetMinutes);
  return {
    id: product.id, title: product.title, body_html: '', vendor: 'Omnisync Sim', product_type: '', created_at: at,
    handle: product.title.toLowerCase().replace(/[^a-z0-9]+/g, '-'), updated_at: at, published_at: at, template_suffix: null,
    published_scope: 'global', tags: '', status: 'active', admin_graphql_api_id: `gid://shopify/Product/${product.id}`,
    variants: product.variants.map((v, i) => variantJson(v, i + 1, at)),
    options: [{ product_id: product.id, name: product.hasVariants ? 'Size' : 'Title', position: 1, values: product.variants.map((v) => v.title) }],
    images: [], image: null,
  };
}

function variantJson(variant: Variant, position: number, at: string): Record<string, unknown> {
  return {
    id: variant.id, product_id: variant.productId, title: variant.title, price: formatCents(variant.priceCents), sku: variant.sku,
    position, inventory_policy: 'deny', compare_at_price: null, fulfillment_service: 'manual', inventory_management: 'shopify',
    option1: variant.title, option2: null, option3: null, created_at: at, updated_at: at, taxable: true, barcode: null,
    grams: 0, weight: 0, weight_unit: 'kg', inventory_item_id: variant.inventoryItemId, inventory_quantity: variant.available,
    old_inventory_quantity: variant.available, requires_shipping: true, admin_graphql_api_id: `gid://shopify/ProductVariant/${variant.id}`,
  };
}

function locationJson(): Record<string, unknown> {
  return {
    id: LOCATION_ID, name: 'Main warehouse', address1: '92 Chestnut Street', address2: null, city: 'Louisville', zip: '40202',
    province: 'Kentucky', country: 'US', phone: null, country_code: 'US', country_name: 'United States', province_code: 'KY',
    legacy: false, active: true, admin_graphql_api_id: `gid://shopify/Location/${LOCATION_ID}`,
  };
}

function listLevels(w: ShopifyWorld, req: SimRequest): SimResponse {
  const read = readPageRequest(req.query);
  if ('refused' in read) return read.refused;
  const idSet = (text: string | undefined) => (text === undefined ? null : new Set(text.split(',').map((id) => toBigId(id))));
  const items = idSet(read.page.filters.inventory_item_ids);
  const locations = idSet(read.page.filters.location_ids);
  if (items === null && locations === null) {
    return jsonResponse(422, { errors: 'inventory_item_ids, location_ids, or both must be specified' });
  }
  const matching = locations !== null && !locations.has(LOCATION_ID) ? [] : w.store.variants.filter((v) => items === null || items.has(v.inventoryItemId));
  const sorted = [...matching].sort((a, b) => (a.inventoryItemId < b.inventoryItemId ? -1 : 1));
  const { items: page, link } = pageOf(sorted, (v) => [0, v.inventoryItemId], read.page, requestUrl(req));
  return jsonResponse(200, { inventory_levels: page.map((v) => inventoryLevelJson(v, w.shop)) }, link ? { link } : {});
}

/** set.json takes "available" (the new quantity), adjust.json "available_adjustment" (a difference). */
function changeLevel(w: ShopifyWorld, req: SimRequest, quantityField: 'available' | 'available_adjustment'): SimResponse {
  const read = readJsonBody(req);
  if ('refused' in read) return read.refused;
  const { body } = read;
  const locationId = toBigId(body.location_id);
  const itemId = toBigId(body.inventory_item_id);
  const quantity = body[quantityField];
  if (locationId === null) return missingParameter('location_id');
  if (itemId === null) return missingParameter('inventory_item_id');
  if (typeof quantity !== 'number' || !Number.isInteger(quantity)) return missingParameter(quantityField);
  const variant = w.store.variantByInventoryItem(itemId);
  if (!variant) return jsonResponse(422, { errors: ['Inventory item does not exist'] });
  if (locationId !== LOCATION_ID) return jsonResponse(422, { errors: ['Inventory item is not stocked at the location'] });
  // Shopify accepts negative available quantities (oversold stock); so does the simulator.
  variant.available = quantityField === 'available' ? quantity : variant.available + quantity;
  variant.levelUpdatedMs = Date.now();
  return jsonResponse(200, { inventory_level: inventoryLevelJson(variant, w.shop) });
}
