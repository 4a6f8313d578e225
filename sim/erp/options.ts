/**
 * Options of the ERP simulator and their defaults. There is no public standard for an ERP's REST
 * API: the wire format is the generic one the hub's ERP adapters speak (src/partners/types.ts is not
 * imported: the simulator is an independent witness). See sim/README.md, "ERP".
 */
import { isMoneyText } from './validate.ts';

export interface ErpSimProductInput {
  sku: string;
  name: string;
  /** Decimal string ("4.20") or number; money is kept as text. */
  unitCost: string | number | null;
  price: string | number | null;
  currency?: string | null;
  barcode?: string | null;
}

export interface ErpSimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback: the simulator has no real security. */
  host?: '127.0.0.1';
  seed?: number;
  /** Expected as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** The product master at start (and after a reset). */
  products?: ErpSimProductInput[];
  /** Currency of products that name none. */
  currency?: string;
  /**
   * When set, the ERP also "exchanges files": control routes write CSV files into csvDir/inbox
   * (for the hub to read) and GET /_sim/state books order files found in csvDir/outbox.
   */
  csvDir?: string;
  /** Where generated purchase receipts (POST /_sim/generate) are received. */
  locations?: string[];
  /** Largest page a list call serves (default 500); `limit` above it is capped. */
  maxPageSize?: number;
}

export interface ErpSettings {
  port: number;
  host: string;
  seed: number;
  apiKey: string;
  products: ErpSimProductInput[];
  currency: string;
  csvDir: string | null;
  locations: string[];
  maxPageSize: number;
}

export const DEFAULT_ERP_API_KEY = 'erp_sim_key_0000000000000000';

export function resolveErpOptions(options: ErpSimOptions): ErpSettings {
  const settings: ErpSettings = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    seed: options.seed ?? 1,
    apiKey: options.apiKey ?? DEFAULT_ERP_API_KEY,
    products: options.products ?? [],
    currency: options.currency ?? 'USD',
    csvDir: options.csvDir ?? null,
    locations: options.locations ?? ['MAIN'],
    maxPageSize: options.maxPageSize ?? 500,
  };
  if (settings.host !== '127.0.0.1') throw new Error('the simulator listens on 127.0.0.1 only');
  if (!settings.apiKey) throw new Error('apiKey must not be empty');
  if (settings.locations.length === 0) throw new Error('locations must name at least one location');
  const seen = new Set<string>();
  for (const product of settings.products) {
    if (!product.sku || !product.name) throw new Error('a product needs a sku and a name');
    if (seen.has(product.sku)) throw new Error(`sku ${product.sku} appears twice in products`);
    seen.add(product.sku);
    for (const money of [product.unitCost, product.price]) {
      if (money !== null && !isMoneyText(String(money))) throw new Error(`sku ${product.sku}: ${money} is not an amount`);
    }
  }
  return settings;
}
