/**
 * Delivers webhook events to one address with the faults of a real network and a real platform:
 * lost events, duplicates (same webhook id), delays, reordering, and bounded retries with
 * exponential backoff when the receiver fails (Shopify retries failed deliveries with backoff and
 * resends the original payload, PLATFORMS.md §1 "Delivery"; the simulator retries fewer times, sooner).
 */
import type { Faults } from './faults.ts';
import type { Prng } from './prng.ts';
import type { TimerSet } from './timers.ts';

export interface OutgoingWebhook {
  headers: Record<string, string>;
  body: string;
}

/** Sends one POST and returns its HTTP status; throws on network errors and timeouts. */
export type PostWebhook = (address: string, webhook: OutgoingWebhook, signal: AbortSignal) => Promise<number>;

export interface DeliveryStats {
  /** POSTs made, including duplicates and retries. */
  sent: number;
  /** POSTs answered 2xx. */
  delivered: number;
  /** Events never sent because of the webhookDrop fault. */
  dropped: number;
  /** Events sent twice because of the webhookDuplicate fault. */
  duplicated: number;
  /** POSTs that failed and were scheduled again. */
  retried: number;
  /** Deliveries given up after the last attempt. */
  failed: number;
}

export interface WebhookDelivererOptions {
  prng: Prng;
  faults: Faults;
  timers: TimerSet;
  post?: PostWebhook;
  /** Attempts per delivery, the first included. */
  maxAttempts?: number;
  /** Wait before the first retry; doubled for each further one. */
  retryBaseMs?: number;
  /** How long the receiver gets to answer (Shopify: 5 s). */
  timeoutMs?: number;
}

const REORDER_WINDOW_MS = 100;
const REORDER_BATCH = 5;

export class WebhookDeliverer {
  address: string | null = null;
  stats: DeliveryStats = emptyStats();
  private inFlight = 0;
  /** Bumped by reset, so an answer to a POST sent before the reset changes no count. */
  private epoch = 0;
  private reorderBuffer: { address: string; webhook: OutgoingWebhook }[] = [];
  private readonly aborter = new AbortController();
  private readonly post: PostWebhook;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;

  constructor(private readonly options: WebhookDelivererOptions) {
    const timeoutMs = options.timeoutMs ?? 5000;
    this.post = options.post ?? ((address, webhook, signal) => postWithFetch(address, webhook, AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])));
    this.maxAttempts = options.maxAttempts ?? 4;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
  }

  /** Deliveries waiting, in flight or waiting for a retry. */
  get pending(): number {
    return this.inFlight + this.reorderBuffer.length;
  }

  /** Hands an event to the network. Nothing is sent while no address is set (no subscription). */
  enqueue(webhook: OutgoingWebhook): void {
    const address = this.address;
    if (!address) return;
    const { prng, faults } = this.options;
    if (prng.chance(faults.settings.webhookDrop)) {
      this.stats.dropped++;
      return;
    }
    const copies = prng.chance(faults.settings.webhookDuplicate) ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    for (let i = 0; i < copies; i++) {
      if (faults.settings.webhookReorder) this.holdForReorder(address, webhook);
      else this.schedule(address, webhook);
    }
  }

  /** Forgets pending deliveries and counts (the caller clears the timers). */
  reset(): void {
    this.stats = emptyStats();
    this.inFlight = 0;
    this.reorderBuffer = [];
    this.epoch++;
  }

  close(): void {
    this.aborter.abort();
  }

  private holdForReorder(address: string, webhook: OutgoingWebhook): void {
    this.reorderBuffer.push({ address, webhook });
    if (this.reorderBuffer.length === 1) this.options.timers.after(REORDER_WINDOW_MS, () => this.flushReordered());
    if (this.reorderBuffer.length >= REORDER_BATCH) this.flushReordered();
  }

  private flushReordered(): void {
    const batch = this.options.prng.shuffle(this.reorderBuffer);
    this.reorderBuffer = [];
    for (const { address, webhook } of batch) this.schedule(address, webhook);
  }

  private schedule(address: string, webhook: OutgoingWebhook): void {
    this.inFlight++;
    this.options.timers.after(this.options.faults.drawWebhookDelayMs(), () => this.attempt(address, webhook, 1));
  }

  private async attempt(address: string, webhook: OutgoingWebhook, attempt: number): Promise<void> {
    const epoch = this.epoch;
    this.stats.sent++;
    const status = await this.post(address, webhook, this.aborter.signal).catch(() => 0);
    if (this.aborter.signal.aborted || epoch !== this.epoch) return;
    if (status >= 200 && status < 300) {
      this.stats.delivered++;
      this.inFlight--;
    } else if (attempt < this.maxAttempts) {
      this.stats.retried++;
      this.options.timers.after(this.retryBaseMs * 2 ** (attempt - 1), () => this.attempt(address, webhook, attempt + 1));
    } else {
      this.stats.failed++;
      this.inFlight--;
    }
  }
}

async function postWithFetch(address: string, webhook: OutgoingWebhook, signal: AbortSignal): Promise<number> {
  const response = await fetch(address, { method: 'POST', headers: webhook.headers, body: webhook.body, signal });
  await response.arrayBuffer();
  return response.status;
}

function emptyStats(): DeliveryStats {
  return { sent: 0, delivered: 0, dropped: 0, duplicated: 0, retried: 0, failed: 0 };
}
