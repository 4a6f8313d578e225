import { readFile } from 'node:fs/promises';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';
import { withHub } from '../hub.ts';

export const mappingCommand: Command = {
  name: 'mapping',
  summary: "export or import a connection's SKU map (listing mappings and aliases) as CSV",
  help: `Usage:
  omnisync mapping export --connection ID > map.csv
  omnisync mapping import --connection ID map.csv

The CSV has the columns type,platform_item_id,platform_variant_id,platform_location_id,code,sku:
  listing rows map a shop listing (by its platform ids) to a master SKU; the code column shows its
  seller SKU and is ignored on import;
  alias rows map a seller SKU code, compared after normalisation (case, width, spaces), to a master SKU.
An empty sku unmaps that listing or removes that alias; rows not in the file stay as they are.
An import checks every line first and applies all of it or nothing (the failing lines are listed).
Orders held for an unmapped SKU are queued to be read again; a running hub's workers do it.

Example:
  omnisync mapping export --connection 1 > map.csv   # fill in the sku column
  omnisync mapping import --connection 1 map.csv`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { connection: { type: 'string' } });
    if (values.help) return ctx.io.out(this.help), 0;
    const [action, file] = positionals;
    const connectionId = values.connection;
    if (!connectionId || !/^\d+$/.test(connectionId)) throw new UsageError('--connection ID is required (a connection id, see `omnisync connections list`)');
    if (action === 'export') {
      return withHub(ctx, async (hub) => {
        const csv = await hub.mapping.exportCsv(connectionId);
        if (!csv.ok) return ctx.io.err(`${csv.code}: ${csv.message}`), 1;
        ctx.io.out(csv.value.replace(/\n$/, ''));
        return 0;
      });
    }
    if (action === 'import') {
      if (!file) throw new UsageError('import needs the CSV file to read');
      const text = await readFile(file, 'utf8');
      return withHub(ctx, async (hub) => {
        const imported = await hub.mapping.importCsv(connectionId, text, 'cli');
        if (!imported.ok) {
          ctx.io.err(`${imported.code}: ${imported.message}`);
          const lines = (imported.details.lines ?? []) as { line: number; message: string }[];
          for (const l of lines) ctx.io.err(`  line ${l.line}: ${l.message}`);
          return 1;
        }
        const r = imported.value;
        ctx.io.out(`listings mapped ${r.listingsMapped}, unmapped ${r.listingsUnmapped}; aliases set ${r.aliasesSet}, removed ${r.aliasesRemoved}; orders queued to be read again ${r.reinterpreted}`);
        return 0;
      });
    }
    throw new UsageError('mapping needs an action: export or import');
  },
};
