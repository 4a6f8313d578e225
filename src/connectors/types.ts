/**
 * The one interface every platform adapter implements (DESIGN.md, "Connector contract").
 * Adapters are stateless: credentials, base URL, clock and fetch are passed in. They translate
 * wire formats and platform errors; they never touch the database. The sync module stores raw
 * records in the inbox first, then calls `parseOrder` to interpret them.
 */

/** Every channel platform the hub has a connector for. */
export const PLATFORM_KINDS = ['shopify', 'taobao', 'woocommerce', 'amazon'] as const;
export type PlatformKind = (typeof PLATFORM_KINDS)[number];

/** The hub's order states; each platform's statuses map onto these (see each connector's status map). */
export type CanonicalOrderStatus =
  | 'pending' // created, not paid: nothing reserved
  | 'paid' // payable-to-ship: stock is reserved
  | 'partially_shipped'
  | 'shipped' // all shipped: reservation committed
  | 'cancelled' // cancelled or closed before shipment: reservation released
  | 'completed'; // delivered / finished (after shipped)

export interface CanonicalOrderLine {
  /** Platform line id (Shopify line_item id, Taobao oid), as a string: ids exceed 2^53. */
  externalLineId: string;
  /** Seller SKU code as the platform carries it (may be empty when the listing has none). */
  sku: string;
  /** Platform product / variant ids, for mapping a line whose sku is empty. */
  platformProductId: string | null;
  platformVariantId: string | null;
  title: string;
  qty: number;
  /** Unit price as a decimal string in the order currency. */
  unitPrice: string;
}

export interface CanonicalOrder {
  externalId: string;
  /** What a person calls it: "#1001", a Taobao tid. */
  number: string;
  status: CanonicalOrderStatus;
  /** The platform's own status words, kept for display and audit. */
  platformStatus: string;
  createdAt: string;
  /** Platform update time (ISO): an update is applied only if newer than the stored one. */
  updatedAt: string;
  currency: string;
  total: string;
  /** id: the platform's own buyer id where it gives one (Taobao buyer_open_uid: nicks are masked and repeat). */
  buyer: { id?: string | null | undefined; name: string | null; email: string | null; nick: string | null };
  /** Buyer message / order note (Shopify note, Taobao buyer_message). */
  buyerNote: string | null;
  /** Seller memo (Taobao seller_memo). */
  sellerNote: string | null;
  shippingAddress: {
    name: string | null; line1: string | null; line2: string | null; city: string | null;
    province: string | null; postalCode: string | null; country: string | null; phone: string | null;
  } | null;
  lines: CanonicalOrderLine[];
  /** Added by the connection's mapping (src/mapping) after the connector read the payload; never set by a connector. */
  mapping?: OrderMapping | undefined;
}

/** What a connection's status overrides and field rules made of one payload (stored with the order as its trace). */
export interface OrderMapping {
  /** Merchant-defined fields filled by rules (gift wrap, delivery date, invoice title …). */
  attributes: Record<string, string | number | boolean>;
  /** Rules that fired with their value, and rules that failed on this payload with the reason. */
  rules: ({ rule: string; target: string; value: string | number | boolean } | { rule: string; target: string; error: string })[];
  /** A status override that replaced the connector's reading. */
  status: { platformStatus: string; from: CanonicalOrderStatus; to: CanonicalOrderStatus } | null;
}

/** A record as pulled or received, before interpretation: what the inbox stores. */
export interface RawRecord {
  externalId: string;
  /** Platform update time (ISO) if the record carries one. */
  updatedAt: string | null;
  topic: string;
  payload: unknown;
}

/** A platform listing (product/variant/SKU) whose quantity the hub publishes. */
export interface ListingRef {
  /** Shopify: inventory_item_id; Taobao: num_iid. */
  platformItemId: string;
  /** Shopify: variant id; Taobao: sku_id (null for an item without SKUs). */
  platformVariantId: string | null;
  /** Shopify: location id; Taobao: null. */
  platformLocationId: string | null;
  /** The seller SKU code on the platform (Shopify variant sku, Taobao outer_sku_id / outer_id). */
  sellerSku: string;
}

export interface StockAck {
  listing: ListingRef;
  qty: number;
  /** What the platform said it now shows, when it says. */
  acknowledgedQty: number | null;
  raw: unknown;
}

export interface ShipmentInput {
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string | undefined;
  /** Lines and quantities shipped; all lines when absent. */
  lines?: { externalLineId: string; qty: number }[] | undefined;
}

export interface ConnectionContext {
  /** Base URL of the shop or gateway (the simulator's in tests). */
  baseUrl: string;
  /**
   * Decrypted credentials: Shopify {accessToken, apiSecret, apiVersion, locationId (where stock is
   * published)}; Taobao {appKey, appSecret, session, signMethod? (md5 | hmac | hmac-sha256)}.
   */
  credentials: Record<string, string>;
  fetch: typeof fetch;
  now(): Date;
  signal?: AbortSignal | undefined;
}

export type WebhookVerdict =
  | { ok: true; topic: string; webhookId: string | null; externalId: string | null; triggeredAt: string | null }
  | { ok: false; reason: string };

/** Thrown by adapters; the worker reschedules, backs off or parks the job accordingly. */
export class PlatformError extends Error {
  constructor(
    readonly kind: 'rate_limited' | 'transient' | 'permanent' | 'auth',
    message: string,
    /** For rate_limited: how long the platform asked us to wait. */
    readonly retryAfterMs: number | null = null,
    readonly platformCode: string | null = null,
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

export interface PullWindow {
  from: Date;
  to: Date;
  /**
   * Of these record versions, the external ids the hub already holds (same or newer update time).
   * A connector whose listing gives only ids and update times asks before fetching details, so an
   * overlapping window costs one list call, not one detail call per record seen before.
   */
  alreadyHeld?(versions: { externalId: string; updatedAt: string }[]): Promise<Set<string>>;
}

export interface Connector {
  kind: PlatformKind;
  /** The platform's published call limit as a token bucket, honoured across processes by the workers. */
  rateLimit: { capacity: number; refillPerSecond: number };
  /**
   * For platforms that limit each operation on its own (Amazon SP-API usage plans): the bucket of a
   * call with this method and path, kept per (connection, operation) by the workers. Null: the call
   * counts against `rateLimit`, the bucket the job claim looks at.
   */
  operationRateLimit?(method: string, pathname: string): { name: string; capacity: number; refillPerSecond: number } | null;
  verifyWebhook?(headers: Record<string, string | string[] | undefined>, rawBody: Buffer, credentials: Record<string, string>): WebhookVerdict;
  /** Webhook body → raw records (usually one order). */
  parseWebhook?(topic: string, body: unknown): RawRecord[];
  /** Interprets one stored raw record. Throws on a payload it cannot read (the inbox keeps the error). */
  parseOrder(record: RawRecord): CanonicalOrder;
  /**
   * Orders updated inside the window, page by page. Yields raw records (details fetched as needed);
   * the caller moves its cursor only after the whole window was read.
   */
  pullOrders(ctx: ConnectionContext, window: PullWindow): AsyncIterable<RawRecord[]>;
  /** Longest window the platform accepts in one pull (Taobao: one day). */
  maxPullWindowMs: number;
  /** Sets absolute quantities (Shopify inventory_levels/set, Taobao item.quantity.update type=1). */
  pushStock(ctx: ConnectionContext, updates: { listing: ListingRef; qty: number }[]): Promise<StockAck[]>;
  pushFulfilment(ctx: ConnectionContext, order: CanonicalOrder, shipment: ShipmentInput): Promise<{ platformShipmentId: string | null; raw: unknown }>;
  /** Every listing of the shop with its seller SKU code, for mapping and reconciliation. */
  listListings(ctx: ConnectionContext): AsyncIterable<ListingRef[]>;
  /** What the platform currently shows for these listings (reconciliation, drift checks). */
  readStock(ctx: ConnectionContext, listings: ListingRef[]): Promise<{ listing: ListingRef; qty: number }[]>;
}
