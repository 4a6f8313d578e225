/** The catalog a simulator starts with, and money in integer cents. */

export interface CatalogEntry {
  /** Seller SKU code (Shopify variant sku, Taobao outer_sku_id / outer_id). */
  sku: string;
  /** Quantity the platform lists at start. */
  qty: number;
  /** Unit price, e.g. "19.90" or 19.9. */
  price: string | number;
  /** The product's title; for an entry with `product`, the variant's title (e.g. "M"). */
  title?: string;
  /**
   * Entries naming the same product become one Shopify product / one Taobao item with several
   * SKUs. An entry without it is a product of its own: a single-variant Shopify product, a Taobao
   * item without SKUs.
   */
  product?: string;
}

export interface ProductGroup {
  title: string;
  /** False for an entry that is its own product (see CatalogEntry.product). */
  hasVariants: boolean;
  entries: CatalogEntry[];
}

export function groupCatalog(catalog: readonly CatalogEntry[]): ProductGroup[] {
  const groups = new Map<string, ProductGroup>();
  for (const entry of catalog) {
    const key = entry.product === undefined ? `sku:${entry.sku}` : `product:${entry.product}`;
    const group = groups.get(key) ?? { title: entry.product ?? entry.title ?? entry.sku, hasVariants: entry.product !== undefined, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Throws when the catalog cannot be simulated: empty, duplicate SKUs, bad quantities or prices. */
export function checkCatalog(catalog: readonly CatalogEntry[]): void {
  if (catalog.length === 0) throw new Error('the catalog is empty');
  const seen = new Set<string>();
  for (const entry of catalog) {
    if (!entry.sku) throw new Error('a catalog entry has no sku');
    if (seen.has(entry.sku)) throw new Error(`sku ${entry.sku} appears twice in the catalog`);
    seen.add(entry.sku);
    if (!Number.isInteger(entry.qty) || entry.qty < 0) throw new Error(`sku ${entry.sku}: qty must be a whole number >= 0`);
    toCents(entry.price);
  }
}

export function toCents(price: string | number): number {
  const cents = Math.round(Number(price) * 100);
  if (!Number.isFinite(cents) || cents < 0) throw new Error(`invalid price ${price}`);
  return cents;
}

/** "19.90": both platforms write money as a decimal string with two places. */
export function formatCents(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** A small catalog for the command line, with the SKU codes of the hub's demo data (src/demo/seed.ts). */
export const SAMPLE_CATALOG: CatalogEntry[] = [
  { sku: 'TEA-LONGJING-250', qty: 40, price: '128.00', title: 'Longjing green tea 250 g' },
  { sku: 'TEA-PUER-357', qty: 30, price: '198.00', title: 'Pu-erh cake 357 g' },
  { sku: 'CUP-CELADON', qty: 60, price: '49.00', title: 'Celadon cup' },
  { sku: 'POT-YIXING', qty: 12, price: '399.00', title: 'Yixing teapot' },
  { sku: 'TSHIRT-BLK-M', qty: 50, price: '19.90', title: 'M', product: 'Logo T-shirt black' },
  { sku: 'TSHIRT-BLK-L', qty: 40, price: '19.90', title: 'L', product: 'Logo T-shirt black' },
  { sku: 'GIFT-TEA-SET', qty: 8, price: '599.00', title: 'Tea gift set' },
];
