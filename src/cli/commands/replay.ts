import { parseCommandArgs, type Command } from '../command.ts';
import { withHub } from '../hub.ts';

export const replayCommand: Command = {
  name: 'replay',
  summary: 'interpret stored inbox records again',
  help: `Usage: omnisync replay [--from ID] [--to ID] [--failed] [--connection ID]

Queues the stored raw records (webhook bodies and pulled records) of the range for
interpretation again. Interpretation is idempotent: replaying the whole inbox gives
the same orders and stock. --failed takes only the records that could not be read.
A running hub's workers pick the jobs up; so does the next \`omnisync serve\`.

Example:
  omnisync replay --failed`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { from: { type: 'string' }, to: { type: 'string' }, failed: { type: 'boolean' }, connection: { type: 'string' } });
    if (values.help) return ctx.io.out(this.help), 0;
    const queued = await withHub(ctx, (hub) => hub.sync.replay({
      ...(values.from ? { fromId: values.from } : {}), ...(values.to ? { toId: values.to } : {}),
      ...(values.failed ? { failedOnly: true } : {}), ...(values.connection ? { connectionId: values.connection } : {}),
    }));
    ctx.io.out(`queued ${queued} records for interpretation`);
    return 0;
  },
};
