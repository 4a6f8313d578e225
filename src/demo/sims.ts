import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

/**
 * The simulators run in a child process and are reached only over HTTP: the hub never imports
 * them (DESIGN.md, "Simulators"), so a misunderstanding of a platform cannot be shared by both sides.
 */
export interface SimEndpoints {
  shopify: { url: string; apiVersion: string; shopDomain: string; locationId: string; accessToken: string; apiSecret: string };
  taobao: { url: string; gatewayUrl: string; appKey: string; appSecret: string; session: string };
  woocommerce?: { url: string; consumerKey: string; consumerSecret: string; webhookSecret: string };
  amazon?: { url: string; clientId: string; clientSecret: string; refreshToken: string; sellerId: string; marketplaceId: string; notificationSecret: string; lwaUrl: string };
  erp?: { url: string; apiKey: string };
  wms?: { url: string; apiKey: string; webhookSecret: string };
}

export type SimName = 'shopify' | 'taobao' | 'woocommerce' | 'amazon' | 'erp' | 'wms';

/** What sim/launch.ts starts: a catalog per channel (a shop may spell a SKU its own way), and the back office. */
export interface SimLaunchConfig {
  reviewShare?: number;
  harmlessMessageShare?: number;
  catalogs: Partial<Record<'shopify' | 'taobao' | 'woocommerce' | 'amazon', SimCatalogEntry[]>>;
  shopifyRateLimit?: { bucketSize?: number; leakPerSecond?: number };
  amazonOrdersLagMs?: number;
  erp?: { products?: { sku: string; name: string; unitCost: string; price: string }[]; locations?: string[] };
  wms?: { warehouses: { code: string; stock: { sku: string; qty: number }[] }[]; shipDelayMs?: [number, number]; shortShipRate?: number; shrinkRate?: number; countEveryMs?: number; returnRate?: number };
}

export interface SimCatalogEntry {
  sku: string;
  qty: number;
  price: string;
  title?: string;
  product?: string;
}

export interface RunningSims extends SimEndpoints {
  control(sim: SimName, path: string, body?: unknown): Promise<any>;
  stop(): Promise<void>;
}

const simRunner = fileURLToPath(new URL('../../sim/launch.ts', import.meta.url));

export async function startSims(options: { seed: number; config: SimLaunchConfig }): Promise<RunningSims> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', simRunner, '--json', '--seed', String(options.seed),
    '--config', JSON.stringify(options.config)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoints = await new Promise<SimEndpoints>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line) as SimEndpoints);
      } catch {
        reject(new Error(`the simulators printed something unexpected: ${line}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`the simulators exited (${code}) before starting`)));
  });
  return {
    ...endpoints,
    async control(sim, path, body) {
      const base = endpoints[sim]?.url;
      if (!base) throw new Error(`the ${sim} simulator was not started`);
      const response = await fetch(`${base}/_sim/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`${sim} simulator ${path}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
