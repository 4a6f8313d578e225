/**
 * Everything one Taobao simulator run holds: the shop, its randomness, faults, timers and counters.
 * A reset throws the world away and builds a fresh one from the same settings and seed.
 */
import { toCents } from '../common/catalog.ts';
import { DemandModel } from '../common/demand.ts';
import { Faults } from '../common/faults.ts';
import { OrderPacer } from '../common/generation.ts';
import { Prng } from '../common/prng.ts';
import { TimerSet } from '../common/timers.ts';
import { CallLimit } from './call-limit.ts';
import type { TaobaoSettings } from './options.ts';
import { TaobaoStore } from './store.ts';
import { placeTrade } from './trade-flow.ts';

export interface TaobaoStats {
  ordersCreated: number;
  ordersSkippedNoStock: number;
  apiCalls: number;
  /** Calls refused with code 7, by the call limit or by the errorRate fault. */
  throttled: number;
  /** Calls answered 5xx by the errorRate or outage fault. */
  errors: number;
}

export class TaobaoWorld {
  readonly prng: Prng;
  readonly store: TaobaoStore;
  readonly faults: Faults;
  /** Pacing and injected latency. */
  readonly timers = new TimerSet();
  /** Later payments, closes and buyer confirmations: while any is pending the run is not idle. */
  readonly lifecycle = new TimerSet();
  readonly demand: DemandModel;
  readonly pacer: OrderPacer;
  readonly callLimit: CallLimit;
  readonly stats: TaobaoStats = { ordersCreated: 0, ordersSkippedNoStock: 0, apiCalls: 0, throttled: 0, errors: 0 };
  private readonly requestIds: Prng;

  constructor(readonly settings: TaobaoSettings) {
    const root = new Prng(settings.seed);
    this.prng = root.fork('orders');
    this.requestIds = root.fork('request-ids');
    this.store = new TaobaoStore(settings.catalog, Date.now());
    this.faults = new Faults(root.fork('faults'));
    this.callLimit = new CallLimit(settings.callsPerSecond, settings.banSeconds);
    const catalog = settings.catalog.map((entry) => ({ sku: entry.sku, priceCents: toCents(entry.price) }));
    this.demand = new DemandModel(root.fork('demand'), catalog, settings.demand);
    this.pacer = new OrderPacer(root.fork('pace'), this.timers, () => placeTrade(this));
  }

  /** A TOP-style request id such as "16k5zq1ybnpq8". */
  nextRequestId(): string {
    return Array.from({ length: 13 }, () => this.requestIds.int(0, 35).toString(36)).join('');
  }

  isIdle(): boolean {
    return !this.pacer.running && this.lifecycle.size === 0;
  }

  close(): void {
    this.timers.close();
    this.lifecycle.close();
  }
}
