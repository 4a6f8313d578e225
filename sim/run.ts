/**
 * Starts the Shopify and Taobao simulators for manual use and prints how to reach them:
 *   tsx sim/run.ts [--seed 1] [--shopify-port 0] [--taobao-port 0] [--webhook http://…] [--review-share 0.25]
 * Then e.g.  curl -XPOST <url>/_sim/generate -d '{"count":100,"perSecond":5}'  and  curl <url>/_sim/state
 */
import { parseArgs } from 'node:util';
import { SAMPLE_CATALOG } from './common/catalog.ts';
import { startShopifySim } from './shopify/index.ts';
import { startTaobaoSim } from './taobao/index.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    'shopify-port': { type: 'string', default: '0' },
    'taobao-port': { type: 'string', default: '0' },
    webhook: { type: 'string' },
    'review-share': { type: 'string', default: '0' },
  },
});

const seed = Number(values.seed);
const demand = { reviewShare: Number(values['review-share']) };
const shopify = await startShopifySim({
  catalog: SAMPLE_CATALOG, seed, demand, port: Number(values['shopify-port']), webhookAddress: values.webhook ?? null,
});
const taobao = await startTaobaoSim({ catalog: SAMPLE_CATALOG, seed, demand, port: Number(values['taobao-port']) });

console.log(`Shopify simulator  ${shopify.url}/admin/api/${shopify.apiVersion}/  (shop ${shopify.shopDomain}, location ${shopify.locationId})`);
console.log(`  X-Shopify-Access-Token: ${shopify.credentials.accessToken}`);
console.log(`  webhook secret (apiSecret): ${shopify.credentials.apiSecret}`);
console.log(`  webhooks to: ${values.webhook ?? '(none; POST {"address":…} to /_sim/webhooks)'}`);
console.log(`Taobao TOP simulator  ${taobao.gatewayUrl}`);
console.log(`  app_key ${taobao.credentials.appKey}  app_secret ${taobao.credentials.appSecret}  session ${taobao.credentials.session}`);
console.log('Control: POST /_sim/generate {count, perSecond} · POST /_sim/faults {...} · GET /_sim/state · POST /_sim/reset · POST /_sim/idle');

async function stop(): Promise<void> {
  await Promise.all([shopify.close(), taobao.close()]);
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
