import fs from 'node:fs';
import type { CatalogService, ImportReport } from '../../catalog/index.ts';
import { parseCommandArgs, UsageError, type CliIo, type Command } from '../command.ts';
import { withHub } from '../hub.ts';

const BAR_WIDTH = 30;

/** `[#########---------]  45%  12000 rows`: the share of the file read, and the rows settled so far. */
export function progressBar(fraction: number, rows: number): string {
  const clamped = Math.min(Math.max(fraction, 0), 1);
  const filled = Math.round(clamped * BAR_WIDTH);
  const percent = `${Math.floor(clamped * 100)}%`.padStart(4);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent}  ${rows} rows`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The summary line, then one line per problem: `line 7: sku ABC: price: must be a non-negative number`. */
export function describeReport(report: ImportReport): string[] {
  const imported = report.created + report.updated + report.unchanged;
  const summary = `imported ${plural(imported, 'row')}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged; ${plural(report.failed, 'row')} failed`;
  const problems = report.errors.map((e) => `line ${e.line}: ${e.sku === null ? '' : `sku ${e.sku}: `}${e.reason}`);
  return [summary, ...problems];
}

/**
 * Streams the file into the catalog, drawing progress by bytes read (the row count is only known
 * at the end). Returns the exit code: 0 when every row was imported, 1 when anything was not.
 */
export async function runImportProducts(catalog: CatalogService, file: string, io: CliIo): Promise<number> {
  const size = fs.statSync(file).size;
  let bytesRead = 0;
  async function* countedChunks(): AsyncGenerator<Buffer> {
    for await (const chunk of fs.createReadStream(file)) {
      const bytes: Buffer = chunk;
      bytesRead += bytes.length;
      yield bytes;
    }
  }
  const report = await catalog.importProductsCsv(countedChunks(), {
    onProgress: (done) => io.progress(progressBar(size === 0 ? 1 : bytesRead / size, done)),
  });
  io.progress('');
  if (report.refused !== null) {
    io.err(`import refused: ${report.refused}`);
    return 1;
  }
  for (const line of describeReport(report)) io.out(line);
  return report.errors.length === 0 ? 0 : 1;
}

function isReadableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export const importCommand: Command = {
  name: 'import',
  summary: 'import products from a CSV file',
  help: `Usage: omnisync import products FILE.csv

Creates or updates products by SKU. The first row names the columns, in any order
and case: sku and name are required; barcode, category, unit_cost (or unitCost),
price, currency and components are optional. An empty cell keeps the stored value
(or the default for a new product). components makes a bundle: SKU-A:2;SKU-B:1
(components may be defined anywhere in the same file).

Rows that cannot be imported are listed with their line number; the others are
imported. Exit code: 0 when everything was imported, 1 when some rows (or
unknown columns) were not, 2 on a usage error.

Example:
  omnisync import products catalog.csv`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, {});
    if (values.help) return ctx.io.out(this.help), 0;
    const [what, file, ...extra] = positionals;
    if (what !== 'products') throw new UsageError(what === undefined ? 'import needs what to import: products' : `cannot import "${what}": only products`);
    if (file === undefined) throw new UsageError('import products needs a CSV file');
    if (extra.length > 0) throw new UsageError(`import products takes one file, not ${extra.length + 1}`);
    if (!isReadableFile(file)) throw new UsageError(`${file} is not a readable file`);
    return withHub(ctx, (hub) => runImportProducts(hub.catalog, file, ctx.io));
  },
};
