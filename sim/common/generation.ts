/**
 * Paces order creation: on average perSecond orders a second as a Poisson process, with
 * occasional bursts (a promotion, a live stream) of several orders at once. Bounded by count.
 */
import type { Prng } from './prng.ts';
import type { TimerSet } from './timers.ts';

export interface GenerateRequest {
  /** Orders to attempt (an attempt finds nothing listed to buy when stock has run out). */
  count: number;
  perSecond: number;
}

const MAX_COUNT = 100_000;
const MAX_PER_SECOND = 1000;
const BURST_SHARE = 0.05;

/** Checks a POST /_sim/generate body; returns the request or an error message. */
export function parseGenerateRequest(body: unknown): GenerateRequest | string {
  const { count, perSecond = 10 } = (body ?? {}) as { count?: unknown; perSecond?: unknown };
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_COUNT) return `count must be a whole number from 1 to ${MAX_COUNT}`;
  if (typeof perSecond !== 'number' || !(perSecond > 0 && perSecond <= MAX_PER_SECOND)) return `perSecond must be above 0 and at most ${MAX_PER_SECOND}`;
  return { count, perSecond };
}

export class OrderPacer {
  private remaining = 0;
  private perSecond = 1;

  constructor(
    private readonly prng: Prng,
    private readonly timers: TimerSet,
    /** Places one order; returns false when nothing could be bought. */
    private readonly placeOrder: () => boolean,
  ) {}

  get running(): boolean {
    return this.remaining > 0;
  }

  /** Starts a run, or adds to the one under way (the rate of the newest request applies). */
  start(request: GenerateRequest): void {
    const problem = parseGenerateRequest(request);
    if (typeof problem === 'string') throw new Error(problem);
    const idle = this.remaining === 0;
    this.remaining = Math.min(MAX_COUNT, this.remaining + request.count);
    this.perSecond = request.perSecond;
    if (idle) this.tick();
  }

  private tick(): void {
    const burst = this.prng.chance(BURST_SHARE) ? this.prng.int(3, 8) : 1;
    const size = Math.min(burst, this.remaining);
    for (let i = 0; i < size; i++) this.placeOrder();
    this.remaining -= size;
    if (this.remaining > 0) this.timers.after(this.prng.exponential((size * 1000) / this.perSecond), () => this.tick());
  }
}
