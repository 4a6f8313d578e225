import type { Connection, ConnectionInput } from '../channels/index.ts';
import type { Hub } from '../hub.ts';
import type { Partner, PartnerInput } from '../partners/index.ts';
import { startSims, type RunningSims, type SimCatalogEntry, type SimLaunchConfig } from './sims.ts';

/**
 * The demo's shop: one warehouse run by a WMS, an ERP beside it, a dozen SKUs sold on four channels.
 * The simulators' buyers favour earlier SKUs (1/rank^1.1), so the opening stock follows the same
 * curve: a day's trading (a few thousand orders) leaves every SKU with some, as a merchant's
 * replenishment would. `omnisync demo --stock scarce` starts every SKU low instead, to watch
 * sell-outs and the last-units rule.
 */
export function demoProducts(stock: 'ample' | 'scarce' = 'ample') {
  return Array.from({ length: 12 }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    const popularity = 1 / (i + 1) ** 1.1;
    const qty = stock === 'ample' ? Math.round(4_000 * popularity) + 300 : 60 + 20 * (i % 4);
    return { sku: `DEMO-${n}`, name: `Demo product ${n}`, unitCost: (4 + i).toFixed(2), price: (9.9 + i * 3).toFixed(2), stock: qty };
  });
}

export const DEMO_WAREHOUSE = 'WH-DEMO';
export const CHANNELS = ['shopify', 'taobao', 'woocommerce', 'amazon'] as const;
export type DemoChannel = (typeof CHANNELS)[number];

/**
 * How some shops spell a SKU: WooCommerce in lower case, Tmall in full-width characters (the
 * mapping's normalisation reads both), and Amazon under a code of its own that only an alias maps:
 * its orders wait as UNMAPPED_SKU until the demo adds the alias halfway through.
 */
export const DEMO_SPELLINGS: Partial<Record<DemoChannel, Record<string, string>>> = {
  woocommerce: { 'DEMO-002': 'demo-002' },
  taobao: { 'DEMO-003': 'ＤＥＭＯ－００３' },
  amazon: { 'DEMO-005': 'AMZ-DEMO-5' },
};
export const DEMO_ALIASES: { channel: DemoChannel; code: string; sku: string }[] = [{ channel: 'amazon', code: 'AMZ-DEMO-5', sku: 'DEMO-005' }];

/** The master SKU of a code a demo shop lists. */
export function masterOfDemoCode(code: string): string {
  for (const spellings of Object.values(DEMO_SPELLINGS)) for (const [sku, spelled] of Object.entries(spellings)) if (spelled === code) return sku;
  return code;
}

/** Every channel hides the last units: a channel that learns of sales late (a pull, an outage) cannot sell them twice. */
export const demoAllocation = { zeroAtOrBelow: 3 };

export interface DemoWorld {
  sims: RunningSims;
  connections: Record<DemoChannel, string>;
  partners: { erp: string; wms: string };
  stop(): Promise<void>;
}

async function must<T>(result: { ok: true; value: T } | { ok: false; message: string }, what: string): Promise<T> {
  if (!result.ok) throw new Error(`${what}: ${result.message}`);
  return result.value;
}

export async function seedDemoStock(hub: Hub, stock: 'ample' | 'scarce' = 'ample'): Promise<void> {
  if ((await hub.inventory.getLocation(DEMO_WAREHOUSE)).ok) return;
  await must(await hub.inventory.createLocation({ code: DEMO_WAREHOUSE, name: 'Demo warehouse', kind: 'warehouse' }), 'location');
  for (const p of demoProducts(stock)) {
    await must(await hub.catalog.createProduct({ sku: p.sku, name: p.name, unitCost: p.unitCost, price: p.price, currency: 'USD' }), p.sku);
    await must(await hub.inventory.receive({ sku: p.sku, location: DEMO_WAREHOUSE, qty: p.stock, idempotencyKey: `demo:${p.sku}`, reference: 'demo opening stock' }, 'demo'), p.sku);
  }
}

export interface DemoWorldOptions {
  seed: number;
  reviewShare?: number;
  stock?: 'ample' | 'scarce';
  /** Connection and partner names get this suffix; the live demo keeps one set across restarts (and repoints it), runs use fresh ones. */
  nameSuffix?: string;
  /** The warehouse's pick delay: long enough that a channel's cancellation reaches it first. */
  shipDelayMs?: [number, number];
}

/** Creates the connection, or repoints the one with that name at the simulator just started. */
async function connect(hub: Hub, input: ConnectionInput): Promise<Connection> {
  const existing = (await hub.channels.list()).find((c) => c.name === input.name);
  if (!existing) return must(await hub.channels.create(input), input.name);
  return must(await hub.channels.update(existing.id, { baseUrl: input.baseUrl, credentials: input.credentials, status: 'active' }), input.name);
}

async function partner(hub: Hub, input: PartnerInput): Promise<Partner> {
  const existing = (await hub.partners.list()).find((p) => p.name === input.name);
  if (!existing) return must(await hub.partners.create(input), input.name);
  // A new simulator numbers its events and feeds from the start again.
  return must(await hub.partners.update(existing.id, { baseUrl: input.baseUrl, credentials: input.credentials, status: 'active', resetCursors: true }), input.name);
}

function launchConfig(options: DemoWorldOptions, stockOnHand: Map<string, number>): SimLaunchConfig {
  const products = demoProducts(options.stock);
  const catalogFor = (channel: DemoChannel): SimCatalogEntry[] => products.map((p) => ({
    sku: DEMO_SPELLINGS[channel]?.[p.sku] ?? p.sku, qty: p.stock, price: p.price, title: p.name,
  }));
  return {
    reviewShare: options.reviewShare ?? 0,
    harmlessMessageShare: (options.reviewShare ?? 0) > 0 ? 0.1 : 0,
    catalogs: Object.fromEntries(CHANNELS.map((c) => [c, catalogFor(c)])),
    shopifyRateLimit: { bucketSize: 400, leakPerSecond: 20 },
    // getOrders hides the last 2 minutes of orders; a demo run that ends in minutes shortens it to 10 s.
    amazonOrdersLagMs: 10_000,
    erp: { products: products.map((p) => ({ sku: p.sku, name: p.name, unitCost: p.unitCost, price: p.price })), locations: [DEMO_WAREHOUSE] },
    wms: {
      warehouses: [{ code: DEMO_WAREHOUSE, stock: [...stockOnHand].map(([sku, qty]) => ({ sku, qty })) }],
      shipDelayMs: options.shipDelayMs ?? [25_000, 40_000], countEveryMs: 5_000,
    },
  };
}

/**
 * Starts the simulators, connects the hub to every channel (listings mapped by seller SKU, webhooks
 * pointed at the hub), the ERP and the warehouse, and pushes every listing's quantity once, so all
 * channels start from the hub's truth.
 */
export async function startDemoWorld(hub: Hub, hubUrl: string, options: DemoWorldOptions): Promise<DemoWorld> {
  await seedDemoStock(hub, options.stock);
  const onHand = new Map<string, number>();
  for (const p of demoProducts(options.stock)) {
    const level = await hub.inventory.stockOf(p.sku);
    onHand.set(p.sku, level.ok ? level.value.onHand : 0);
  }
  const sims = await startSims({ seed: options.seed, config: launchConfig(options, onHand) });
  try {
    const suffix = options.nameSuffix ?? `${options.seed}-${Date.now()}`;
    const { shopify, taobao, woocommerce, amazon, erp, wms } = sims;
    const connections = {
      shopify: await connect(hub, {
        // A Plus shop (400 calls, 20 a second): at the Standard plan's 2 a second, fulfilments of a few thousand orders queue for minutes.
        name: `Demo Shopify ${suffix}`, platform: 'shopify', baseUrl: shopify.url, allocation: demoAllocation, rateLimit: { capacity: 400, refillPerSecond: 20 },
        credentials: { accessToken: shopify.accessToken, apiSecret: shopify.apiSecret, apiVersion: shopify.apiVersion, locationId: shopify.locationId, shopDomain: shopify.shopDomain },
      }),
      taobao: await connect(hub, {
        name: `Demo Tmall ${suffix}`, platform: 'taobao', baseUrl: taobao.url, allocation: demoAllocation,
        credentials: { appKey: taobao.appKey, appSecret: taobao.appSecret, session: taobao.session },
      }),
      woocommerce: await connect(hub, {
        // The merchant's own server sets WooCommerce's pace; the demo's answers in milliseconds.
        name: `Demo WooCommerce ${suffix}`, platform: 'woocommerce', baseUrl: woocommerce!.url, allocation: demoAllocation, rateLimit: { capacity: 50, refillPerSecond: 25 },
        credentials: { consumerKey: woocommerce!.consumerKey, consumerSecret: woocommerce!.consumerSecret, webhookSecret: woocommerce!.webhookSecret },
      }),
      amazon: await connect(hub, {
        name: `Demo Amazon ${suffix}`, platform: 'amazon', baseUrl: amazon!.url, allocation: demoAllocation,
        credentials: {
          clientId: amazon!.clientId, clientSecret: amazon!.clientSecret, refreshToken: amazon!.refreshToken, sellerId: amazon!.sellerId,
          marketplaceId: amazon!.marketplaceId, notificationSecret: amazon!.notificationSecret, lwaUrl: amazon!.lwaUrl,
        },
      }),
    };
    // The simulated Tmall shop prices in yuan the same numbers as the USD list prices: the price rule converts at 1.
    await hub.review.saveSettings(connections.taobao.id, { price: { exchangeRates: { 'USD>CNY': 1 } } }, 'demo');
    const erpPartner = await partner(hub, { name: `Demo ERP ${suffix}`, adapter: 'erp-rest', baseUrl: erp!.url, credentials: { apiKey: erp!.apiKey } });
    const wmsPartner = await partner(hub, {
      name: `Demo WMS ${suffix}`, adapter: 'wms-rest', baseUrl: wms!.url, credentials: { apiKey: wms!.apiKey, webhookSecret: wms!.webhookSecret }, locations: [DEMO_WAREHOUSE],
    });
    for (const c of Object.values(connections)) await must(await hub.channels.refreshListings(c.id), `${c.name} listings`);
    for (const c of ['shopify', 'woocommerce', 'amazon'] as const) {
      await sims.control(c, 'webhooks', { address: `${hubUrl}/webhooks/${c}/${connections[c].id}` });
    }
    await sims.control('wms', 'webhooks', { address: `${hubUrl}/webhooks/partners/${wmsPartner.id}` });
    for (const c of Object.values(connections)) await hub.sync.pushConnection(c.id);
    return {
      sims,
      connections: Object.fromEntries(CHANNELS.map((c) => [c, connections[c].id])) as Record<DemoChannel, string>,
      partners: { erp: erpPartner.id, wms: wmsPartner.id },
      stop: () => sims.stop(),
    };
  } catch (err) {
    await sims.stop();
    throw err;
  }
}
