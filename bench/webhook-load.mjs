/**
 * Shopify orders/create webhooks from their own thread: `count` paid orders over `skus`, each body
 * signed as Shopify signs (base64 HMAC-SHA256 of the raw body with the app secret) and sent with
 * the headers Shopify sends, `concurrency` in flight.
 */
import { createHmac } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { postLoad } from './load-client.mjs';

/** @type {{ url: string, secret: string, count: number, concurrency: number, skus: string[], idBase: string }} */
const job = workerData;
const now = new Date().toISOString().slice(0, 19) + 'Z';

function orderBody(i) {
  const id = `${job.idBase}${String(i).padStart(6, '0')}`;
  const sku = job.skus[(i * 7919) % job.skus.length];
  const line = { id: `${id}1`, sku, quantity: 1, price: '2.00', title: sku, variant_id: null, product_id: null, fulfillable_quantity: 1, current_quantity: 1 };
  return `{"id":${id},"name":"#B${i}","created_at":"${now}","updated_at":"${now}","currency":"USD","total_price":"2.00",`
    + `"financial_status":"paid","fulfillment_status":null,"cancelled_at":null,"email":"bench@example.com","line_items":[${JSON.stringify(line).replace(`"id":"${id}1"`, `"id":${id}1`)}]}`;
}

/** Signed as Shopify signs: base64 HMAC-SHA256 of the raw body with the app secret. */
function requestOf(i) {
  const body = orderBody(i);
  return {
    body,
    headers: {
      'x-shopify-hmac-sha256': createHmac('sha256', job.secret).update(body).digest('base64'), 'x-shopify-topic': 'orders/create',
      'x-shopify-webhook-id': `bench-${job.idBase}-${i}`, 'x-shopify-shop-domain': 'bench.myshopify.com', 'x-shopify-api-version': '2025-07',
      'x-shopify-triggered-at': new Date().toISOString(),
    },
  };
}

parentPort.postMessage(await postLoad({ url: job.url, count: job.count, concurrency: job.concurrency, requestOf }));
