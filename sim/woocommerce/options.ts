/** Options of the WooCommerce simulator and their defaults (real WooCommerce values unless said otherwise). */
import { checkCatalog, type CatalogEntry } from '../common/catalog.ts';
import { DEFAULT_DEMAND, type DemandSettings } from '../common/demand.ts';

export interface WooCredentials {
  /** A REST API key ("ck_" + 40 hex) and its secret ("cs_" + 40 hex), as WooCommerce generates them. */
  consumerKey: string;
  consumerSecret: string;
  /** The secret of the order.* webhooks: the key of X-WC-Webhook-Signature. */
  webhookSecret: string;
}

export interface WooSimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback: the simulator has no real security. */
  host?: '127.0.0.1';
  seed?: number;
  catalog: CatalogEntry[];
  credentials?: WooCredentials;
  currency?: string;
  /** The site's time zone as a fixed offset: date_created is this wall clock, date_created_gmt is UTC. */
  utcOffsetMinutes?: number;
  /** Where webhooks go from the start (no creation ping then); POST /_sim/webhooks sets it and pings. */
  webhookAddress?: string | null;
  /** WooCommerce sends each event once and does not retry (class-wc-webhook.php): maxAttempts 1 by default. */
  webhookRetry?: { maxAttempts?: number; baseMs?: number; timeoutMs?: number };
  /** How long after creation an order is paid or cancelled, when it is (uniform in [min, max]). */
  lifecycleDelayMs?: [number, number];
  demand?: Partial<DemandSettings>;
}

export interface WooSettings {
  port: number;
  host: string;
  seed: number;
  catalog: CatalogEntry[];
  credentials: WooCredentials;
  currency: string;
  utcOffsetMinutes: number;
  webhookAddress: string | null;
  webhookMaxAttempts: number;
  webhookRetryBaseMs: number;
  webhookTimeoutMs: number;
  lifecycleDelayMs: [number, number];
  demand: DemandSettings;
}

const DEFAULT_WOO_CREDENTIALS: WooCredentials = {
  consumerKey: 'ck_5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a3f4e',
  consumerSecret: 'cs_0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b',
  webhookSecret: 'whsec-omnisync-sim-0123456789',
};

export function resolveWooOptions(options: WooSimOptions): WooSettings {
  checkCatalog(options.catalog);
  const settings: WooSettings = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    seed: options.seed ?? 1,
    catalog: options.catalog,
    credentials: options.credentials ?? DEFAULT_WOO_CREDENTIALS,
    currency: options.currency ?? 'USD',
    // The docs' example shop runs three hours behind UTC (date_created 16:28, date_created_gmt 19:28).
    utcOffsetMinutes: options.utcOffsetMinutes ?? -180,
    webhookAddress: options.webhookAddress ?? null,
    webhookMaxAttempts: options.webhookRetry?.maxAttempts ?? 1,
    webhookRetryBaseMs: options.webhookRetry?.baseMs ?? 1000,
    // Hookshot waits up to a minute for the receiver (http_args timeout MINUTE_IN_SECONDS).
    webhookTimeoutMs: options.webhookRetry?.timeoutMs ?? 60_000,
    lifecycleDelayMs: options.lifecycleDelayMs ?? [3000, 20_000],
    demand: { ...DEFAULT_DEMAND, ...options.demand },
  };
  if (settings.host !== '127.0.0.1') throw new Error('the simulator listens on 127.0.0.1 only');
  return settings;
}
