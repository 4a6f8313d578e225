/**
 * The demo's reconciliation: with scheduled pulls off, passes over every channel every few seconds
 * are what bring in the orders whose webhooks were lost (and Tmall's, which has none), and the final
 * passes before the comparison are the safety net the witnesses then judge.
 */
import type { Hub } from '../hub.ts';
import type { DemoWorld } from './world.ts';

export interface ReconcileFigures {
  runs: number;
  failedRuns: number;
  checked: number;
  matched: number;
  repaired: number;
  /** Over every completed pass: matched / checked. */
  accuracy: number;
}

/** The listing the demo changes on every channel behind the hub's back (a merchant's edit in the shop admin). */
export const TAMPERED_SKU = 'DEMO-010';

const WINDOW_MS = 2 * 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startReconciling(hub: Hub, world: DemoWorld, everyMs: number, log: (line: string) => void) {
  const figures = { runs: 0, failedRuns: 0, checked: 0, matched: 0, repaired: 0 };
  const running = new Set<string>();
  const passes = new Set<Promise<unknown>>();
  let stopped = false;

  /** One pass over one channel; true when it completed. */
  async function pass(connectionId: string): Promise<boolean> {
    const result = await hub.reconcile.run(connectionId, { trigger: 'demo', windowMs: WINDOW_MS });
    if (!result.ok) throw new Error(`reconcile ${connectionId}: ${result.message}`);
    const run = result.value;
    if (run.error) {
      figures.failedRuns++;
      return false;
    }
    figures.runs++;
    figures.checked += run.checked;
    figures.matched += run.matched;
    figures.repaired += run.repaired;
    return true;
  }

  function tick(): void {
    for (const id of Object.values(world.connections)) {
      if (running.has(id) || stopped) continue;
      running.add(id);
      const p = pass(id).catch((err) => log(`reconciliation of ${id} failed: ${err instanceof Error ? err.message : String(err)}`)).finally(() => {
        running.delete(id);
        passes.delete(p);
      });
      passes.add(p);
    }
  }
  const timer = setInterval(tick, everyMs);

  return {
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await Promise.all([...passes]);
    },
    /** A completed pass over every channel (a channel out of call tokens is tried again until it answers). */
    async final(): Promise<void> {
      await Promise.all(Object.values(world.connections).map(async (id) => {
        const deadline = Date.now() + 180_000;
        while (!(await pass(id)) && Date.now() < deadline) await sleep(5_000);
      }));
    },
    figures(): ReconcileFigures {
      return { ...figures, accuracy: figures.checked === 0 ? 1 : Number((figures.matched / figures.checked).toFixed(4)) };
    },
  };
}

export type Reconciling = ReturnType<typeof startReconciling>;

/** Every channel shows a quantity of its own on one listing, without the hub being told. */
export async function tamperListings(world: DemoWorld, log: (line: string) => void): Promise<void> {
  for (const channel of Object.keys(world.connections) as (keyof DemoWorld['connections'])[]) {
    await world.sims.control(channel, 'listed', { sku: TAMPERED_SKU, qty: 999 });
  }
  log(`every channel now shows 999 of ${TAMPERED_SKU}, set in the shop admin behind the hub's back`);
}
