/**
 * SP-API usage plans: every operation has its own token bucket (rate = tokens a second, burst =
 * bucket size), per selling partner and app. Values from each operation's "Usage Plan" table in
 * amzn/selling-partner-api-models (ordersV0.json, listingsItems_2021-08-01.json) and PLATFORMS.md §3.
 */
export type SpOperation = 'getOrders' | 'getOrder' | 'getOrderItems' | 'confirmShipment' | 'searchListingsItems' | 'getListingsItem' | 'patchListingsItem';

export interface UsagePlan {
  /** Tokens added per second; x-amzn-RateLimit-Limit reports it. */
  rate: number;
  burst: number;
}

export const DEFAULT_USAGE_PLANS: Record<SpOperation, UsagePlan> = {
  getOrders: { rate: 0.0167, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  getOrderItems: { rate: 0.5, burst: 30 },
  confirmShipment: { rate: 2, burst: 10 },
  searchListingsItems: { rate: 5, burst: 5 },
  getListingsItem: { rate: 5, burst: 10 },
  patchListingsItem: { rate: 5, burst: 5 },
};

/** One operation's bucket; starts full. */
export class TokenBucket {
  private tokens: number;
  private lastMs: number;

  constructor(private readonly plan: UsagePlan, nowMs: number) {
    this.tokens = plan.burst;
    this.lastMs = nowMs;
  }

  take(nowMs: number): boolean {
    this.tokens = Math.min(this.plan.burst, this.tokens + ((nowMs - this.lastMs) / 1000) * this.plan.rate);
    this.lastMs = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
