/**
 * Orders, products and variations in the REST v3 shape (fixtures/platforms/woocommerce:
 * orders.list.json, products.batch.response.json), written as WordPress writes JSON.
 */
import { formatCents } from '../common/catalog.ts';
import { stringifyJson } from '../common/json.ts';
import type { WooAddress } from './buyers.ts';
import type { OrderNote, Sellable, TrackingItem, WooLine, WooOrder, WooProduct } from './store.ts';

export interface Site {
  /** The site's home URL (the simulator's own, once it listens). */
  url: string;
  currency: string;
  utcOffsetMinutes: number;
}

/**
 * wp_json_encode: PHP's json_encode escapes "/" as "\/" and every non-ASCII character as \uXXXX.
 * Webhook signatures are over these exact bytes, so a receiver that re-serialises the JSON before
 * checking fails here as it would against a real shop.
 */
export function phpJson(value: unknown): string {
  return stringifyJson(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** "2017-03-22T16:28:02": a wall clock without an offset (local, or UTC for the *_gmt fields). */
export function wallTime(ms: number, offsetMinutes: number): string {
  return new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000).toISOString().slice(0, 19);
}

function dates(name: string, ms: number | null, site: Site): Record<string, string | null> {
  return { [name]: ms === null ? null : wallTime(ms, site.utcOffsetMinutes), [`${name}_gmt`]: ms === null ? null : wallTime(ms, 0) };
}

const link = (href: string) => [{ href }];
const api = (site: Site, path: string) => `${site.url}/wp-json/wc/v3/${path}`;

export function orderJson(order: WooOrder, site: Site): Record<string, unknown> {
  const subtotal = order.lines.reduce((sum, l) => sum + l.priceCents * l.qty, 0);
  const paidByCard = order.paymentMethod === 'stripe';
  return {
    id: order.id, parent_id: 0, number: String(order.id), order_key: order.orderKey, created_via: 'checkout', version: '9.8.5',
    status: order.status, currency: site.currency,
    ...dates('date_created', order.createdMs, site), ...dates('date_modified', order.modifiedMs, site),
    discount_total: '0.00', discount_tax: '0.00', shipping_total: formatCents(order.shippingCents), shipping_tax: '0.00',
    cart_tax: '0.00', total: formatCents(subtotal + order.shippingCents), total_tax: '0.00', prices_include_tax: false,
    customer_id: order.buyer.customerId, customer_ip_address: '203.0.113.7', customer_user_agent: 'mozilla/5.0 (x11; linux x86_64; rv:128.0) gecko/20100101 firefox/128.0',
    customer_note: order.customerNote,
    billing: { ...addressJson(order.buyer.billing), email: order.buyer.email, phone: order.buyer.phone },
    shipping: { ...addressJson(order.shipping), phone: '' },
    payment_method: order.paymentMethod, payment_method_title: paidByCard ? 'Credit Card (Stripe)' : 'Direct bank transfer',
    transaction_id: paidByCard && order.paidMs !== null ? `ch_${order.orderKey.slice(9)}` : '',
    ...dates('date_paid', order.paidMs, site), ...dates('date_completed', order.completedMs, site),
    cart_hash: '', meta_data: order.meta.map((m) => ({ id: m.id, key: m.key, value: m.value })),
    line_items: order.lines.map(lineJson),
    tax_lines: [],
    shipping_lines: [{ id: order.lines[0]!.id + 1000, method_title: 'Flat rate', method_id: 'flat_rate', instance_id: '1', total: formatCents(order.shippingCents), total_tax: '0.00', taxes: [], meta_data: [] }],
    fee_lines: [], coupon_lines: [], refunds: [], payment_url: `${site.url}/checkout/order-pay/${order.id}/?pay_for_order=true&key=${order.orderKey}`,
    is_editable: order.status === 'pending' || order.status === 'on-hold', needs_payment: order.status === 'pending', needs_processing: true,
    _links: { self: link(api(site, `orders/${order.id}`)), collection: link(api(site, 'orders')) },
  };
}

function addressJson(a: WooAddress): Record<string, string> {
  return { first_name: a.firstName, last_name: a.lastName, company: '', address_1: a.address1, address_2: '', city: a.city, state: a.state, postcode: a.postcode, country: a.country };
}

function lineJson(line: WooLine): Record<string, unknown> {
  const amount = formatCents(line.priceCents * line.qty);
  const { sellable } = line;
  return {
    id: line.id, name: line.name, product_id: sellable.productId, variation_id: sellable.variationId, quantity: line.qty, tax_class: '',
    subtotal: amount, subtotal_tax: '0.00', total: amount, total_tax: '0.00', taxes: [],
    meta_data: sellable.option === null ? [] : [{ id: line.id * 10, key: 'size', value: sellable.option, display_key: 'Size', display_value: sellable.option }],
    sku: sellable.sku, price: line.priceCents / 100,
  };
}

function stockFields(s: { manageStock: boolean; stock: number | null }): Record<string, unknown> {
  const inStock = s.stock === null || s.stock > 0;
  return { manage_stock: s.manageStock, stock_quantity: s.manageStock ? s.stock : null, stock_status: inStock ? 'instock' : 'outofstock', backorders: 'no', backorders_allowed: false, backordered: false, low_stock_amount: null };
}

const slugOf = (name: string) => name.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export function productJson(product: WooProduct, site: Site): Record<string, unknown> {
  const variable = product.type === 'variable';
  const single = product.sellables[0]!;
  const priceCents = Math.min(...product.sellables.map((s) => s.priceCents));
  const modifiedMs = Math.max(...product.sellables.map((s) => s.modifiedMs));
  const price = formatCents(priceCents);
  return {
    id: product.id, name: product.name, slug: slugOf(product.name), permalink: `${site.url}/product/${slugOf(product.name)}/`,
    ...dates('date_created', product.createdMs, site), ...dates('date_modified', modifiedMs, site),
    type: product.type, status: 'publish', featured: false, catalog_visibility: 'visible', description: '', short_description: '',
    sku: variable ? '' : single.sku, price, regular_price: variable ? '' : price, sale_price: '',
    date_on_sale_from: null, date_on_sale_from_gmt: null, date_on_sale_to: null, date_on_sale_to_gmt: null,
    price_html: `<span class="woocommerce-Price-amount amount">${price}</span>`, on_sale: false, purchasable: true, total_sales: 0,
    virtual: false, downloadable: false, downloads: [], download_limit: -1, download_expiry: -1, external_url: '', button_text: '',
    tax_status: 'taxable', tax_class: '',
    ...(variable ? stockFields({ manageStock: false, stock: product.sellables.some((s) => s.stock > 0) ? null : 0 }) : stockFields(single)),
    sold_individually: false, weight: '', dimensions: { length: '', width: '', height: '' }, shipping_required: true, shipping_taxable: true,
    shipping_class: '', shipping_class_id: 0, reviews_allowed: true, average_rating: '0.00', rating_count: 0, related_ids: [],
    upsell_ids: [], cross_sell_ids: [], parent_id: 0, purchase_note: '', categories: [{ id: 15, name: 'Uncategorized', slug: 'uncategorized' }],
    tags: [], images: [],
    attributes: variable ? [{ id: 0, name: 'Size', position: 0, visible: true, variation: true, options: product.sellables.map((s) => s.option) }] : [],
    default_attributes: [], variations: variable ? product.sellables.map((s) => s.id) : [], grouped_products: [], menu_order: 0, meta_data: [],
    _links: { self: link(api(site, `products/${product.id}`)), collection: link(api(site, 'products')) },
  };
}

export function variationJson(variation: Sellable, site: Site): Record<string, unknown> {
  const price = formatCents(variation.priceCents);
  return {
    id: variation.id, ...dates('date_created', variation.createdMs, site), ...dates('date_modified', variation.modifiedMs, site),
    description: '', permalink: `${site.url}/?p=${variation.productId}&attribute_size=${encodeURIComponent(variation.option ?? '')}`,
    sku: variation.sku, price, regular_price: price, sale_price: '', date_on_sale_from: null, date_on_sale_from_gmt: null,
    date_on_sale_to: null, date_on_sale_to_gmt: null, on_sale: false, status: 'publish', purchasable: true, virtual: false,
    downloadable: false, downloads: [], download_limit: -1, download_expiry: -1, tax_status: 'taxable', tax_class: '',
    ...stockFields(variation), weight: '', dimensions: { length: '', width: '', height: '' }, shipping_class: '', shipping_class_id: 0,
    image: null, attributes: [{ id: 0, name: 'Size', option: variation.option }], menu_order: 0, meta_data: [], parent_id: variation.productId,
    _links: {
      self: link(api(site, `products/${variation.productId}/variations/${variation.id}`)),
      collection: link(api(site, `products/${variation.productId}/variations`)), up: link(api(site, `products/${variation.productId}`)),
    },
  };
}

export function noteJson(note: OrderNote, site: Site): Record<string, unknown> {
  // Only the REST API adds notes here, as the API key's user.
  return { id: note.id, author: 'omnisync', ...dates('date_created', note.createdMs, site), note: note.note, customer_note: note.customerNote, added_by_user: true };
}

export function trackingJson(item: TrackingItem): Record<string, unknown> {
  return { tracking_id: item.id, tracking_provider: item.provider, tracking_link: item.link, tracking_number: item.number, date_shipped: item.dateShipped };
}
