import { parseCommandArgs, UsageError, type Command } from '../command.ts';
import { withHub } from '../hub.ts';

export const jobsCommand: Command = {
  name: 'jobs',
  summary: 'list, retry or discard outbox jobs (stock pushes, pulls, fulfilments)',
  help: `Usage:
  omnisync jobs list [--status pending|running|done|dead|discarded] [--kind KIND] [--limit N]
  omnisync jobs retry ID       run a dead job again from its first attempt
  omnisync jobs discard ID     give up on a dead or pending job (it is kept, with its error)
  omnisync jobs stats          queue depth and the age of the oldest pending job

Example:
  omnisync jobs list --status dead`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { status: { type: 'string' }, kind: { type: 'string' }, limit: { type: 'string' } });
    if (values.help) return ctx.io.out(this.help), 0;
    const [action, id] = positionals;
    return withHub(ctx, async (hub) => {
      if (action === 'list') {
        const page = await hub.sync.listJobs({ status: values.status as never, kind: values.kind, limit: Number(values.limit ?? 50) });
        for (const j of page.items) ctx.io.out(`${j.id}\t${j.status}\t${j.kind}\tattempts ${j.attempts}/${j.maxAttempts}\t${j.lastError ?? ''}`);
        return 0;
      }
      if (action === 'stats') {
        ctx.io.out(JSON.stringify(await hub.sync.queueStats()));
        return 0;
      }
      if ((action === 'retry' || action === 'discard') && id) {
        const result = action === 'retry' ? await hub.sync.retryJob(id) : await hub.sync.discardJob(id);
        if (!result.ok) return ctx.io.err(result.message), 1;
        ctx.io.out(`job ${id} is now ${result.value.status}`);
        return 0;
      }
      throw new UsageError('jobs needs an action: list, stats, retry ID or discard ID');
    });
  },
};
