import { storeOptionsFrom } from '../../hub.ts';
import { migrate, openStore } from '../../store/index.ts';
import { parseCommandArgs, type Command } from '../command.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations and exit',
  help: `Usage: omnisync migrate

Applies the SQL migrations in migrations/ that this database has not seen, in order,
each in its own transaction, and records them. Running it again changes nothing.
The hub also migrates when it starts. Uses DATABASE_URL, or the embedded store in
OMNISYNC_DATA_DIR (default ./data).`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, {});
    if (values.help) return ctx.io.out(this.help), 0;
    const store = await openStore(storeOptionsFrom(ctx.config));
    try {
      const report = await migrate(store.db);
      ctx.io.out(report.applied.length > 0 ? `applied: ${report.applied.join(', ')}` : 'nothing to apply');
      ctx.io.out(`up to date (${report.applied.length + report.alreadyApplied.length} migrations) on ${store.kind} at ${store.location}`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
