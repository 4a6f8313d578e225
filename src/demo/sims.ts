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
}

export interface SimCatalogEntry {
  sku: string;
  qty: number;
  price: string;
  title?: string;
  product?: string;
}

export interface RunningSims extends SimEndpoints {
  control(platform: 'shopify' | 'taobao', path: string, body?: unknown): Promise<any>;
  stop(): Promise<void>;
}

const simRunner = fileURLToPath(new URL('../../sim/launch.ts', import.meta.url));

export async function startSims(options: { seed: number; catalog: SimCatalogEntry[]; reviewShare?: number }): Promise<RunningSims> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', simRunner, '--json', '--seed', String(options.seed),
    '--catalog', JSON.stringify(options.catalog), '--review-share', String(options.reviewShare ?? 0)], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  const base = { shopify: endpoints.shopify.url, taobao: endpoints.taobao.url };
  return {
    ...endpoints,
    async control(platform, path, body) {
      const response = await fetch(`${base[platform]}/_sim/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`${platform} simulator ${path}: ${response.status} ${await response.text()}`);
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
