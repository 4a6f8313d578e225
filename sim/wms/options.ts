/**
 * Options of the WMS / 3PL simulator and their defaults, and the behaviour settings that
 * POST /_sim/settings may change mid-run. There is no public standard for a 3PL's REST API: the
 * wire format is the one the hub's contract names (src/partners/types.ts is not imported: the
 * simulator is an independent witness).
 */
import { toRange } from '../common/faults.ts';

export interface WarehouseOpening {
  code: string;
  stock: { sku: string; qty: number }[];
}

/** What the warehouse does and how fast: settable at start and through POST /_sim/settings. */
export interface WmsBehaviour {
  /** Pick delay of a shipment request, uniform in [min, max]. */
  shipDelayMs: [number, number];
  /** Chance per shipment that one line is shipped short on purpose (not found at the pick face). */
  shortShipRate: number;
  /** Chance per shipment that one unit of some SKU in that warehouse is found damaged or lost (no event until counted). */
  shrinkRate: number;
  /** A cycle count of a few SKUs this often; 0 counts nothing (POST /_sim/count-all still does). */
  countEveryMs: number;
  /** Share of shipped requests that later come back (part of one line). */
  returnRate: number;
  /** How long after shipping a return arrives, uniform in [min, max]. */
  returnDelayMs: [number, number];
  /** How long after the notice inbound goods are received, uniform in [min, max]. */
  receiveDelayMs: [number, number];
  /** Stops new shipments, returns and counts (held until resumed), so a run can drain. */
  paused: boolean;
}

export interface WmsSimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback: the simulator has no real security. */
  host?: '127.0.0.1';
  seed?: number;
  /** Expected as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Key of X-WMS-Signature on webhooks. */
  webhookSecret?: string;
  warehouses: WarehouseOpening[];
  shipDelayMs?: [number, number];
  shortShipRate?: number;
  shrinkRate?: number;
  countEveryMs?: number;
  returnRate?: number;
  returnDelayMs?: [number, number];
  receiveDelayMs?: [number, number];
  /** Where webhooks go from the start (also settable through POST /_sim/webhooks). */
  webhookAddress?: string | null;
  webhookRetry?: { maxAttempts?: number; baseMs?: number; timeoutMs?: number };
}

export interface WmsSettings {
  port: number;
  host: string;
  seed: number;
  apiKey: string;
  webhookSecret: string;
  warehouses: WarehouseOpening[];
  behaviour: WmsBehaviour;
  webhookAddress: string | null;
  webhookMaxAttempts: number;
  webhookRetryBaseMs: number;
  webhookTimeoutMs: number;
}

export const DEFAULT_BEHAVIOUR: WmsBehaviour = {
  shipDelayMs: [2000, 6000],
  shortShipRate: 0.02,
  shrinkRate: 0.01,
  countEveryMs: 5000,
  returnRate: 0.02,
  returnDelayMs: [5000, 15_000],
  receiveDelayMs: [1000, 3000],
  paused: false,
};

const MAX_DELAY_MS = 10 * 60_000;

export function resolveWmsOptions(options: WmsSimOptions): WmsSettings {
  checkWarehouses(options.warehouses);
  const { port, host, seed, apiKey, webhookSecret, warehouses, webhookAddress, webhookRetry, ...rest } = options;
  const behaviour = { ...DEFAULT_BEHAVIOUR };
  const problem = updateBehaviour(behaviour, rest);
  if (problem) throw new Error(problem);
  if ((host ?? '127.0.0.1') !== '127.0.0.1') throw new Error('the simulator listens on 127.0.0.1 only');
  return {
    port: port ?? 0,
    host: '127.0.0.1',
    seed: seed ?? 1,
    apiKey: apiKey ?? 'wms_sim_key_0000000000000000',
    webhookSecret: webhookSecret ?? 'wms_sim_webhook_secret_0000',
    warehouses,
    behaviour,
    webhookAddress: webhookAddress ?? null,
    webhookMaxAttempts: webhookRetry?.maxAttempts ?? 4,
    webhookRetryBaseMs: webhookRetry?.baseMs ?? 1000,
    webhookTimeoutMs: webhookRetry?.timeoutMs ?? 5000,
  };
}

function checkWarehouses(warehouses: readonly WarehouseOpening[]): void {
  if (!Array.isArray(warehouses) || warehouses.length === 0) throw new Error('the WMS simulator needs at least one warehouse');
  const codes = new Set<string>();
  for (const warehouse of warehouses) {
    if (!warehouse.code || codes.has(warehouse.code)) throw new Error(`warehouse code "${warehouse.code}" is empty or repeated`);
    codes.add(warehouse.code);
    const problem = stockProblem(warehouse.stock);
    if (problem) throw new Error(`warehouse ${warehouse.code}: ${problem}`);
  }
}

/** Why a stock list cannot be booked (null when it can): SKUs present once, whole quantities >= 0. */
export function stockProblem(stock: unknown): string | null {
  if (!Array.isArray(stock)) return 'stock must be a list of {sku, qty}';
  const seen = new Set<string>();
  for (const item of stock as { sku?: unknown; qty?: unknown }[]) {
    if (typeof item?.sku !== 'string' || item.sku === '') return 'every item needs a sku';
    if (seen.has(item.sku)) return `sku ${item.sku} appears twice`;
    seen.add(item.sku);
    if (typeof item.qty !== 'number' || !Number.isInteger(item.qty) || item.qty < 0) return `sku ${item.sku}: qty must be a whole number >= 0`;
  }
  return null;
}

/**
 * Applies a settings body such as {shortShipRate: 0.1, paused: true}; keys left out keep their value.
 * Returns an error message (and changes nothing) when the body is not valid.
 */
export function updateBehaviour(behaviour: WmsBehaviour, body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'settings must be a JSON object';
  const next = { ...behaviour };
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    const problem = applySetting(next, key, value);
    if (problem) return problem;
  }
  Object.assign(behaviour, next);
  return null;
}

function applySetting(next: WmsBehaviour, key: string, value: unknown): string | null {
  switch (key) {
    case 'shortShipRate':
    case 'shrinkRate':
    case 'returnRate':
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) return `${key} must be a number from 0 to 1`;
      next[key] = value;
      return null;
    case 'countEveryMs':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_DELAY_MS) return `${key} must be a whole number of ms from 0 to ${MAX_DELAY_MS}`;
      next[key] = value;
      return null;
    case 'shipDelayMs':
    case 'returnDelayMs':
    case 'receiveDelayMs': {
      const range = toRange(value, MAX_DELAY_MS);
      if (!range) return `${key} must be [minMs, maxMs] with 0 <= min <= max <= ${MAX_DELAY_MS}`;
      next[key] = range;
      return null;
    }
    case 'paused':
      if (typeof value !== 'boolean') return 'paused must be true or false';
      next.paused = value;
      return null;
    default:
      return `unknown setting "${key}"`;
  }
}

