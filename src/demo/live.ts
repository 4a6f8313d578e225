import type { Hub } from '../hub.ts';
import { demoProducts, startDemoWorld, type DemoWorld } from './world.ts';

export interface LiveDemoOptions {
  hubUrl: string;
  /** Orders per second on each simulated channel. */
  ordersPerSecond?: number;
  log(message: string, details?: Record<string, unknown>): void;
}

const TICK_MS = 10_000;
const REORDER_POINT = 40;
const REORDER_QTY = 300;

/**
 * What `npm start` shows a newcomer: both simulators selling the demo products without end, the
 * hub reserving and pushing, and a warehouse that replenishes a SKU when it runs low (a receipt, as
 * a real one would book), so the picture keeps moving instead of selling out.
 */
export async function startLiveDemo(hub: Hub, options: LiveDemoOptions): Promise<{ world: DemoWorld; stop(): Promise<void> }> {
  const world = await startDemoWorld(hub, options.hubUrl, { seed: 7, reviewShare: 0.05, names: { shopify: 'Demo Shopify', taobao: 'Demo Tmall' } });
  const perSecond = options.ordersPerSecond ?? 1;
  let stopped = false;
  let receipt = 0;
  const tick = async () => {
    for (const p of ['shopify', 'taobao'] as const) {
      await world.sims.control(p, 'generate', { count: Math.round((perSecond * TICK_MS) / 1000), perSecond });
    }
    for (const p of demoProducts()) {
      const level = await hub.inventory.stockOf(p.sku);
      if (!level.ok || level.value.available >= REORDER_POINT) continue;
      receipt++;
      await hub.inventory.receive({
        sku: p.sku, location: 'WH-DEMO', qty: REORDER_QTY, idempotencyKey: `demo-replenish:${Date.now()}:${p.sku}:${receipt}`, reference: 'demo replenishment',
      }, 'demo');
      options.log('demo warehouse replenished', { sku: p.sku, qty: REORDER_QTY });
    }
  };
  const loop = async () => {
    while (!stopped) {
      await tick().catch((err: unknown) => options.log('demo tick failed', { err: String(err) }));
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
  };
  const running = loop();
  options.log('live demo: a Shopify and a Tmall simulator are selling the DEMO-* products', { connections: world.connections });
  return {
    world,
    async stop() {
      stopped = true;
      await world.stop();
      await Promise.race([running, new Promise((r) => setTimeout(r, 1_000))]);
    },
  };
}
