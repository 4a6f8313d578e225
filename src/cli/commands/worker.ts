import { openHub } from '../../hub.ts';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';

export const workerCommand: Command = {
  name: 'worker',
  summary: 'run outbox workers only (more processes beside serve, on a PostgreSQL server)',
  help: `Usage: omnisync worker [--concurrency N] [--lease-ms N]

Claims and runs jobs (interpreting received orders, stock and fulfilment pushes,
pulls) beside the hub's own workers. Any number may run: jobs are claimed with
FOR UPDATE SKIP LOCKED, and a job whose worker died runs again once its lease
(--lease-ms, default 60000) runs out. Platform call limits are shared through
the database. Scheduled pulls stay with serve.

Needs DATABASE_URL: the embedded store is opened by one process only, so there
the workers run inside serve. Stops on SIGINT or SIGTERM after its jobs finish.`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { concurrency: { type: 'string' }, 'lease-ms': { type: 'string' } });
    if (values.help) return ctx.io.out(this.help), 0;
    if (!ctx.config.databaseUrl) throw new UsageError('omnisync worker needs DATABASE_URL: with the embedded store, the workers run inside serve');
    const concurrency = Number(values.concurrency ?? 8);
    const leaseMs = Number(values['lease-ms'] ?? 60_000);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError('--concurrency must be a whole number of at least 1');
    if (!Number.isInteger(leaseMs) || leaseMs < 1_000) throw new UsageError('--lease-ms must be at least 1000');
    const hub = await openHub(ctx.config, { migrate: false });
    hub.sync.startWorkers({ concurrency, leaseMs, schedulePulls: false });
    hub.log.info({ concurrency, leaseMs, pid: process.pid }, 'worker started');
    ctx.io.out(JSON.stringify({ worker: process.pid }));
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await hub.close();
    return 0;
  },
};
