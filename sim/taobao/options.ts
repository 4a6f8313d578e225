/** Options of the Taobao/Tmall TOP simulator and their defaults. */
import { checkCatalog, type CatalogEntry } from '../common/catalog.ts';
import { DEFAULT_DEMAND, type DemandSettings } from '../common/demand.ts';

export interface TaobaoSimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback: the simulator has no real security. */
  host?: '127.0.0.1';
  seed?: number;
  catalog: CatalogEntry[];
  credentials?: {
    appKey: string;
    appSecret: string;
    /** The seller's authorisation (TOP "session"). */
    session: string;
  };
  /** The seller's nick (trades' seller_nick). */
  sellerNick?: string;
  rateLimit?: {
    /** Calls per second per app before code 7 [the real limit depends on the app and API; 20 is arbitrary]. */
    callsPerSecond?: number;
    /** How long a ban outlasts the second in which the limit was passed. */
    banSeconds?: number;
  };
  /** How long after creation a trade is paid or closed, when it is, and how long after shipping it is finished. */
  lifecycleDelayMs?: [number, number];
  demand?: Partial<DemandSettings>;
}

export interface TaobaoSettings {
  port: number;
  host: string;
  seed: number;
  catalog: CatalogEntry[];
  appKey: string;
  appSecret: string;
  session: string;
  sellerNick: string;
  callsPerSecond: number;
  banSeconds: number;
  lifecycleDelayMs: [number, number];
  demand: DemandSettings;
}

const DEFAULT_TAOBAO_CREDENTIALS = {
  appKey: '12345678',
  appSecret: 'sim0123456789abcdef0123456789abcd',
  session: '6100sim0000000000000000000000000000000000000000000',
};

export function resolveTaobaoOptions(options: TaobaoSimOptions): TaobaoSettings {
  checkCatalog(options.catalog);
  const settings: TaobaoSettings = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    seed: options.seed ?? 1,
    catalog: options.catalog,
    ...(options.credentials ?? DEFAULT_TAOBAO_CREDENTIALS),
    sellerNick: options.sellerNick ?? 'omnisync旗舰店',
    callsPerSecond: options.rateLimit?.callsPerSecond ?? 20,
    banSeconds: options.rateLimit?.banSeconds ?? 1,
    lifecycleDelayMs: options.lifecycleDelayMs ?? [3000, 20_000],
    demand: { ...DEFAULT_DEMAND, ...options.demand },
  };
  if (settings.host !== '127.0.0.1') throw new Error('the simulator listens on 127.0.0.1 only');
  return settings;
}
