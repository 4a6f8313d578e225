import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { buildServer } from '../../api/server.ts';
import { openHub } from '../../hub.ts';
import { runDemoOrders } from '../../demo/run.ts';
import { startWorkerProcesses, type WorkerProcesses } from '../../demo/worker-processes.ts';
import { DEMO_ALIASES, startDemoWorld } from '../../demo/world.ts';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run orders through simulated channels and check the hub against them',
  help: `Usage: omnisync demo [--orders N] [--faults none|chaos] [--rate ORDERS_PER_SECOND] [--stock ample|scarce]
                     [--webhook-loss 0..1] [--no-pull] [--review-share 0..1] [--kill-worker] [--exit-when-done]

Starts the hub and simulators of Shopify, Tmall, WooCommerce, Amazon, an ERP and a
warehouse (WMS), connects them, and lets the four channels sell the same stock. The
hub releases paid orders to the ERP (booked once each) and the warehouse, which
ships them after a pick delay (now and then short), loses a unit now and then,
counts, and takes returns; shipments come back with tracking and go out to the
channels. Amazon lists one SKU under a code of its own: its orders wait as
UNMAPPED_SKU until the demo adds the alias halfway through. With --exit-when-done
it runs N orders, waits until everything is shipped and quiet, has the warehouse
count every SKU, compares the simulators (independent witnesses) with the hub and
prints one JSON line:
  {"orders":N,"lost":0,"duplicated":0,"wrongLines":0,"oversold":0,"listingDrift":0,"wrongStatus":0,
   "stockDrift":0,"erpMismatch":0,"wmsMismatch":0,"trackingMissing":0,"unmappedLeft":0,…}
The exit code is 0 only if every count is 0. "reviewRecall" is the share of the orders
a simulator labelled as needing a person that the review rules held (target 1);
"reviewFalseHoldRate" the orders held without such a label over all orders (target
at most 0.02); test/demo.test.ts checks both.

--review-share 0.25 (default): the share of orders the simulators plant a case in
that needs a person (a buyer message, a quantity or price typo, a duplicate, a bad
address); another 10 % carry a harmless note ("thanks", "请尽快发货") that must pass.

--faults chaos: 10 % of webhooks dropped (the warehouse's too), 5 % duplicated,
reordering, 5 % of API calls answered 429 or 5xx (ERP and warehouse included), and
one 20 s outage of each channel.

--webhook-loss 0.3: the channels drop 30 % of their webhooks (with or without chaos).
--no-pull: no scheduled pulls. Reconciliation passes over every channel every 5 s
bring in what the webhooks lost (and every Tmall order: Tmall sends none), each
channel shows 999 of DEMO-010 behind the hub's back early on, and two last passes
replace the final pulls. The JSON line gains
  "reconciled":{"runs":…,"failedRuns":…,"checked":…,"matched":…,"repaired":…,"accuracy":…}

--stock ample (default): opening stock for a day of trading, so the run checks
sync, not sell-outs. --stock scarce: every SKU starts low; the channels then race
for the last units, and "oversold" counts the sales the hub could not honour.

--kill-worker (needs DATABASE_URL): two \`omnisync worker\` processes share the
work; halfway through, one is killed with SIGKILL while holding jobs. Its jobs
run again when their 5 s leases run out; the result must not change.

stockDrift: reserved stock against what the channels' open orders imply, and the
ledger against its balances. wmsMismatch: on hand per SKU against the warehouse's
books after its last count. erpMismatch: released orders not booked exactly once
(or booked with other lines). trackingMissing: parcels the warehouse sent whose
tracking number is not on the order's channel.
Uses a fresh in-memory store (or a fresh schema on DATABASE_URL), never ./data.`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, {
      orders: { type: 'string' }, faults: { type: 'string' }, rate: { type: 'string' }, stock: { type: 'string' }, 'kill-worker': { type: 'boolean' }, 'exit-when-done': { type: 'boolean' }, port: { type: 'string' },
      'webhook-loss': { type: 'string' }, 'no-pull': { type: 'boolean' }, 'review-share': { type: 'string' },
    });
    if (values.help) return ctx.io.out(this.help), 0;
    const orders = Number(values.orders ?? 200);
    const faults = (values.faults ?? 'none') as 'none' | 'chaos';
    if (!Number.isInteger(orders) || orders < 1 || orders > 100_000) throw new UsageError('--orders must be a whole number from 1 to 100000');
    if (faults !== 'none' && faults !== 'chaos') throw new UsageError('--faults must be none or chaos');
    const stock = (values.stock ?? 'ample') as 'ample' | 'scarce';
    if (stock !== 'ample' && stock !== 'scarce') throw new UsageError('--stock must be ample or scarce');
    const webhookLoss = values['webhook-loss'] === undefined ? undefined : Number(values['webhook-loss']);
    if (webhookLoss !== undefined && !(webhookLoss >= 0 && webhookLoss <= 1)) throw new UsageError('--webhook-loss must be a number from 0 to 1');
    const noPull = values['no-pull'] === true;
    const reviewShare = Number(values['review-share'] ?? 0.25);
    if (!(reviewShare >= 0 && reviewShare <= 1)) throw new UsageError('--review-share must be a number from 0 to 1');
    const killWorker = values['kill-worker'] === true;
    if (killWorker && !ctx.config.databaseUrl) throw new UsageError('--kill-worker needs DATABASE_URL: the embedded store is opened by one process only');
    const lags: number[] = [];
    const secretKey = randomBytes(32);
    const config = { ...ctx.config, logLevel: ctx.config.logLevel === 'info' ? 'warn' : ctx.config.logLevel };
    const schema = config.databaseUrl ? `demo_${randomBytes(4).toString('hex')}` : undefined;
    // Logs go to stderr: stdout carries the one JSON line.
    const hub = await openHub(config, {
      log: pino({ level: config.logLevel }, pino.destination(2)),
      store: config.databaseUrl ? { schema } : { memory: true },
      secretKey,
      // The demo runs its own passes (--no-pull) and counts them.
      reconcile: { everyMs: 0 },
      // Taobao orders arrive only by pull: a short interval keeps both channels close; the overlap covers the simulators' whole-second clocks.
      sync: { pullIntervalMs: noPull ? 0 : 2_000, pullOverlapMs: 15_000, observe: { pushed: (_c, lagMs) => lagMs !== null && lags.push(lagMs) } },
    });
    const app = await buildServer(hub, { logger: false });
    const hubUrl = await app.listen({ port: Number(values.port ?? 0), host: '127.0.0.1' });
    // Sixteen calls at once: four shops, an ERP and a warehouse, each answering in tens of milliseconds.
    hub.sync.startWorkers({ pollMs: 50, concurrency: 16 });
    let world;
    let workers: WorkerProcesses | undefined;
    try {
      if (killWorker) {
        const env = { ...process.env, OMNISYNC_DB_SCHEMA: schema, OMNISYNC_SECRET_KEY: secretKey.toString('hex'), LOG_LEVEL: 'error' };
        workers = await startWorkerProcesses(2, env, 5_000);
      }
      world = await startDemoWorld(hub, hubUrl, { seed: 7, stock, reviewShare });
      const connections = world.connections;
      const addAliases = async () => {
        for (const a of DEMO_ALIASES) {
          const added = await hub.mapping.putAliases(connections[a.channel], [{ code: a.code, sku: a.sku }], 'demo');
          if (!added.ok) throw new Error(`alias ${a.code}: ${added.message}`);
        }
        ctx.io.err(`mapped ${DEMO_ALIASES.map((a) => `${a.channel} ${a.code} → ${a.sku}`).join(', ')}`);
      };
      const killOne = workers && (async () => {
        const victim = workers!.pids[0]!;
        const heldByVictim = async () => (await hub.sync.listJobs({ status: 'running', limit: 500 })).items.filter((j) => j.lockedBy?.startsWith(`worker-${victim}-`));
        // Kill it while it holds jobs: that is the case worth checking.
        const deadline = Date.now() + 15_000;
        while ((await heldByVictim()).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        workers!.kill(0);
        const held = await heldByVictim();
        ctx.io.err(`killed worker process ${victim} (SIGKILL) holding ${held.length} jobs: ${held.map((j) => `${j.kind}#${j.id}`).join(', ')}`);
      });
      const log = (l: string) => ctx.io.err(l);
      const midway = async () => {
        await addAliases();
        await killOne?.();
      };
      const result = await runDemoOrders(hub, world, { orders, faults, ordersPerSecond: Number(values.rate ?? 50), log, midway, webhookLoss, reconcileEveryMs: noPull ? 5_000 : undefined }, lags);
      const { examples, ...line } = result as { examples: string[] } & Record<string, unknown>;
      for (const e of examples) ctx.io.err(`  ${e}`);
      ctx.io.out(JSON.stringify(line));
      const failed = ['lost', 'duplicated', 'wrongLines', 'oversold', 'listingDrift', 'wrongStatus', 'stockDrift', 'erpMismatch', 'wmsMismatch', 'trackingMissing', 'unmappedLeft']
        .some((k) => line[k] !== 0);
      return failed ? 1 : 0;
    } finally {
      await workers?.stop();
      await world?.stop();
      await app.close();
      await hub.sync.stopWorkers();
      if (schema) await hub.store.db.schema.dropSchema(schema).ifExists().cascade().execute().catch(() => undefined);
      await hub.close();
    }
  },
};
