import { buildServer } from '../../api/server.ts';
import { openHub } from '../../hub.ts';
import { startLiveDemo } from '../../demo/live.ts';
import { seedDemoCatalog } from '../../demo/seed.ts';
import { parseCommandArgs, type Command } from '../command.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the hub: API, workers and (with --demo) sample data',
  help: `Usage: omnisync serve [--demo] [--port N]

Starts the hub on PORT (default 8080): the API under /api/v1, its OpenAPI
description at /docs, /healthz and /readyz. Migrates the database first.
On first start with no admin token it registers OMNISYNC_ADMIN_TOKEN, or
generates one and prints it once.

  --demo     on an empty catalog, add sample products, locations and stock;
             then start a Shopify and a Tmall simulator, connect the hub to
             them and let them sell (orders flow, stock moves, pushes go out)
  --port N   listen on N instead of PORT

Environment: PORT, HOST, DATABASE_URL, OMNISYNC_DATA_DIR, OMNISYNC_ADMIN_TOKEN, LOG_LEVEL.`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { demo: { type: 'boolean' }, port: { type: 'string' } });
    if (values.help) return ctx.io.out(this.help), 0;
    const hub = await openHub(ctx.config);
    const admin = await hub.access.ensureAdminToken(ctx.config.adminToken);
    if (admin.generatedSecret) {
      ctx.io.out(`\nAn admin token was created. It is shown only this once; keep it:\n\n  ${admin.generatedSecret}\n`);
    }
    if (values.demo) {
      const seeded = await seedDemoCatalog(hub);
      if (seeded) hub.log.info(seeded, 'demo catalog seeded');
    }
    const app = await buildServer(hub, { logger: hub.log });
    const port = values.port ? Number(values.port) : ctx.config.port;
    const address = await app.listen({ port, host: ctx.config.host });
    hub.log.info({ address, store: hub.store.kind, data: hub.store.location }, `Omnisync is listening on ${address} (API docs at ${address}/docs)`);
    const hubUrl = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1');
    // The demo repoints its connections at the simulators it starts before any job calls them.
    const demo = values.demo ? await startLiveDemo(hub, { hubUrl, log: (msg, details) => hub.log.info(details ?? {}, msg) }) : undefined;
    hub.sync.startWorkers();
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        hub.log.info({ signal }, 'shutting down');
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await demo?.stop();
    await app.close();
    await hub.close();
    return 0;
  },
};
