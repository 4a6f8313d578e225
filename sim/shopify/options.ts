/** Options of the Shopify simulator and their defaults (real Shopify values unless said otherwise). */
import { checkCatalog, type CatalogEntry } from '../common/catalog.ts';
import { DEFAULT_DEMAND, type DemandSettings } from '../common/demand.ts';

export interface ShopifySimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback: the simulator has no real security. */
  host?: '127.0.0.1';
  seed?: number;
  catalog: CatalogEntry[];
  /** The shop's handle: webhooks carry X-Shopify-Shop-Domain {shop}.myshopify.com. */
  shop?: string;
  credentials?: {
    /** Expected in X-Shopify-Access-Token. */
    accessToken: string;
    /** The app's client secret: the key of X-Shopify-Hmac-Sha256. */
    apiSecret: string;
  };
  /** Sent in X-Shopify-API-Version on webhooks (API calls may use any YYYY-MM in their path). */
  apiVersion?: string;
  currency?: string;
  /** The shop's time zone as a fixed offset; timestamps are written with it ("…-05:00"). */
  utcOffsetMinutes?: number;
  /** REST leaky bucket (Standard plan: 40, leaking 2 calls a second). */
  rateLimit?: { bucketSize?: number; leakPerSecond?: number };
  /** Where webhooks go from the start (also settable through POST /_sim/webhooks). */
  webhookAddress?: string | null;
  webhookRetry?: { maxAttempts?: number; baseMs?: number; timeoutMs?: number };
  /** How long after creation an order is paid or cancelled, when it is (uniform in [min, max]). */
  lifecycleDelayMs?: [number, number];
  demand?: Partial<DemandSettings>;
}

export interface ShopifySettings {
  port: number;
  host: string;
  seed: number;
  catalog: CatalogEntry[];
  shop: string;
  shopDomain: string;
  accessToken: string;
  apiSecret: string;
  apiVersion: string;
  currency: string;
  utcOffsetMinutes: number;
  bucketSize: number;
  leakPerSecond: number;
  webhookAddress: string | null;
  webhookMaxAttempts: number;
  webhookRetryBaseMs: number;
  webhookTimeoutMs: number;
  lifecycleDelayMs: [number, number];
  demand: DemandSettings;
}

const DEFAULT_SHOPIFY_CREDENTIALS = {
  accessToken: 'shpat_sim_00000000000000000000000000000000',
  apiSecret: 'shpss_sim_00000000000000000000000000000000',
};

export function resolveShopifyOptions(options: ShopifySimOptions): ShopifySettings {
  checkCatalog(options.catalog);
  const shop = options.shop ?? 'omnisync-sim';
  const settings: ShopifySettings = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    seed: options.seed ?? 1,
    catalog: options.catalog,
    shop,
    shopDomain: `${shop}.myshopify.com`,
    ...(options.credentials ?? DEFAULT_SHOPIFY_CREDENTIALS),
    apiVersion: options.apiVersion ?? '2025-07',
    currency: options.currency ?? 'USD',
    utcOffsetMinutes: options.utcOffsetMinutes ?? -300,
    bucketSize: options.rateLimit?.bucketSize ?? 40,
    leakPerSecond: options.rateLimit?.leakPerSecond ?? 2,
    webhookAddress: options.webhookAddress ?? null,
    webhookMaxAttempts: options.webhookRetry?.maxAttempts ?? 4,
    webhookRetryBaseMs: options.webhookRetry?.baseMs ?? 1000,
    webhookTimeoutMs: options.webhookRetry?.timeoutMs ?? 5000,
    lifecycleDelayMs: options.lifecycleDelayMs ?? [3000, 20_000],
    demand: { ...DEFAULT_DEMAND, ...options.demand },
  };
  if (settings.host !== '127.0.0.1') throw new Error('the simulator listens on 127.0.0.1 only');
  return settings;
}
