/**
 * Starts the simulators a program needs (the hub's demo) and prints one JSON line with how to reach
 * them, then runs until SIGTERM:
 *   node --import tsx sim/launch.ts --json --seed 7 --config '{"catalogs":{"shopify":[…],"taobao":[…]},"erp":{…},"wms":{…}}'
 * Each channel in `catalogs` gets its own simulator with that catalog (a shop may list a SKU under
 * its own spelling); `erp` and `wms` start the back-office simulators with those options.
 */
import { parseArgs } from 'node:util';
import type { CatalogEntry } from './common/catalog.ts';
import { startAmazonSim } from './amazon/index.ts';
import { startErpSim, type ErpSimOptions } from './erp/index.ts';
import { startShopifySim } from './shopify/index.ts';
import { startTaobaoSim } from './taobao/index.ts';
import { startWmsSim, type WmsSimOptions } from './wms/index.ts';
import { startWooSim } from './woocommerce/index.ts';

interface LaunchConfig {
  reviewShare?: number;
  harmlessMessageShare?: number;
  catalogs: Partial<Record<'shopify' | 'taobao' | 'woocommerce' | 'amazon', CatalogEntry[]>>;
  /** The Shopify shop's REST bucket (a Plus shop: 400, leaking 20 a second). */
  shopifyRateLimit?: { bucketSize?: number; leakPerSecond?: number };
  /** How long an Amazon order stays out of getOrders (the real 2 minutes by default). */
  amazonOrdersLagMs?: number;
  erp?: ErpSimOptions;
  wms?: WmsSimOptions;
}

const { values } = parseArgs({ options: { json: { type: 'boolean' }, seed: { type: 'string', default: '1' }, config: { type: 'string' } } });
if (!values.config) throw new Error('--config is required (JSON: {catalogs: {shopify: [{sku, qty, price}], …}, erp?, wms?})');
const config = JSON.parse(values.config) as LaunchConfig;
const seed = Number(values.seed);
const demand = { reviewShare: config.reviewShare ?? 0, harmlessMessageShare: config.harmlessMessageShare ?? 0 };
const { shopify: shopifyCatalog, taobao: taobaoCatalog, woocommerce: wooCatalog, amazon: amazonCatalog } = config.catalogs;

const shopify = shopifyCatalog && await startShopifySim({ catalog: shopifyCatalog, seed, demand, ...(config.shopifyRateLimit ? { rateLimit: config.shopifyRateLimit } : {}) });
const taobao = taobaoCatalog && await startTaobaoSim({ catalog: taobaoCatalog, seed: seed + 1, demand });
const woocommerce = wooCatalog && await startWooSim({ catalog: wooCatalog, seed: seed + 2, demand });
const amazon = amazonCatalog && await startAmazonSim({ catalog: amazonCatalog, seed: seed + 3, demand, ...(config.amazonOrdersLagMs !== undefined ? { ordersLagMs: config.amazonOrdersLagMs } : {}) });
const erp = config.erp && await startErpSim({ seed: seed + 4, ...config.erp });
const wms = config.wms && await startWmsSim({ seed: seed + 5, ...config.wms });

process.stdout.write(`${JSON.stringify({
  ...(shopify ? { shopify: { url: shopify.url, apiVersion: shopify.apiVersion, shopDomain: shopify.shopDomain, locationId: shopify.locationId, ...shopify.credentials } } : {}),
  ...(taobao ? { taobao: { url: taobao.url, gatewayUrl: taobao.gatewayUrl, ...taobao.credentials } } : {}),
  ...(woocommerce ? { woocommerce: { url: woocommerce.url, ...woocommerce.credentials } } : {}),
  ...(amazon ? { amazon: { url: amazon.url, ...amazon.credentials } } : {}),
  ...(erp ? { erp: { url: erp.url, ...erp.credentials } } : {}),
  ...(wms ? { wms: { url: wms.url, ...wms.credentials } } : {}),
})}\n`);

async function stop(): Promise<void> {
  await Promise.all([shopify, taobao, woocommerce, amazon, erp, wms].map((sim) => sim?.close()));
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
