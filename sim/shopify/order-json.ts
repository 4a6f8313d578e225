/**
 * Orders, fulfilments and inventory levels in the REST Admin shape (fixtures/platforms/shopify:
 * rest.orders.list.json, rest.fulfillment.json, rest.inventory_levels.json). Ids stay bigint and are
 * written as bare JSON numbers by stringifyJson; money is a decimal string, as Shopify writes it.
 */
import { createHash } from 'node:crypto';
import { formatCents } from '../common/catalog.ts';
import { isoWithOffset } from '../common/time.ts';
import type { Address } from './buyers.ts';
import { fulfillmentStatus, LOCATION_ID, type Fulfillment, type LineItem, type ShopifyOrder, type Variant } from './store.ts';

export interface Shop {
  currency: string;
  utcOffsetMinutes: number;
}

function money(cents: number, shop: Shop) {
  const amount = { amount: formatCents(cents), currency_code: shop.currency };
  return { shop_money: amount, presentment_money: amount };
}

const at = (ms: number | null, shop: Shop) => (ms === null ? null : isoWithOffset(ms, shop.utcOffsetMinutes));

export function orderJson(order: ShopifyOrder, shop: Shop): Record<string, unknown> {
  const subtotal = order.lines.reduce((sum, l) => sum + l.priceCents * l.qty, 0);
  const total = subtotal + order.shippingCents;
  const current = order.cancelledMs === null ? total : 0;
  const outstanding = order.financialStatus === 'pending' ? total : 0;
  const customer = order.buyer;
  return {
    id: order.id,
    admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
    app_id: null, browser_ip: '0.0.0.0', buyer_accepts_marketing: false,
    cancel_reason: order.cancelReason, cancelled_at: at(order.cancelledMs, shop), closed_at: at(order.closedMs, shop),
    confirmation_number: confirmationNumber(order.id), confirmed: true, contact_email: customer.email,
    created_at: at(order.createdMs, shop), currency: shop.currency,
    current_subtotal_price: formatCents(order.cancelledMs === null ? subtotal : 0),
    current_subtotal_price_set: money(order.cancelledMs === null ? subtotal : 0, shop),
    current_total_discounts: '0.00', current_total_price: formatCents(current), current_total_price_set: money(current, shop),
    current_total_tax: '0.00', customer_locale: 'en', discount_codes: [], email: customer.email, estimated_taxes: false,
    financial_status: order.financialStatus, fulfillment_status: fulfillmentStatus(order),
    landing_site: null, location_id: null, name: `#${1000 + order.number}`, note: order.note, note_attributes: order.noteAttributes,
    number: order.number, order_number: 1000 + order.number,
    payment_gateway_names: [order.financialStatus === 'pending' ? 'manual' : 'shopify_payments'],
    phone: null, presentment_currency: shop.currency, processed_at: at(order.createdMs, shop), source_name: 'web',
    subtotal_price: formatCents(subtotal), subtotal_price_set: money(subtotal, shop), tags: '', tax_lines: [],
    taxes_included: false, test: false, token: createHash('md5').update(String(order.id)).digest('hex'),
    total_discounts: '0.00', total_discounts_set: money(0, shop),
    total_line_items_price: formatCents(subtotal), total_line_items_price_set: money(subtotal, shop),
    total_outstanding: formatCents(outstanding), total_price: formatCents(total), total_price_set: money(total, shop),
    total_shipping_price_set: money(order.shippingCents, shop), total_tax: '0.00', total_tax_set: money(0, shop),
    total_weight: 0, updated_at: at(order.updatedMs, shop), user_id: null,
    billing_address: addressJson(customer.address), customer: customerJson(order, shop),
    discount_applications: [],
    fulfillments: order.fulfillments.map((f) => fulfillmentJson(order, f, shop)),
    line_items: order.lines.map((l) => lineItemJson(order, l, l.qty, shop)),
    payment_terms: null, refunds: [],
    shipping_address: addressJson(order.shippingAddress),
    shipping_lines: [{ id: order.id + 1n, code: 'Standard', price: formatCents(order.shippingCents), price_set: money(order.shippingCents, shop), source: 'shopify', title: 'Standard', tax_lines: [], discount_allocations: [] }],
  };
}

function confirmationNumber(id: bigint): string {
  return (id % 36n ** 9n).toString(36).toUpperCase().padStart(9, 'X');
}

function addressJson(a: Address): Record<string, unknown> {
  return {
    first_name: a.firstName, last_name: a.lastName, name: `${a.firstName} ${a.lastName}`, address1: a.address1, address2: '',
    city: a.city, province: a.province, province_code: a.provinceCode, zip: a.zip, country: 'United States', country_code: 'US',
    phone: a.phone, company: null, latitude: null, longitude: null,
  };
}

function customerJson(order: ShopifyOrder, shop: Shop): Record<string, unknown> {
  const { customerId, email, address } = order.buyer;
  return {
    id: customerId, email, created_at: at(order.createdMs, shop), updated_at: at(order.createdMs, shop),
    first_name: address.firstName, last_name: address.lastName, state: 'disabled', note: null, verified_email: true,
    tax_exempt: false, phone: null, tags: '', currency: shop.currency, admin_graphql_api_id: `gid://shopify/Customer/${customerId}`,
    default_address: { id: customerId, customer_id: customerId, ...addressJson(address), default: true },
  };
}

function lineItemJson(order: ShopifyOrder, line: LineItem, quantity: number, shop: Shop): Record<string, unknown> {
  const { variant } = line;
  const variantTitle = variant.title === 'Default Title' ? null : variant.title;
  const title = variant.productTitle;
  return {
    id: line.id, admin_graphql_api_id: `gid://shopify/LineItem/${line.id}`, attributed_staffs: [],
    current_quantity: order.cancelledMs === null ? line.qty : 0,
    fulfillable_quantity: order.cancelledMs === null ? line.qty - line.fulfilledQty : 0,
    fulfillment_service: 'manual',
    fulfillment_status: line.fulfilledQty === 0 ? null : line.fulfilledQty === line.qty ? 'fulfilled' : 'partial',
    gift_card: false, grams: 0, name: variantTitle ? `${title} - ${variantTitle}` : title,
    price: formatCents(line.priceCents), price_set: money(line.priceCents, shop), product_exists: true,
    product_id: variant.productId, properties: [], quantity, requires_shipping: true, sku: variant.sku, taxable: true,
    title, total_discount: '0.00', total_discount_set: money(0, shop), variant_id: variant.id,
    variant_inventory_management: 'shopify', variant_title: variantTitle, vendor: null, tax_lines: [], duties: [], discount_allocations: [],
  };
}

export function fulfillmentJson(order: ShopifyOrder, f: Fulfillment, shop: Shop): Record<string, unknown> {
  return {
    id: f.id, order_id: order.id, status: 'success', created_at: at(f.createdMs, shop), service: 'manual',
    updated_at: at(f.createdMs, shop), tracking_company: f.tracking.company, shipment_status: null, location_id: LOCATION_ID,
    origin_address: null, line_items: f.lines.map(({ line, qty }) => lineItemJson(order, line, qty, shop)),
    tracking_number: f.tracking.number, tracking_numbers: f.tracking.number ? [f.tracking.number] : [],
    tracking_url: f.tracking.url, tracking_urls: f.tracking.url ? [f.tracking.url] : [],
    receipt: {}, name: f.name, admin_graphql_api_id: `gid://shopify/Fulfillment/${f.id}`,
  };
}

export function inventoryLevelJson(variant: Variant, shop: Shop): Record<string, unknown> {
  return {
    inventory_item_id: variant.inventoryItemId, location_id: LOCATION_ID, available: variant.available,
    updated_at: at(variant.levelUpdatedMs, shop),
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${LOCATION_ID}?inventory_item_id=${variant.inventoryItemId}`,
  };
}
