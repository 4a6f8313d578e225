/**
 * Everything one Amazon simulator run holds: the seller account, its randomness, faults, timers, usage
 * plans, LWA tokens and counters. A reset throws the world away and builds a fresh one from the settings.
 */
import { toCents } from '../common/catalog.ts';
import { DemandModel } from '../common/demand.ts';
import { Faults } from '../common/faults.ts';
import { OrderPacer } from '../common/generation.ts';
import { Prng } from '../common/prng.ts';
import { TimerSet } from '../common/timers.ts';
import { WebhookDeliverer } from '../common/webhooks.ts';
import { orderChangeNotification, type ChangeType, type NotificationContext } from './notifications.ts';
import type { Marketplace } from './order-json.ts';
import { placeOrder } from './order-flow.ts';
import type { AmazonSettings } from './options.ts';
import { AmazonStore, type AmazonOrder } from './store.ts';
import { TokenBucket, type SpOperation } from './usage-plans.ts';

export interface AmazonStats {
  ordersCreated: number;
  ordersSkippedNoStock: number;
  apiCalls: number;
  /** Calls answered 429 QuotaExceeded, by a usage plan or by the errorRate fault. */
  throttled: number;
  /** Calls answered 5xx by the errorRate or outage fault. */
  errors: number;
  /** LWA access tokens issued. */
  tokensIssued: number;
  /** Calls refused 403 for a missing, unknown or expired access token. */
  unauthorized: number;
  /** Calls per operation, throttled ones included. */
  callsByOperation: Partial<Record<SpOperation, number>>;
}

export class AmazonWorld {
  readonly prng: Prng;
  readonly store: AmazonStore;
  readonly faults: Faults;
  /** Notification deliveries, pacing and injected latency. */
  readonly timers = new TimerSet();
  /** Later payments and cancellations: while any is pending the run is not idle. */
  readonly lifecycle = new TimerSet();
  readonly deliverer: WebhookDeliverer;
  readonly demand: DemandModel;
  readonly pacer: OrderPacer;
  readonly market: Marketplace;
  readonly stats: AmazonStats = { ordersCreated: 0, ordersSkippedNoStock: 0, apiCalls: 0, throttled: 0, errors: 0, tokensIssued: 0, unauthorized: 0, callsByOperation: {} };
  /** Access token → when it expires (epoch ms). */
  readonly accessTokens = new Map<string, number>();
  readonly tokenIds: Prng;
  readonly requestIds: Prng;
  private readonly buckets = new Map<SpOperation, TokenBucket>();
  private readonly notificationContext: NotificationContext;

  constructor(readonly settings: AmazonSettings) {
    const root = new Prng(settings.seed);
    this.prng = root.fork('orders');
    this.tokenIds = root.fork('tokens');
    this.requestIds = root.fork('request-ids');
    this.store = new AmazonStore(settings.catalog, Date.now(), root.fork('ids'));
    this.faults = new Faults(root.fork('faults'));
    this.market = { marketplaceId: settings.credentials.marketplaceId, currency: settings.currency };
    this.deliverer = new WebhookDeliverer({
      prng: root.fork('webhook-faults'), faults: this.faults, timers: this.timers,
      maxAttempts: settings.notificationMaxAttempts, retryBaseMs: settings.notificationRetryBaseMs, timeoutMs: settings.notificationTimeoutMs,
    });
    this.deliverer.address = settings.notificationAddress;
    const ids = root.fork('notification-ids');
    this.notificationContext = {
      sellerId: settings.credentials.sellerId, marketplaceId: settings.credentials.marketplaceId, secret: settings.credentials.notificationSecret,
      ids, applicationId: `amzn1.sp.solution.${ids.uuid()}`, subscriptionId: ids.uuid(),
    };
    const catalog = settings.catalog.map((entry) => ({ sku: entry.sku, priceCents: toCents(entry.price) }));
    this.demand = new DemandModel(root.fork('demand'), catalog, settings.demand);
    this.pacer = new OrderPacer(root.fork('pace'), this.timers, () => placeOrder(this));
  }

  /** Takes a token from the operation's usage plan; false: answer 429. */
  takeToken(operation: SpOperation, nowMs: number): boolean {
    let bucket = this.buckets.get(operation);
    if (!bucket) {
      bucket = new TokenBucket(this.settings.usagePlans[operation], nowMs);
      this.buckets.set(operation, bucket);
    }
    return bucket.take(nowMs);
  }

  notify(order: AmazonOrder, changeType: ChangeType, reason: string): void {
    this.deliverer.enqueue(orderChangeNotification(this.notificationContext, order, changeType, reason, Date.now()));
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
