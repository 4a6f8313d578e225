/** Options of the Amazon SP-API simulator and their defaults (real SP-API values unless said otherwise). */
import { checkCatalog, type CatalogEntry } from '../common/catalog.ts';
import { DEFAULT_DEMAND, type DemandSettings } from '../common/demand.ts';
import { DEFAULT_USAGE_PLANS, type SpOperation, type UsagePlan } from './usage-plans.ts';

export interface AmazonCredentials {
  /** LWA client (the app's "client identifier" and "client secret"). */
  clientId: string;
  clientSecret: string;
  /** The seller's authorisation of the app ("Atzr|…"). */
  refreshToken: string;
  sellerId: string;
  marketplaceId: string;
  /** Sent by the notification relay in NOTIFICATION_SECRET_HEADER (the hub's side of an SQS → HTTPS relay). */
  notificationSecret: string;
}

export interface AmazonSimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback: the simulator has no real security. */
  host?: '127.0.0.1';
  seed?: number;
  catalog: CatalogEntry[];
  credentials?: Partial<AmazonCredentials>;
  currency?: string;
  /** Where ORDER_CHANGE notifications go from the start (also settable through POST /_sim/webhooks). */
  notificationAddress?: string | null;
  notificationRetry?: { maxAttempts?: number; baseMs?: number; timeoutMs?: number };
  /** How long after creation an order is paid or cancelled, when it is (uniform in [min, max]). */
  lifecycleDelayMs?: [number, number];
  /** Per-operation usage plans (rate per second, burst); tests speed them up or tighten them. */
  rateLimits?: Partial<Record<SpOperation, Partial<UsagePlan>>>;
  /** Lifetime of an LWA access token (SP-API: 3600 s). */
  accessTokenTtlSeconds?: number;
  /**
   * getOrders refuses a LastUpdatedBefore/CreatedBefore later than this long ago, and applies it as
   * the bound when none is given (ordersV0: "at least 2 minutes before the current time"). Tests set 0.
   */
  ordersLagMs?: number;
  /** Order items per getOrderItems page (real page size unconfirmed); tests set 1 to exercise NextToken. */
  orderItemsPerPage?: number;
  demand?: Partial<DemandSettings>;
}

export interface AmazonSettings {
  port: number;
  host: string;
  seed: number;
  catalog: CatalogEntry[];
  credentials: AmazonCredentials;
  currency: string;
  notificationAddress: string | null;
  notificationMaxAttempts: number;
  notificationRetryBaseMs: number;
  notificationTimeoutMs: number;
  lifecycleDelayMs: [number, number];
  usagePlans: Record<SpOperation, UsagePlan>;
  accessTokenTtlSeconds: number;
  ordersLagMs: number;
  orderItemsPerPage: number;
  demand: DemandSettings;
}

const DEFAULT_AMAZON_CREDENTIALS: AmazonCredentials = {
  clientId: 'amzn1.application-oa2-client.0000000000000000000000000sim',
  clientSecret: 'amzn1.oa2-cs.v1.00000000000000000000000000000000000000000000000000000000000sim',
  refreshToken: 'Atzr|IwEBIsim-refresh-token-0000000000000000000000000000000000000000',
  sellerId: 'A3TH9S8BH6GOGM',
  marketplaceId: 'ATVPDKIKX0DER',
  notificationSecret: 'sim-relay-secret-00000000000000000000',
};

export function resolveAmazonOptions(options: AmazonSimOptions): AmazonSettings {
  checkCatalog(options.catalog);
  const usagePlans = { ...DEFAULT_USAGE_PLANS };
  for (const [name, plan] of Object.entries(options.rateLimits ?? {}) as [SpOperation, Partial<UsagePlan>][]) {
    usagePlans[name] = { ...usagePlans[name], ...plan };
  }
  const settings: AmazonSettings = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    seed: options.seed ?? 1,
    catalog: options.catalog,
    credentials: { ...DEFAULT_AMAZON_CREDENTIALS, ...options.credentials },
    currency: options.currency ?? 'USD',
    notificationAddress: options.notificationAddress ?? null,
    notificationMaxAttempts: options.notificationRetry?.maxAttempts ?? 4,
    notificationRetryBaseMs: options.notificationRetry?.baseMs ?? 1000,
    notificationTimeoutMs: options.notificationRetry?.timeoutMs ?? 5000,
    lifecycleDelayMs: options.lifecycleDelayMs ?? [3000, 20_000],
    usagePlans,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    ordersLagMs: options.ordersLagMs ?? 120_000,
    orderItemsPerPage: options.orderItemsPerPage ?? 30,
    demand: { ...DEFAULT_DEMAND, ...options.demand },
  };
  if (settings.host !== '127.0.0.1') throw new Error('the simulator listens on 127.0.0.1 only');
  if (!Number.isInteger(settings.orderItemsPerPage) || settings.orderItemsPerPage < 1) throw new Error('orderItemsPerPage must be a whole number >= 1');
  return settings;
}
