import type { HubServices } from '../hub.ts';

const locations = [
  { code: 'WH-SH', name: 'Shanghai warehouse', kind: 'warehouse' as const },
  { code: 'WH-LA', name: 'Los Angeles 3PL', kind: '3pl' as const },
  { code: 'STORE-HZ', name: 'Hangzhou store', kind: 'store' as const },
];

const products = [
  { sku: 'TEA-LONGJING-250', name: '西湖龙井 Longjing green tea 250 g', unitCost: '38.00', price: '128.00', currency: 'CNY', stock: { 'WH-SH': 400, 'STORE-HZ': 40 } },
  { sku: 'TEA-PUER-357', name: '普洱茶饼 Pu-erh cake 357 g', unitCost: '55.00', price: '198.00', currency: 'CNY', stock: { 'WH-SH': 150 } },
  { sku: 'CUP-CELADON', name: '青瓷茶杯 Celadon cup', unitCost: '12.00', price: '49.00', currency: 'CNY', stock: { 'WH-SH': 600, 'WH-LA': 120 } },
  { sku: 'POT-YIXING', name: '紫砂壶 Yixing teapot', unitCost: '90.00', price: '399.00', currency: 'CNY', stock: { 'WH-SH': 60, 'WH-LA': 12 } },
  { sku: 'TSHIRT-BLK-M', name: 'Logo T-shirt black M', unitCost: '4.20', price: '19.90', currency: 'USD', stock: { 'WH-LA': 300 } },
  { sku: 'TSHIRT-BLK-L', name: 'Logo T-shirt black L', unitCost: '4.20', price: '19.90', currency: 'USD', stock: { 'WH-LA': 250 } },
];

/** Gives a newcomer something to look at: only on an empty catalog, so it never touches real data. */
export async function seedDemoCatalog(hub: HubServices): Promise<{ products: number; locations: number } | undefined> {
  const existing = await hub.catalog.listProducts({ limit: 1, includeArchived: true });
  if (existing.items.length > 0) return undefined;
  for (const l of locations) await hub.inventory.createLocation(l);
  for (const p of products) {
    const { stock, ...product } = p;
    await hub.catalog.createProduct(product);
    for (const [location, qty] of Object.entries(stock)) {
      await hub.inventory.receive({ sku: p.sku, location, qty, idempotencyKey: `demo-seed:${p.sku}:${location}`, reference: 'demo seed' }, 'demo');
    }
  }
  await hub.catalog.createProduct({
    sku: 'GIFT-TEA-SET', name: '茶具礼盒 Tea gift set (teapot + 4 cups + Longjing)', unitCost: '176.00', price: '599.00', currency: 'CNY',
    components: [{ sku: 'POT-YIXING', qty: 1 }, { sku: 'CUP-CELADON', qty: 4 }, { sku: 'TEA-LONGJING-250', qty: 1 }],
  });
  return { products: products.length + 1, locations: locations.length };
}
