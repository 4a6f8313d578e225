import type { StockLevel } from '../../inventory/index.ts';
import { parseCommandArgs, UsageError, type CliContext, type Command } from '../command.ts';
import { withHub } from '../hub.ts';

async function fetchLevel(ctx: CliContext, sku: string): Promise<{ level?: StockLevel; error?: string }> {
  if (ctx.config.hubUrl) {
    const response = await fetch(new URL(`/api/v1/stock/${encodeURIComponent(sku)}`, ctx.config.hubUrl), {
      headers: { authorization: `Bearer ${ctx.config.hubToken ?? ''}` },
    });
    const body = (await response.json()) as StockLevel | { error: { message: string } };
    return 'error' in body ? { error: body.error.message } : { level: body };
  }
  const result = await withHub(ctx, (hub) => hub.inventory.stockOf(sku));
  return result.ok ? { level: result.value } : { error: result.message };
}

function table(level: StockLevel): string[] {
  const header = ['location', 'on hand', 'reserved', 'safety', 'available'];
  const rows = level.locations.map((l) => [l.location, l.onHand, l.reserved, l.safetyStock, l.available].map(String));
  rows.push(['total', level.onHand, level.reserved, level.safetyStock, level.available].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const lines = [`${level.sku}${level.isBundle ? ' (bundle: derived from its components)' : ''}`, fmt(header), ...rows.map(fmt)];
  for (const c of level.components) lines.push(`  component ${c.sku} × ${c.qty}: ${c.available} available`);
  return lines;
}

export const stockCommand: Command = {
  name: 'stock',
  summary: "show a SKU's stock per location",
  help: `Usage: omnisync stock SKU [--json]

Shows on hand, reserved, safety stock and available (what channels may sell) per
location and in total. Opens the database directly, or asks a running hub when
OMNISYNC_URL and OMNISYNC_TOKEN are set (needed while a hub holds the embedded store).

Example:
  omnisync stock TSHIRT-RED-M`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    if (values.help) return ctx.io.out(this.help), 0;
    const sku = positionals[0];
    if (!sku) throw new UsageError('stock needs a SKU');
    const { level, error } = await fetchLevel(ctx, sku);
    if (!level) return ctx.io.err(error ?? 'unknown error'), 1;
    if (values.json) ctx.io.out(JSON.stringify(level));
    else for (const line of table(level)) ctx.io.out(line);
    return 0;
  },
};
