/**
 * Everything one WMS simulator run holds: the books, requests and event log, randomness, faults,
 * timers and counters. A reset throws the world away and builds a fresh one from the same options.
 */
import { createHmac } from 'node:crypto';
import { Faults } from '../common/faults.ts';
import { stringifyJson } from '../common/json.ts';
import { Prng } from '../common/prng.ts';
import { TimerSet } from '../common/timers.ts';
import { WebhookDeliverer } from '../common/webhooks.ts';
import type { WmsBehaviour, WmsSettings } from './options.ts';
import { WmsStore, type NewEvent, type WireEvent } from './store.ts';

export interface WmsStats {
  apiCalls: number;
  /** Calls answered 429 by the errorRate fault. */
  throttled: number;
  /** Calls answered 5xx by the errorRate or outage fault. */
  errors: number;
  requestsReceived: number;
  shipped: number;
  unitsShipped: number;
  /** Lines that left with less than requested, for want of stock or on purpose. */
  shortShippedLines: number;
  /** Of those, lines shorted on purpose (shortShipRate). */
  deliberateShorts: number;
  cancelled: number;
  shrinkUnits: number;
  returns: number;
  unitsReturned: number;
  inboundReceived: number;
  counts: number;
}

export class WmsWorld {
  readonly store: WmsStore;
  readonly faults: Faults;
  readonly behaviour: WmsBehaviour;
  /** Webhook deliveries and injected latency. */
  readonly timers = new TimerSet();
  /** Pick delays, inbound receipts and returns: the warehouse's pending work. */
  readonly work = new TimerSet();
  /** The cycle-count clock (never blocks idleness). */
  readonly clock = new TimerSet();
  readonly deliverer: WebhookDeliverer;
  /** Work that fell due while paused, run in order when resumed. */
  readonly held: (() => void)[] = [];
  readonly stats: WmsStats = {
    apiCalls: 0, throttled: 0, errors: 0, requestsReceived: 0, shipped: 0, unitsShipped: 0, shortShippedLines: 0,
    deliberateShorts: 0, cancelled: 0, shrinkUnits: 0, returns: 0, unitsReturned: 0, inboundReceived: 0, counts: 0,
  };
  /** Returns scheduled and not yet received. */
  pendingReturns = 0;
  /** Independent streams, so e.g. a count does not change which line is shorted next. */
  readonly random: { delays: Prng; picking: Prng; shrink: Prng; returns: Prng; counts: Prng; carriers: Prng; deliveries: Prng };

  /** resets: how many times the run was reset before this world (a part of its event ids). */
  constructor(readonly settings: WmsSettings, resets = 0) {
    const root = new Prng(settings.seed);
    this.random = {
      delays: root.fork('delays'), picking: root.fork('picking'), shrink: root.fork('shrink'), returns: root.fork('returns'),
      counts: root.fork('counts'), carriers: root.fork('carriers'), deliveries: root.fork('delivery-ids'),
    };
    this.store = new WmsStore(settings.warehouses, resets === 0 ? 'wms-ev-' : `wms-ev-r${resets}-`);
    this.behaviour = { ...settings.behaviour };
    this.faults = new Faults(root.fork('faults'));
    this.deliverer = new WebhookDeliverer({
      prng: root.fork('webhook-faults'), faults: this.faults, timers: this.timers,
      maxAttempts: settings.webhookMaxAttempts, retryBaseMs: settings.webhookRetryBaseMs, timeoutMs: settings.webhookTimeoutMs,
    });
    this.deliverer.address = settings.webhookAddress;
  }

  /**
   * Appends an event to the log and tells the webhook address there is news. The book change the
   * event describes is made by the caller in the same synchronous step, so a count reads the book
   * exactly as of its seq.
   */
  emit(event: NewEvent): WireEvent {
    const appended = this.store.append(event, Date.now());
    const body = stringifyJson({ seq: appended.seq, type: appended.type });
    this.deliverer.enqueue({
      body,
      headers: {
        'content-type': 'application/json',
        'x-wms-signature': wmsSignature(body, this.settings.webhookSecret),
        'x-wms-delivery-id': this.random.deliveries.uuid(),
      },
    });
    return appended;
  }

  drawDelayMs([min, max]: [number, number]): number {
    return min + this.random.delays.next() * (max - min);
  }

  /** Runs task now, or holds it until resumed when the warehouse is paused. */
  runOrHold(task: () => void): void {
    if (this.behaviour.paused) this.held.push(task);
    else task();
  }

  waitingRequests(): number {
    let waiting = 0;
    for (const request of this.store.requests.values()) if (request.status === 'waiting') waiting++;
    return waiting;
  }

  expectedNotices(): number {
    let expected = 0;
    for (const notice of this.store.notices.values()) if (notice.status === 'expected') expected++;
    return expected;
  }

  /** While paused, held shipments and returns do not count: the run has drained once the log stops growing. */
  isIdle(): boolean {
    if (this.deliverer.pending > 0 || this.expectedNotices() > 0) return false;
    return this.behaviour.paused || (this.waitingRequests() === 0 && this.pendingReturns === 0);
  }

  close(): void {
    this.timers.close();
    this.work.close();
    this.clock.close();
    this.deliverer.close();
  }
}

/** X-WMS-Signature: base64(HMAC-SHA256(webhook secret, raw body)). */
export function wmsSignature(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('base64');
}
