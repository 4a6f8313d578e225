/**
 * Starts both simulators for a program (the hub's demo) and prints one JSON line with how to reach
 * them, then runs until SIGTERM:
 *   node --import tsx sim/launch.ts --json --seed 7 --catalog '[{"sku":"A","qty":10,"price":"9.90"}]' [--review-share 0.25]
 */
import { parseArgs } from 'node:util';
import type { CatalogEntry } from './common/catalog.ts';
import { startShopifySim } from './shopify/index.ts';
import { startTaobaoSim } from './taobao/index.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    seed: { type: 'string', default: '1' },
    catalog: { type: 'string' },
    'review-share': { type: 'string', default: '0' },
  },
});
if (!values.catalog) throw new Error('--catalog is required (a JSON array of {sku, qty, price})');
const catalog = JSON.parse(values.catalog) as CatalogEntry[];
const seed = Number(values.seed);
const demand = { reviewShare: Number(values['review-share']) };
const shopify = await startShopifySim({ catalog, seed, demand });
const taobao = await startTaobaoSim({ catalog, seed: seed + 1, demand });

process.stdout.write(`${JSON.stringify({
  shopify: { url: shopify.url, apiVersion: shopify.apiVersion, shopDomain: shopify.shopDomain, locationId: shopify.locationId, ...shopify.credentials },
  taobao: { url: taobao.url, gatewayUrl: taobao.gatewayUrl, ...taobao.credentials },
})}\n`);

async function stop(): Promise<void> {
  await Promise.all([shopify.close(), taobao.close()]);
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
