import { parseCommandArgs, UsageError, type Command } from '../command.ts';
import { withHub } from '../hub.ts';

export const alertsCommand: Command = {
  name: 'alerts',
  summary: 'list, acknowledge or snooze alerts; evaluate the rules now',
  help: `Usage:
  omnisync alerts list [--status open|acknowledged|snoozed|resolved] [--rule RULE] [--limit N]
  omnisync alerts ack ID                    a person has seen it: not sent again until it resolves and fires anew
  omnisync alerts snooze ID --minutes N     quiet for N minutes; sent again if the condition still holds then
  omnisync alerts evaluate                  judge every enabled rule now

Example:
  omnisync alerts list --status open --rule sales_drop`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { status: { type: 'string' }, rule: { type: 'string' }, limit: { type: 'string' }, minutes: { type: 'string' } });
    if (values.help) return ctx.io.out(this.help), 0;
    const [action, id] = positionals;
    const actor = `cli:${process.env.USER ?? 'unknown'}`;
    return withHub(ctx, async (hub) => {
      if (action === 'list') {
        const page = await hub.alerts.list({ status: values.status as never, rule: values.rule, limit: Number(values.limit ?? 50) });
        for (const a of page.items) ctx.io.out(`${a.id}\t${a.status}\t${a.severity}\t${a.rule}\t${a.subject}\t×${a.occurrences}\t${a.message}`);
        return 0;
      }
      if (action === 'evaluate') {
        ctx.io.out(JSON.stringify(await hub.alerts.evaluate()));
        return 0;
      }
      if ((action === 'ack' || action === 'snooze') && id) {
        const minutes = Number(values.minutes);
        if (action === 'snooze' && !(minutes > 0)) throw new UsageError('snooze needs --minutes N (a positive number)');
        const result = action === 'ack' ? await hub.alerts.acknowledge(id, actor) : await hub.alerts.snooze(id, minutes, actor);
        if (!result.ok) return ctx.io.err(`${result.code}: ${result.message}`), 1;
        ctx.io.out(`alert ${id} is now ${result.value.status}${result.value.snoozedUntil ? ` until ${result.value.snoozedUntil}` : ''}`);
        return 0;
      }
      throw new UsageError('alerts needs an action: list, evaluate, ack ID or snooze ID --minutes N');
    });
  },
};
