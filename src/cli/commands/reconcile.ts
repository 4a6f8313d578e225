import { parseCommandArgs, UsageError, type Command } from '../command.ts';
import { withHub } from '../hub.ts';

export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: "compare a connection's channel with the hub now, repair what differs, print the drift report",
  help: `Usage: omnisync reconcile CONNECTION_ID [--window-minutes N]

Reads the orders the channel updated in the last N minutes (default 120) and every
listed quantity, compares them with the hub, ingests missing or newer orders, pushes
listings whose quantity differs again, and prints the run (accuracy = matched /
checked) and one line per difference with its cause: missed_webhook, not_yet_pulled,
unmapped, changed_on_channel, push_pending, stale_state, ingest_pending.

Example:
  omnisync reconcile 3 --window-minutes 60`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { 'window-minutes': { type: 'string' } });
    if (values.help) return ctx.io.out(this.help), 0;
    const [connectionId] = positionals;
    if (!connectionId || !/^\d+$/.test(connectionId)) throw new UsageError('reconcile needs a connection id');
    const minutes = Number(values['window-minutes'] ?? 120);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 7 * 24 * 60) throw new UsageError('--window-minutes must be a whole number from 1 to 10080');
    return withHub(ctx, async (hub) => {
      const result = await hub.reconcile.run(connectionId, { trigger: 'manual', windowMs: minutes * 60_000 });
      if (!result.ok) return ctx.io.err(`${result.code}: ${result.message}`), 1;
      const run = result.value;
      const report = await hub.reconcile.getRun(run.id);
      ctx.io.out(JSON.stringify({ runId: run.id, checked: run.checked, matched: run.matched, inFlight: run.inFlight, repaired: run.repaired, accuracy: run.accuracy, error: run.error }));
      for (const i of report.ok ? report.value.items : []) {
        ctx.io.out(`${i.kind}\t${i.externalId ?? i.listingId}\t${i.cause}\thub ${i.hubValue ?? '-'}\tchannel ${i.channelValue ?? '-'}\t${i.repaired}${i.inFlight ? '\t(in flight)' : ''}`);
      }
      return run.error ? 1 : 0;
    });
  },
};
