/**
 * What buyers order, platform-neutral: which SKUs (popular ones more often, Zipf-like by catalog
 * position), how many, whether they pay now, what happens to the order later, and which orders a
 * person should look at (the ground truth the hub's review queue is measured against).
 */
import type { Prng } from './prng.ts';

export type ReviewReason = 'buyer_message' | 'quantity_typo' | 'price_typo' | 'duplicate' | 'bad_address';

/** Kept in the simulator's state only; never sent to the hub. */
export interface GroundTruth {
  needsReview: boolean;
  reasons: ReviewReason[];
}

export interface PlannedLine {
  sku: string;
  qty: number;
  unitPriceCents: number;
}

export interface OrderPlan {
  lines: PlannedLine[];
  /** Index of the buyer in the platform's buyer pool; a duplicate order repeats its buyer. */
  buyerNo: number;
  /** The buyer wrote a message that asks the seller for something. */
  hasBuyerMessage: boolean;
  /** The buyer wrote a message that asks for nothing ("thanks", "请尽快发货"): not a review case. */
  hasHarmlessMessage: boolean;
  badAddress: boolean;
  paidAtOnce: boolean;
  /** What happens later: paid, cancelled while unpaid, cancelled (refunded) before shipping, or nothing. */
  later: 'pay' | 'cancel_unpaid' | 'cancel_paid' | null;
  labels: GroundTruth;
}

export interface DemandSettings {
  /** Popularity falls as 1/rank^zipfExponent with the SKU's position in the catalog. */
  zipfExponent: number;
  /** Share of orders with two or three different SKUs. */
  multiLineShare: number;
  /** Share of orders not paid when placed. */
  unpaidShare: number;
  /** Of the unpaid orders, the share cancelled (closed) later instead of paid. */
  unpaidCancelShare: number;
  /** Share of paid orders cancelled and refunded before shipping (if still unshipped then). */
  paidCancelShare: number;
  /** Share of orders given a case that needs a person (buyer message, quantity or price typo, duplicate, bad address). */
  reviewShare: number;
  /** Share of the other orders whose buyer writes a harmless message (a review rule must let them pass). */
  harmlessMessageShare?: number;
}

export const DEFAULT_DEMAND: DemandSettings = {
  zipfExponent: 1.1,
  multiLineShare: 0.15,
  unpaidShare: 0.15,
  unpaidCancelShare: 0.4,
  paidCancelShare: 0.05,
  reviewShare: 0,
};

// Large enough that two orders of one buyer with the same items are rare unless they are a planted duplicate.
const BUYER_POOL = 50_000;
const REASONS: ReviewReason[] = ['buyer_message', 'quantity_typo', 'price_typo', 'duplicate', 'bad_address'];

export class DemandModel {
  private readonly weights: number[];
  /** Each SKU's Zipf weight before any demand factor. */
  private readonly baseWeights: number[];
  private previous: OrderPlan | null = null;

  constructor(
    private readonly prng: Prng,
    private readonly catalog: readonly { sku: string; priceCents: number }[],
    private readonly settings: DemandSettings,
  ) {
    this.baseWeights = catalog.map((_, rank) => 1 / (rank + 1) ** settings.zipfExponent);
    this.weights = [...this.baseWeights];
  }

  /**
   * Scales one SKU's popularity: 0.2 cuts its demand by 80 % (a competitor undercut it), 1 restores it.
   * The order rate stays what the generation asks for, so the other SKUs take the lost share.
   * Returns an error message when the SKU is not in the catalog or the factor is not a finite number ≥ 0.
   */
  setDemandFactor(sku: string, factor: number): string | null {
    const index = this.catalog.findIndex((item) => item.sku === sku);
    if (index < 0) return `no SKU "${sku}" in the catalog`;
    if (!Number.isFinite(factor) || factor < 0) return 'factor must be a number ≥ 0';
    this.weights[index] = this.baseWeights[index]! * factor;
    return null;
  }

  /**
   * The next order, limited to what is listed: a line asking for more than listedQty(sku) is left
   * out (a buyer cannot check out more than the shop shows). Null when nothing is left to buy.
   */
  plan(listedQty: (sku: string) => number): OrderPlan | null {
    const drawn = this.drawReasons();
    // A duplicate repeats the previous order exactly, so it needs all of it to be listed still.
    const previous = drawn.includes('duplicate') && this.previous?.lines.every((l) => l.qty <= listedQty(l.sku)) ? this.previous : null;
    const lines = previous ? previous.lines.map((l) => ({ ...l })) : this.drawLines().filter((l) => l.qty <= listedQty(l.sku));
    if (lines.length === 0) return null;
    // A copied typo is still a typo: the duplicate needs a person for it too.
    const inherited: ReviewReason[] = previous ? previous.labels.reasons.filter((r) => r === 'quantity_typo' || r === 'price_typo') : [];
    const applied = drawn.filter((r) => (r === 'duplicate' ? previous !== null : !inherited.includes(r) && this.applyReason(r, lines, listedQty)));
    const reasons = [...applied, ...inherited.filter((r) => !applied.includes(r))];
    const paidAtOnce = !this.prng.chance(this.settings.unpaidShare);
    const plan: OrderPlan = {
      lines,
      buyerNo: previous ? previous.buyerNo : this.prng.int(0, BUYER_POOL - 1),
      hasBuyerMessage: reasons.includes('buyer_message'),
      hasHarmlessMessage: !reasons.includes('buyer_message') && (this.settings.harmlessMessageShare ?? 0) > 0 && this.prng.chance(this.settings.harmlessMessageShare!),
      badAddress: reasons.includes('bad_address'),
      paidAtOnce,
      later: this.drawLater(paidAtOnce),
      labels: { needsReview: reasons.length > 0, reasons },
    };
    this.previous = plan;
    return plan;
  }

  private drawLines(): PlannedLine[] {
    const count = this.prng.chance(this.settings.multiLineShare) ? this.prng.int(2, 3) : 1;
    const lines: PlannedLine[] = [];
    for (let attempt = 0; lines.length < count && attempt < 10; attempt++) {
      const item = this.catalog[this.prng.weightedIndex(this.weights)]!;
      if (lines.some((l) => l.sku === item.sku)) continue;
      lines.push({ sku: item.sku, qty: this.drawQty(), unitPriceCents: item.priceCents });
    }
    return lines;
  }

  private drawQty(): number {
    const r = this.prng.next();
    return r < 0.8 ? 1 : r < 0.94 ? 2 : 3;
  }

  private drawReasons(): ReviewReason[] {
    if (!this.prng.chance(this.settings.reviewShare)) return [];
    const first = this.prng.pick(REASONS);
    const second = this.prng.chance(0.2) ? this.prng.pick(REASONS) : first;
    return second === first ? [first] : [first, second];
  }

  /** Makes the lines show the reason (a quantity or price typo on the first line); false when a typo does not fit what is listed. */
  private applyReason(reason: ReviewReason, lines: PlannedLine[], listedQty: (sku: string) => number): boolean {
    const line = lines[0]!;
    if (reason === 'quantity_typo') {
      // The buyer meant qty but typed one digit more: 2 becomes 20, 1 becomes 10.
      if (line.qty * 10 > listedQty(line.sku)) return false;
      line.qty *= 10;
    } else if (reason === 'price_typo') {
      // A mispriced listing: a hundredth of the price, or ten times it.
      line.unitPriceCents = this.prng.chance(0.5) ? Math.max(1, Math.round(line.unitPriceCents / 100)) : line.unitPriceCents * 10;
    }
    return true;
  }

  private drawLater(paidAtOnce: boolean): OrderPlan['later'] {
    if (!paidAtOnce) return this.prng.chance(this.settings.unpaidCancelShare) ? 'cancel_unpaid' : 'pay';
    return this.prng.chance(this.settings.paidCancelShare) ? 'cancel_paid' : null;
  }
}
