/**
 * Everything one WooCommerce simulator run holds: the shop, its randomness, faults, timers, nonces
 * and counters. A reset throws the world away and builds a fresh one from the same settings and seed.
 */
import { toCents } from '../common/catalog.ts';
import { DemandModel } from '../common/demand.ts';
import { Faults } from '../common/faults.ts';
import { OrderPacer } from '../common/generation.ts';
import { Prng } from '../common/prng.ts';
import { TimerSet } from '../common/timers.ts';
import { WebhookDeliverer } from '../common/webhooks.ts';
import { NonceBook } from './auth.ts';
import type { WooSettings } from './options.ts';
import { placeOrder } from './order-flow.ts';
import { orderJson, phpJson, type Site } from './resource-json.ts';
import { WooStore, type WooOrder } from './store.ts';
import { orderWebhook, pingWebhook, WEBHOOK_IDS, type OrderTopic } from './webhook-events.ts';

export interface ApiStats {
  ordersCreated: number;
  ordersSkippedNoStock: number;
  apiCalls: number;
  /** Calls refused for wrong or missing credentials. */
  unauthorised: number;
  /** Calls answered 429 by the errorRate fault. */
  throttled: number;
  /** Calls answered 5xx by the errorRate or outage fault. */
  errors: number;
}

export class WooWorld {
  readonly prng: Prng;
  readonly store: WooStore;
  readonly faults: Faults;
  /** Webhook deliveries, pacing and injected latency. */
  readonly timers = new TimerSet();
  /** Later payments and cancellations: while any is pending the run is not idle. */
  readonly lifecycle = new TimerSet();
  readonly deliverer: WebhookDeliverer;
  readonly demand: DemandModel;
  readonly pacer: OrderPacer;
  readonly nonces = new NonceBook();
  readonly stats: ApiStats = { ordersCreated: 0, ordersSkippedNoStock: 0, apiCalls: 0, unauthorised: 0, throttled: 0, errors: 0 };
  readonly site: Site;
  /** The site's wp_hash salt, drawn from the seed. */
  private readonly salt: string;
  /** Tracking ids drawn from the seed. */
  readonly trackingIds: Prng;

  constructor(readonly settings: WooSettings, siteUrl: string) {
    const root = new Prng(settings.seed);
    this.prng = root.fork('orders');
    this.store = new WooStore(settings.catalog, Date.now());
    this.faults = new Faults(root.fork('faults'));
    this.site = { url: siteUrl, currency: settings.currency, utcOffsetMinutes: settings.utcOffsetMinutes };
    this.deliverer = new WebhookDeliverer({
      prng: root.fork('webhook-faults'), faults: this.faults, timers: this.timers,
      maxAttempts: settings.webhookMaxAttempts, retryBaseMs: settings.webhookRetryBaseMs, timeoutMs: settings.webhookTimeoutMs,
    });
    this.deliverer.address = settings.webhookAddress;
    this.salt = root.fork('salt').uuid();
    this.trackingIds = root.fork('tracking-ids');
    const catalog = settings.catalog.map((entry) => ({ sku: entry.sku, priceCents: toCents(entry.price) }));
    this.demand = new DemandModel(root.fork('demand'), catalog, settings.demand);
    this.pacer = new OrderPacer(root.fork('pace'), this.timers, () => placeOrder(this));
  }

  /** One webhook per topic, each with the order as it is now. */
  emit(order: WooOrder, topics: OrderTopic[]): void {
    const body = phpJson(orderJson(order, this.site));
    const context = { siteUrl: this.site.url, secret: this.settings.credentials.webhookSecret, salt: this.salt };
    for (const topic of topics) this.deliverer.enqueue(orderWebhook(context, topic, body, Date.now()));
  }

  /** What saving the shop's webhooks with a new delivery URL does: one ping per webhook. */
  ping(): void {
    for (const id of Object.values(WEBHOOK_IDS)) this.deliverer.enqueue(pingWebhook(id));
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
