/**
 * Everything one Shopify simulator run holds: the shop, its randomness, faults, timers and counters.
 * A reset throws the world away and builds a fresh one from the same settings and seed.
 */
import { toCents } from '../common/catalog.ts';
import { DemandModel } from '../common/demand.ts';
import { Faults } from '../common/faults.ts';
import { OrderPacer } from '../common/generation.ts';
import { Prng } from '../common/prng.ts';
import { TimerSet } from '../common/timers.ts';
import { WebhookDeliverer } from '../common/webhooks.ts';
import { stringifyJson } from '../common/json.ts';
import { LeakyBucket } from './leaky-bucket.ts';
import type { ShopifySettings } from './options.ts';
import { orderJson, type Shop } from './order-json.ts';
import { placeOrder } from './order-flow.ts';
import { ShopifyStore, type ShopifyOrder } from './store.ts';
import { orderWebhook, type OrderTopic, type WebhookContext } from './webhook-events.ts';

export interface ApiStats {
  ordersCreated: number;
  ordersSkippedNoStock: number;
  apiCalls: number;
  /** Calls answered 429, by the bucket or by the errorRate fault. */
  throttled: number;
  /** Calls answered 5xx by the errorRate or outage fault. */
  errors: number;
}

export class ShopifyWorld {
  readonly prng: Prng;
  readonly store: ShopifyStore;
  readonly faults: Faults;
  /** Webhook deliveries, pacing and injected latency. */
  readonly timers = new TimerSet();
  /** Later payments and cancellations: while any is pending the run is not idle. */
  readonly lifecycle = new TimerSet();
  readonly deliverer: WebhookDeliverer;
  readonly demand: DemandModel;
  readonly pacer: OrderPacer;
  readonly bucket: LeakyBucket;
  readonly shop: Shop;
  readonly stats: ApiStats = { ordersCreated: 0, ordersSkippedNoStock: 0, apiCalls: 0, throttled: 0, errors: 0 };
  private readonly webhookContext: WebhookContext;

  constructor(readonly settings: ShopifySettings) {
    const root = new Prng(settings.seed);
    this.prng = root.fork('orders');
    this.store = new ShopifyStore(settings.catalog, Date.now());
    this.faults = new Faults(root.fork('faults'));
    this.shop = { currency: settings.currency, utcOffsetMinutes: settings.utcOffsetMinutes };
    this.bucket = new LeakyBucket(settings.bucketSize, settings.leakPerSecond);
    this.deliverer = new WebhookDeliverer({
      prng: root.fork('webhook-faults'), faults: this.faults, timers: this.timers,
      maxAttempts: settings.webhookMaxAttempts, retryBaseMs: settings.webhookRetryBaseMs, timeoutMs: settings.webhookTimeoutMs,
    });
    this.deliverer.address = settings.webhookAddress;
    this.webhookContext = { shopDomain: settings.shopDomain, apiVersion: settings.apiVersion, apiSecret: settings.apiSecret, ids: root.fork('webhook-ids') };
    const catalog = settings.catalog.map((entry) => ({ sku: entry.sku, priceCents: toCents(entry.price) }));
    this.demand = new DemandModel(root.fork('demand'), catalog, settings.demand);
    this.pacer = new OrderPacer(root.fork('pace'), this.timers, () => placeOrder(this));
  }

  /** Sends one webhook per topic, each with the order as it is now. */
  emit(order: ShopifyOrder, topics: OrderTopic[]): void {
    const body = stringifyJson(orderJson(order, this.shop));
    for (const topic of topics) this.deliverer.enqueue(orderWebhook(this.webhookContext, topic, body, Date.now()));
  }

  isIdle(): boolean {
    return !this.pacer.running && this.lifecycle.size === 0 && this.deliverer.pending === 0;
  }

  close(): void {
    this.timers.close();
    this.lifecycle.close();
    this.deliverer.close();
  }
}
