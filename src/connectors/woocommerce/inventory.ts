/**
 * WooCommerce stock: a listing is a simple product (platformVariantId null) or one variation of a
 * variable product. stock_quantity counts only while manage_stock is true (PLATFORMS.md §2 "Stock"),
 * so every push sets both. Pushes go through the batch endpoints, at most 100 objects a call.
 */
import { arrayOf, countOf, idOf, isRecord, jsonIdOf, optionalIdOf, recordOf, textOf, type JsonRecord } from '../payload.ts';
import { PlatformError, type ConnectionContext, type ListingRef, type StockAck } from '../types.ts';
import { wooCall, wooPages, WC_V3 } from './rest.ts';

/** woocommerce_rest_batch_items_limit: more objects in one batch is a 413. */
export const WOO_BATCH_LIMIT = 100;

type Update = { listing: ListingRef; qty: number };

/** The collection a listing's stock is set through: products, or its parent's variations. */
function collectionOf(listing: ListingRef): string {
  return listing.platformVariantId === null ? `${WC_V3}/products` : `${WC_V3}/products/${idOf(listing.platformItemId, 'product id')}/variations`;
}

const objectIdOf = (listing: ListingRef) => listing.platformVariantId ?? listing.platformItemId;

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * Sets absolute quantities (a retried batch is harmless). A batch answers per object: the object as
 * saved, or {id, error}. Any object refused makes the push fail after every batch was sent.
 */
export async function pushWooStock(ctx: ConnectionContext, updates: Update[]): Promise<StockAck[]> {
  const acks = new Map<Update, StockAck>();
  const refused: { listing: ListingRef; code: string; message: string }[] = [];
  for (const [collection, group] of groupBy(updates, (u) => collectionOf(u.listing))) {
    for (let start = 0; start < group.length; start += WOO_BATCH_LIMIT) {
      const chunk = group.slice(start, start + WOO_BATCH_LIMIT);
      const reply = await wooCall(ctx, `${collection}/batch`, {
        method: 'POST',
        json: { update: chunk.map(({ listing, qty }) => ({ id: jsonIdOf(objectIdOf(listing), 'listing id'), stock_quantity: qty, manage_stock: true })) },
      });
      const answered = new Map<string, JsonRecord>();
      for (const [i, value] of arrayOf(recordOf(reply.body, 'batch response').update, 'update').entries()) {
        const entry = recordOf(value, `update[${i}]`);
        const id = optionalIdOf(entry.id);
        if (id !== null) answered.set(id, entry);
      }
      for (const update of chunk) {
        const entry = answered.get(objectIdOf(update.listing));
        const error = isRecord(entry?.error) ? entry.error : null;
        if (!entry || error) {
          refused.push({ listing: update.listing, code: textOf(error?.code) ?? 'missing_from_reply', message: textOf(error?.message) ?? 'not in the batch reply' });
          continue;
        }
        acks.set(update, { listing: update.listing, qty: update.qty, acknowledgedQty: quantityOf(entry), raw: stockSummaryOf(entry) });
      }
    }
  }
  if (refused.length > 0) {
    const detail = refused.map((r) => `${r.listing.sellerSku || objectIdOf(r.listing)}: ${r.code} (${r.message})`).join('; ');
    throw new PlatformError('permanent', `WooCommerce refused stock for ${refused.length} listing(s): ${detail}`, null, refused[0]!.code);
  }
  return updates.map((u) => acks.get(u)!);
}

/** stock_quantity is null while WooCommerce does not manage the object's stock. */
function quantityOf(object: JsonRecord): number | null {
  return object.stock_quantity === null || object.stock_quantity === undefined ? null : countOf(object.stock_quantity, 'stock_quantity');
}

/** What to keep of an acknowledged object (the whole product is kilobytes of catalogue text). */
function stockSummaryOf(object: JsonRecord): JsonRecord {
  const { id, sku, manage_stock, stock_quantity, stock_status, date_modified_gmt } = object;
  return { id, sku, manage_stock, stock_quantity, stock_status, date_modified_gmt };
}

/**
 * Every simple product, and every variation of every variable product. Grouped and external
 * products hold no stock of their own; a variable parent's stock is not a listing either.
 */
export async function* listWooListings(ctx: ConnectionContext): AsyncIterable<ListingRef[]> {
  for await (const products of wooPages(ctx, `${WC_V3}/products`, new URLSearchParams({ orderby: 'id', order: 'asc' }))) {
    const refs: ListingRef[] = [];
    for (const [i, value] of products.entries()) {
      const product = recordOf(value, `products[${i}]`);
      const productId = idOf(product.id, `products[${i}].id`);
      const type = textOf(product.type) ?? 'simple';
      if (type === 'grouped' || type === 'external') continue;
      if (type !== 'variable') {
        refs.push({ platformItemId: productId, platformVariantId: null, platformLocationId: null, sellerSku: textOf(product.sku) ?? '' });
        continue;
      }
      for await (const variations of wooPages(ctx, `${WC_V3}/products/${productId}/variations`, new URLSearchParams({ orderby: 'id', order: 'asc' }))) {
        for (const [v, variation] of variations.entries()) {
          const object = recordOf(variation, `variations[${v}]`);
          refs.push({ platformItemId: productId, platformVariantId: idOf(object.id, `variations[${v}].id`), platformLocationId: null, sellerSku: textOf(object.sku) ?? '' });
        }
      }
    }
    yield refs;
  }
}

/** What WooCommerce shows, read with include= lists; an object gone or not stock-managed is left out. */
export async function readWooStock(ctx: ConnectionContext, listings: ListingRef[]): Promise<{ listing: ListingRef; qty: number }[]> {
  const shown = new Map<string, number>();
  for (const [collection, group] of groupBy(listings, collectionOf)) {
    for (let start = 0; start < group.length; start += WOO_BATCH_LIMIT) {
      const ids = group.slice(start, start + WOO_BATCH_LIMIT).map(objectIdOf);
      for await (const objects of wooPages(ctx, collection, new URLSearchParams({ include: ids.join(',') }))) {
        for (const [i, value] of objects.entries()) {
          const object = recordOf(value, `${collection}[${i}]`);
          const qty = quantityOf(object);
          if (qty !== null) shown.set(`${collection}:${idOf(object.id, 'id')}`, qty);
        }
      }
    }
  }
  return listings.flatMap((listing) => {
    const qty = shown.get(`${collectionOf(listing)}:${objectIdOf(listing)}`);
    return qty === undefined ? [] : [{ listing, qty }];
  });
}
