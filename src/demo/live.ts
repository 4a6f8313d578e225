import type { Hub } from '../hub.ts';
import { CHANNEL_SHARE } from './run.ts';
import { CHANNELS, DEMO_ALIASES, DEMO_WAREHOUSE, demoProducts, startDemoWorld, type DemoWorld } from './world.ts';

export interface LiveDemoOptions {
  hubUrl: string;
  /** Orders per second on each simulated channel. */
  ordersPerSecond?: number;
  log(message: string, details?: Record<string, unknown>): void;
}

const TICK_MS = 10_000;
const REORDER_POINT = 40;
const REORDER_QTY = 300;
const ALIAS_AFTER_MS = 60_000;

/**
 * What `npm start` shows a newcomer: four simulated channels selling the demo products without end,
 * the hub reserving, pushing and handing orders to the ERP and the warehouse, which ships them back
 * with tracking; when a SKU runs low the ERP books a purchase receipt, the warehouse receives the
 * goods, and the picture keeps moving instead of selling out.
 */
export async function startLiveDemo(hub: Hub, options: LiveDemoOptions): Promise<{ world: DemoWorld; stop(): Promise<void> }> {
  const world = await startDemoWorld(hub, options.hubUrl, { seed: 7, reviewShare: 0.05, nameSuffix: 'live', shipDelayMs: [5_000, 20_000] });
  const perSecond = options.ordersPerSecond ?? 1;
  let stopped = false;
  const pending = new Set<string>();
  const tick = async () => {
    for (const p of CHANNELS) {
      const rate = perSecond * CHANNELS.length * CHANNEL_SHARE[p];
      await world.sims.control(p, 'generate', { count: Math.max(1, Math.round((rate * TICK_MS) / 1000)), perSecond: rate });
    }
    for (const p of demoProducts()) {
      const level = await hub.inventory.stockOf(p.sku);
      if (!level.ok || level.value.available >= REORDER_POINT) continue;
      if (pending.has(p.sku)) continue;
      pending.add(p.sku);
      // The goods arrive at the warehouse; its confirmation books them (the ERP alone would count them twice).
      await world.sims.control('erp', 'receipt', { sku: p.sku, location: DEMO_WAREHOUSE, qty: REORDER_QTY, purchaseOrder: `PO-DEMO-${Date.now()}` });
      setTimeout(() => pending.delete(p.sku), 60_000).unref();
      options.log('demo purchase receipt booked in the ERP', { sku: p.sku, qty: REORDER_QTY });
    }
  };
  const loop = async () => {
    while (!stopped) {
      await tick().catch((err: unknown) => options.log('demo tick failed', { err: String(err) }));
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
  };
  const running = loop();
  // Amazon lists one SKU under its own code: its orders wait as UNMAPPED_SKU for a minute, then the
  // alias is added (as a merchant would in the mapping editor) and they continue by themselves.
  const aliasTimer = setTimeout(() => {
    void (async () => {
      for (const a of DEMO_ALIASES) await hub.mapping.putAliases(world.connections[a.channel], [{ code: a.code, sku: a.sku }], 'demo');
      options.log('demo mapping added', { aliases: DEMO_ALIASES });
    })().catch((err: unknown) => options.log('demo mapping failed', { err: String(err) }));
  }, ALIAS_AFTER_MS);
  options.log('live demo: Shopify, Tmall, WooCommerce and Amazon simulators are selling the DEMO-* products; an ERP and a WMS simulator run the back office', { connections: world.connections, partners: world.partners });
  return {
    world,
    async stop() {
      stopped = true;
      clearTimeout(aliasTimer);
      await world.stop();
      await Promise.race([running, new Promise((r) => setTimeout(r, 1_000))]);
    },
  };
}
