/**
 * Review rules: whether a new or changed order waits for a person before it is released to the ERP
 * and the warehouse. Each rule is a pure function of the order, what the hub knows about similar
 * orders (history, earlier orders of the same buyer) and its parameters, and returns the values that
 * made it fire, so a hold always says why. Parameters live per merchant ('default') or per connection.
 */

export const REVIEW_RULES = ['buyer_message', 'quantity_anomaly', 'price_anomaly', 'high_order_value', 'bad_address', 'duplicate', 'blocklisted_buyer'] as const;
export type ReviewRuleName = (typeof REVIEW_RULES)[number];

export interface ReviewSettings {
  buyerMessage: { enabled: boolean; /** Phrases that alone make a message harmless ("请尽快发货", "thanks"). */ harmlessPhrases: string[] };
  quantity: {
    enabled: boolean;
    /** A line is held above percentile(qty) × factor of what this SKU sold per order line. */
    percentile: number;
    factor: number;
    /** With fewer past lines than this, the fixed cap applies instead. */
    minHistoryLines: number;
    capWithLittleHistory: number;
  };
  price: {
    enabled: boolean;
    /** Held below reference × belowRatio or above reference × aboveRatio. */
    belowRatio: number;
    aboveRatio: number;
    /** Any unit price under this is held (order currency). */
    floor: number | null;
    /** "USD>CNY": 7.1 — list prices in another currency than the order's are converted with these; without one, the usual price is the reference. */
    exchangeRates: Record<string, number>;
  };
  orderValue: { enabled: boolean; maxTotal: number | null };
  address: { enabled: boolean };
  duplicate: { enabled: boolean; windowMinutes: number };
  blocklist: { enabled: boolean; /** Buyer ids, e-mails, nicks or phone numbers, compared case-insensitively. */ buyers: string[] };
}

export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = {
  buyerMessage: { enabled: true, harmlessPhrases: ['请尽快发货', '尽快发货', '早点发货', '快点发货', '谢谢', '谢谢老板', '老板', '亲', '哦', '哈', '呀', '啦', '好评', 'thanks', 'thank you so much', 'thank you', 'thx', 'please ship asap', 'please ship soon', 'ship asap', 'asap'] },
  quantity: { enabled: true, percentile: 0.99, factor: 3, minHistoryLines: 50, capWithLittleHistory: 5 },
  price: { enabled: true, belowRatio: 0.5, aboveRatio: 3, floor: null, exchangeRates: {} },
  orderValue: { enabled: true, maxTotal: null },
  address: { enabled: true },
  duplicate: { enabled: true, windowMinutes: 30 },
  blocklist: { enabled: true, buyers: [] },
};

export interface ReviewLine {
  lineNo: number;
  /** Master SKU; null when the line maps to none (UNMAPPED_SKU holds such an order on its own). */
  sku: string | null;
  qty: number;
  unitPrice: number;
}

export interface ReviewAddress {
  name: string | null; line1: string | null; city: string | null; postalCode: string | null; phone: string | null;
}

/** An order as the rules see it. */
export interface ReviewSubject {
  orderId: string;
  total: number;
  currency: string;
  buyer: { id?: string | null | undefined; name: string | null; email: string | null; nick: string | null };
  buyerNote: string | null;
  sellerNote: string | null;
  address: ReviewAddress | null;
  lines: ReviewLine[];
}

/** What this SKU sold per line in the past (orders never held), and its list price in the order's currency. */
export interface SkuHistory {
  lines: number;
  qtyAtPercentile: number;
  listPrice: number | null;
  listCurrency: string | null;
  /** The median unit price of those past lines in this currency; null without history. */
  usualPrice: number | null;
}

export interface ReviewContext {
  history: ReadonlyMap<string, SkuHistory>;
  /** Earlier orders of the same buyer with the same items inside the duplicate window. */
  earlierSameOrders: { orderId: string; number: string; createdAt: string }[];
}

export interface FiredRule {
  rule: ReviewRuleName;
  values: Record<string, unknown>;
}

type Rule = (order: ReviewSubject, context: ReviewContext, settings: ReviewSettings) => FiredRule | null;

/** What is left of a message once harmless phrases, punctuation, symbols and spaces are taken out. */
export function substanceOf(message: string, harmlessPhrases: string[]): string {
  let rest = message.normalize('NFKC').toLowerCase();
  for (const phrase of [...harmlessPhrases].sort((a, b) => b.length - a.length)) {
    const p = phrase.normalize('NFKC').toLowerCase().trim();
    if (p) rest = rest.split(p).join(' ');
  }
  return rest.replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
}

export const buyerMessageRule: Rule = (order, _context, settings) => {
  const notes = [['buyerNote', order.buyerNote], ['sellerNote', order.sellerNote]] as const;
  const meaningful = notes.filter(([, text]) => text && substanceOf(text, settings.buyerMessage.harmlessPhrases) !== '');
  if (meaningful.length === 0) return null;
  return { rule: 'buyer_message', values: Object.fromEntries(meaningful) };
};

/** The quantity above which a line of this SKU is held: learned from history, or the cap while history is thin. */
export function quantityLimitOf(history: SkuHistory | undefined, settings: ReviewSettings['quantity']): { limit: number; basis: 'history' | 'cap' } {
  if (!history || history.lines < settings.minHistoryLines) return { limit: settings.capWithLittleHistory, basis: 'cap' };
  return { limit: Math.max(settings.capWithLittleHistory, Math.floor(history.qtyAtPercentile * settings.factor)), basis: 'history' };
}

export const quantityRule: Rule = (order, context, settings) => {
  const over = order.lines.flatMap((line) => {
    if (!line.sku) return [];
    const { limit, basis } = quantityLimitOf(context.history.get(line.sku), settings.quantity);
    return line.qty > limit ? [{ lineNo: line.lineNo, sku: line.sku, qty: line.qty, limit, basis, pastLines: context.history.get(line.sku)?.lines ?? 0 }] : [];
  });
  return over.length > 0 ? { rule: 'quantity_anomaly', values: { lines: over } } : null;
};

/** What a unit should cost in the order's currency: the list price (converted if a rate is set), else the usual price. */
export function referencePriceOf(history: SkuHistory | undefined, currency: string, rates: Record<string, number>): number | null {
  if (!history) return null;
  if (history.listPrice !== null && history.listPrice > 0) {
    if (history.listCurrency === currency) return history.listPrice;
    const rate = rates[`${history.listCurrency}>${currency}`];
    if (rate !== undefined && rate > 0) return history.listPrice * rate;
  }
  return history.usualPrice;
}

export const priceRule: Rule = (order, context, settings) => {
  // Amazon gives no prices before payment (ItemPrice and OrderTotal absent): nothing to judge yet;
  // the priced version is judged when it comes.
  if (order.total === 0 && order.lines.every((l) => l.unitPrice === 0)) return null;
  const { belowRatio, aboveRatio, floor, exchangeRates } = settings.price;
  const odd = order.lines.flatMap((line): Record<string, unknown>[] => {
    const reference = line.sku ? referencePriceOf(context.history.get(line.sku), order.currency, exchangeRates) : null;
    if (floor !== null && line.unitPrice < floor) return [{ lineNo: line.lineNo, sku: line.sku, unitPrice: line.unitPrice, floor }];
    if (reference === null || reference <= 0) return [];
    const ratio = line.unitPrice / reference;
    if (ratio >= belowRatio && ratio <= aboveRatio) return [];
    return [{ lineNo: line.lineNo, sku: line.sku, unitPrice: line.unitPrice, referencePrice: reference, ratio: Math.round(ratio * 1000) / 1000 }];
  });
  return odd.length > 0 ? { rule: 'price_anomaly', values: { lines: odd } } : null;
};

export const orderValueRule: Rule = (order, _context, settings) => {
  const max = settings.orderValue.maxTotal;
  return max !== null && order.total > max ? { rule: 'high_order_value', values: { total: order.total, currency: order.currency, maxTotal: max } } : null;
};

const PLACEHOLDER = /^[\s?？*.\-_xX#0]*$/u;

/**
 * Incomplete: no address, or no city or postal code; no street unless the platform withholds it
 * (Amazon gives neither name nor street without a restricted-data token). Suspicious: a field that
 * is only placeholder characters ("??", "xxx", "---"). Masked parts (Taobao's "**") are normal.
 */
export function addressProblems(address: ReviewAddress | null): string[] {
  if (!address) return ['no shipping address'];
  const problems: string[] = [];
  const streetWithheld = address.line1 === null && address.name === null;
  const fields = [['city', address.city], ['postalCode', address.postalCode], ...(streetWithheld ? [] : [['line1', address.line1] as const])] as const;
  for (const [field, value] of fields) {
    if (value === null || value.trim() === '') problems.push(`${field} missing`);
    else if (PLACEHOLDER.test(value)) problems.push(`${field} looks like a placeholder: "${value}"`);
  }
  return problems;
}

export const addressRule: Rule = (order) => {
  const problems = addressProblems(order.address);
  return problems.length > 0 ? { rule: 'bad_address', values: { problems, address: order.address } } : null;
};

export const duplicateRule: Rule = (order, context) =>
  context.earlierSameOrders.length > 0 ? { rule: 'duplicate', values: { earlier: context.earlierSameOrders } } : null;

/** The identities of a buyer a merchant may blocklist: platform id, e-mail, nick, phone. */
export function buyerIdentities(order: Pick<ReviewSubject, 'buyer' | 'address'>): string[] {
  return [order.buyer.id, order.buyer.email, order.buyer.nick, order.address?.phone].filter((v): v is string => !!v).map((v) => v.trim().toLowerCase());
}

export const blocklistRule: Rule = (order, _context, settings) => {
  const blocked = new Set(settings.blocklist.buyers.map((b) => b.trim().toLowerCase()));
  const hits = buyerIdentities(order).filter((id) => blocked.has(id));
  return hits.length > 0 ? { rule: 'blocklisted_buyer', values: { matched: hits } } : null;
};

const RULES: [keyof ReviewSettings, Rule][] = [
  ['buyerMessage', buyerMessageRule], ['quantity', quantityRule], ['price', priceRule], ['orderValue', orderValueRule],
  ['address', addressRule], ['duplicate', duplicateRule], ['blocklist', blocklistRule],
];

/** Every enabled rule that fires on this order, with its values; empty: the order may be released. */
export function evaluateReview(order: ReviewSubject, context: ReviewContext, settings: ReviewSettings): FiredRule[] {
  return RULES.flatMap(([key, rule]) => (settings[key].enabled ? [rule(order, context, settings)] : [])).filter((r): r is FiredRule => r !== null);
}

/** Stored settings over the defaults, section by section (a stored section may leave keys out). */
export function mergeSettings(...layers: (Partial<Record<keyof ReviewSettings, object>> | undefined)[]): ReviewSettings {
  const merged = structuredClone(DEFAULT_REVIEW_SETTINGS) as unknown as Record<string, Record<string, unknown>>;
  for (const layer of layers) {
    for (const [key, section] of Object.entries(layer ?? {})) {
      if (key in merged && section && typeof section === 'object') merged[key] = { ...merged[key], ...section };
    }
  }
  return merged as unknown as ReviewSettings;
}
