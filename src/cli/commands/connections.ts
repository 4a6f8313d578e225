import { readFile } from 'node:fs/promises';
import type { Connection } from '../../channels/index.ts';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';
import { withHub } from '../hub.ts';

const describe = (c: Connection) =>
  `${c.id}\t${c.platform}\t${c.status}\t${c.name}\t${c.baseUrl}\tlast pull ${c.lastPullAt ?? '-'}\tlast push ${c.lastPushAt ?? '-'}${c.lastError ? `\terror: ${c.lastError}` : ''}`;

export const connectionsCommand: Command = {
  name: 'connections',
  summary: 'create, list, pause, resume and test shop connections',
  help: `Usage:
  omnisync connections list
  omnisync connections create --name NAME --platform shopify|taobao --base-url URL --credentials-file FILE.json
  omnisync connections pause ID | resume ID
  omnisync connections test ID       read the shop's listings and map them to master SKUs

Credentials come from a JSON file, never the command line (shell history):
  Shopify {"accessToken", "apiSecret", "apiVersion", "locationId"}
  Taobao  {"appKey", "appSecret", "session"}
They are stored sealed (AES-256-GCM) and never printed.`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, {
      name: { type: 'string' }, platform: { type: 'string' }, 'base-url': { type: 'string' }, 'credentials-file': { type: 'string' },
    });
    if (values.help) return ctx.io.out(this.help), 0;
    const [action, id] = positionals;
    if (action === 'create') {
      if (!values.name || !values['base-url'] || !values['credentials-file']) throw new UsageError('create needs --name, --platform, --base-url and --credentials-file');
      if (values.platform !== 'shopify' && values.platform !== 'taobao') throw new UsageError('--platform must be shopify or taobao');
      const credentials = JSON.parse(await readFile(values['credentials-file'], 'utf8')) as Record<string, string>;
      const input = { name: values.name, platform: values.platform, baseUrl: values['base-url'], credentials } as const;
      return withHub(ctx, async (hub) => {
        const created = await hub.channels.create(input);
        if (!created.ok) return ctx.io.err(created.message), 1;
        ctx.io.out(describe(created.value));
        return 0;
      });
    }
    return withHub(ctx, async (hub) => {
      if (action === 'list') {
        for (const c of await hub.channels.list()) ctx.io.out(describe(c));
        return 0;
      }
      if ((action === 'pause' || action === 'resume') && id) {
        const updated = await hub.channels.update(id, { status: action === 'pause' ? 'paused' : 'active' });
        if (!updated.ok) return ctx.io.err(updated.message), 1;
        // A resumed shop missed the pushes of its pause: it gets the current quantities.
        if (action === 'resume') await hub.sync.pushConnection(id);
        ctx.io.out(describe(updated.value));
        return 0;
      }
      if (action === 'test' && id) {
        const tested = await hub.channels.refreshListings(id);
        if (!tested.ok) return ctx.io.err(tested.message), 1;
        ctx.io.out(`${tested.value.listings} listings read, ${tested.value.mapped} mapped to master SKUs`);
        return 0;
      }
      throw new UsageError('connections needs an action: list, create, pause ID, resume ID or test ID');
    });
  },
};
