/**
 * Shopify orders/create webhooks from their own thread: `count` paid orders over `skus`, each body
 * signed as Shopify signs (base64 HMAC-SHA256 of the raw body with the app secret) and sent with
 * the five headers Shopify sends, `concurrency` in flight over keep-alive node:http.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ url: string, secret: string, count: number, concurrency: number, skus: string[], idBase: string }} */
const job = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
const target = new URL(job.url);
const now = new Date().toISOString().slice(0, 19) + 'Z';

function orderBody(i) {
  const id = `${job.idBase}${String(i).padStart(6, '0')}`;
  const sku = job.skus[(i * 7919) % job.skus.length];
  const line = { id: `${id}1`, sku, quantity: 1, price: '2.00', title: sku, variant_id: null, product_id: null, fulfillable_quantity: 1, current_quantity: 1 };
  return `{"id":${id},"name":"#B${i}","created_at":"${now}","updated_at":"${now}","currency":"USD","total_price":"2.00",`
    + `"financial_status":"paid","fulfillment_status":null,"cancelled_at":null,"email":"bench@example.com","line_items":[${JSON.stringify(line).replace(`"id":"${id}1"`, `"id":${id}1`)}]}`;
}

function post(i) {
  const body = orderBody(i);
  const hmac = createHmac('sha256', job.secret).update(body).digest('base64');
  return new Promise((resolve, reject) => {
    const request = http.request({
      agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers: {
        'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-shopify-hmac-sha256': hmac,
        'x-shopify-topic': 'orders/create', 'x-shopify-webhook-id': `bench-${job.idBase}-${i}`, 'x-shopify-shop-domain': 'bench.myshopify.com',
        'x-shopify-api-version': '2025-07', 'x-shopify-triggered-at': new Date().toISOString(),
      },
    }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const statuses = new Map();
let next = 0;
const started = process.hrtime.bigint();
await Promise.all(Array.from({ length: job.concurrency }, async () => {
  while (next < job.count) {
    const status = await post(next++);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
}));
parentPort.postMessage({ seconds: Number(process.hrtime.bigint() - started) / 1e9, statuses: Object.fromEntries(statuses) });
agent.destroy();
