import type { Connection, ConnectionInput } from '../channels/index.ts';
import type { Hub } from '../hub.ts';
import { startSims, type RunningSims, type SimCatalogEntry } from './sims.ts';

/**
 * The demo's shop: one warehouse, a dozen SKUs sold on both channels. The simulators' buyers favour
 * earlier SKUs (1/rank^1.1), so the opening stock follows the same curve: a day's trading (a few
 * thousand orders) leaves every SKU with some, as a merchant's replenishment would. `omnisync demo
 * --stock scarce` starts every SKU low instead, to watch sell-outs and the last-units rule.
 */
export function demoProducts(stock: 'ample' | 'scarce' = 'ample') {
  return Array.from({ length: 12 }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    const popularity = 1 / (i + 1) ** 1.1;
    const qty = stock === 'ample' ? Math.round(2_600 * popularity) + 200 : 60 + 20 * (i % 4);
    return { sku: `DEMO-${n}`, name: `Demo product ${n}`, unitCost: (4 + i).toFixed(2), price: (9.9 + i * 3).toFixed(2), stock: qty };
  });
}

/** Both channels hide the last units: a channel that learns of sales late (a pull, an outage) cannot sell them twice. */
export const demoAllocation = { zeroAtOrBelow: 3 };

export interface DemoWorld {
  sims: RunningSims;
  connections: { shopify: string; taobao: string };
  stop(): Promise<void>;
}

async function must<T>(result: { ok: true; value: T } | { ok: false; message: string }, what: string): Promise<T> {
  if (!result.ok) throw new Error(`${what}: ${result.message}`);
  return result.value;
}

export async function seedDemoStock(hub: Hub, stock: 'ample' | 'scarce' = 'ample'): Promise<void> {
  if ((await hub.inventory.getLocation('WH-DEMO')).ok) return;
  await must(await hub.inventory.createLocation({ code: 'WH-DEMO', name: 'Demo warehouse', kind: 'warehouse' }), 'location');
  for (const p of demoProducts(stock)) {
    await must(await hub.catalog.createProduct({ sku: p.sku, name: p.name, unitCost: p.unitCost, price: p.price, currency: 'USD' }), p.sku);
    await must(await hub.inventory.receive({ sku: p.sku, location: 'WH-DEMO', qty: p.stock, idempotencyKey: `demo:${p.sku}`, reference: 'demo opening stock' }, 'demo'), p.sku);
  }
}

/**
 * Starts both simulators, connects the hub to them (listings mapped by seller SKU, webhooks pointed
 * at the hub) and pushes every listing's quantity once, so both channels start from the hub's truth.
 */
export interface DemoWorldOptions {
  seed: number;
  reviewShare?: number;
  stock?: 'ample' | 'scarce';
  /** Connection names: the live demo keeps one pair across restarts (and repoints it); runs use fresh ones. */
  names?: { shopify: string; taobao: string };
}

/** Creates the connection, or repoints the one with that name at the simulator just started. */
async function connect(hub: Hub, input: ConnectionInput): Promise<Connection> {
  const existing = (await hub.channels.list()).find((c) => c.name === input.name);
  if (!existing) return must(await hub.channels.create(input), input.name);
  return must(await hub.channels.update(existing.id, { baseUrl: input.baseUrl, credentials: input.credentials, status: 'active' }), input.name);
}

export async function startDemoWorld(hub: Hub, hubUrl: string, options: DemoWorldOptions): Promise<DemoWorld> {
  await seedDemoStock(hub, options.stock);
  const products = demoProducts(options.stock);
  const catalog: SimCatalogEntry[] = products.map((p) => ({ sku: p.sku, qty: p.stock, price: p.price, title: p.name }));
  const sims = await startSims({ seed: options.seed, catalog, ...(options.reviewShare !== undefined ? { reviewShare: options.reviewShare } : {}) });
  try {
    const suffix = `${options.seed}-${Date.now()}`;
    const names = options.names ?? { shopify: `Demo Shopify ${suffix}`, taobao: `Demo Tmall ${suffix}` };
    const shopify = await connect(hub, {
      name: names.shopify, platform: 'shopify', baseUrl: sims.shopify.url, allocation: demoAllocation,
      credentials: { accessToken: sims.shopify.accessToken, apiSecret: sims.shopify.apiSecret, apiVersion: sims.shopify.apiVersion, locationId: sims.shopify.locationId, shopDomain: sims.shopify.shopDomain },
    });
    const taobao = await connect(hub, {
      name: names.taobao, platform: 'taobao', baseUrl: sims.taobao.url, allocation: demoAllocation,
      credentials: { appKey: sims.taobao.appKey, appSecret: sims.taobao.appSecret, session: sims.taobao.session },
    });
    for (const c of [shopify, taobao]) await must(await hub.channels.refreshListings(c.id), `${c.name} listings`);
    await sims.control('shopify', 'webhooks', { address: `${hubUrl}/webhooks/shopify/${shopify.id}` });
    for (const c of [shopify, taobao]) await hub.sync.pushConnection(c.id);
    return {
      sims,
      connections: { shopify: shopify.id, taobao: taobao.id },
      stop: () => sims.stop(),
    };
  } catch (err) {
    await sims.stop();
    throw err;
  }
}
