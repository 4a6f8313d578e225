/**
 * Shopify's REST limit (help.shopify.com "REST Admin API rate limits"): a bucket of bucketSize calls
 * that leaks leakPerSecond; a call that finds it full is refused with 429.
 */
export class LeakyBucket {
  private level = 0;
  private lastMs = 0;

  constructor(
    readonly size: number,
    private readonly leakPerSecond: number,
  ) {}

  /** Adds one call if there is room; `used` is what X-Shopify-Shop-Api-Call-Limit reports. */
  take(nowMs: number): { ok: boolean; used: number } {
    this.level = Math.max(0, this.level - ((nowMs - this.lastMs) / 1000) * this.leakPerSecond);
    this.lastMs = nowMs;
    if (this.level + 1 > this.size) return { ok: false, used: this.size };
    this.level += 1;
    return { ok: true, used: Math.ceil(this.level) };
  }
}
