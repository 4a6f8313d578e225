/**
 * Importing products from CSV: upsert by SKU, bad rows reported with their line and the good
 * ones imported anyway. The file is streamed: plain rows are written in batches as they are
 * read; rows with components wait until the end, so a bundle may name components defined
 * anywhere in the file.
 */
import type { Db } from '../store/index.ts';
import { readCsvRecords, type CsvRecord } from './csv.ts';
import { writeBundleBatch, writePlainBatch, type RowOutcome } from './import-batch.ts';
import { readHeader, readRow, type ImportHeader, type ImportRow } from './import-rows.ts';
import type { CsvSource, ImportOptions, ImportReport, ImportRowError } from './types.ts';

const DEFAULT_BATCH_SIZE = 500;
/** Eight parameters per row; PostgreSQL allows 65,535 in one statement. */
const MAX_BATCH_SIZE = 5_000;

export async function importProductsCsv(db: Db, source: CsvSource, options: ImportOptions = {}): Promise<ImportReport> {
  const records = readCsvRecords(source);
  const first = await records.next();
  if (first.done) return refused('the file is empty: it needs a header row naming at least the sku and name columns');
  const header = readHeader(first.value);
  if (!header.ok) return refused(header.reason);
  const run = new ImportRun(db, header.header, options);
  if (header.unknownColumns !== null) run.reportHeaderProblem(header.unknownColumns);
  for await (const record of records) await run.add(record);
  return run.finish();
}

function refused(reason: string): ImportReport {
  return { refused: reason, rows: 0, created: 0, updated: 0, unchanged: 0, failed: 0, errors: [{ line: 1, sku: null, reason }] };
}

class ImportRun {
  private readonly batchSize: number;
  private readonly counts = { rows: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
  private readonly errors: ImportRowError[] = [];
  private readonly firstLineBySku = new Map<string, number>();
  private readonly failedLineBySku = new Map<string, number>();
  private readonly bundleSkus = new Set<string>();
  private plainRows: ImportRow[] = [];
  private readonly bundleRows: ImportRow[] = [];

  constructor(
    private readonly db: Db,
    private readonly header: ImportHeader,
    private readonly options: ImportOptions,
  ) {
    this.batchSize = Math.min(Math.max(Math.trunc(options.batchSize ?? DEFAULT_BATCH_SIZE), 1), MAX_BATCH_SIZE);
  }

  /** A problem with the file as a whole that does not stop the import (unknown columns). */
  reportHeaderProblem(reason: string): void {
    this.errors.push({ line: 1, sku: null, reason });
  }

  async add(record: CsvRecord): Promise<void> {
    this.counts.rows++;
    const reading = readRow(this.header, record);
    const sku = reading.ok ? reading.row.sku : reading.sku;
    if (sku !== null) {
      const firstLine = this.firstLineBySku.get(sku);
      if (firstLine !== undefined) {
        // The first row of a SKU wins; a later one is refused even when it differs, as nothing says which is right.
        this.recordError(record.line, sku, `duplicate sku in file (first at line ${firstLine})`);
        return;
      }
      this.firstLineBySku.set(sku, record.line);
    }
    if (!reading.ok) {
      this.fail(record.line, reading.sku, reading.reason);
    } else if (reading.row.components !== null) {
      this.bundleRows.push(reading.row);
      this.bundleSkus.add(reading.row.sku);
    } else {
      this.plainRows.push(reading.row);
      if (this.plainRows.length >= this.batchSize) await this.flushPlainRows();
    }
  }

  async finish(): Promise<ImportReport> {
    await this.flushPlainRows();
    const file = { bundleSkus: this.bundleSkus, failedLineBySku: this.failedLineBySku };
    for (let start = 0; start < this.bundleRows.length; start += this.batchSize) {
      this.tally(await writeBundleBatch(this.db, this.bundleRows.slice(start, start + this.batchSize), file));
      this.progress();
    }
    this.options.onProgress?.(this.counts.rows, this.counts.rows);
    this.errors.sort((a, b) => a.line - b.line);
    return { refused: null, ...this.counts, errors: this.errors };
  }

  private async flushPlainRows(): Promise<void> {
    if (this.plainRows.length === 0) return;
    const batch = this.plainRows;
    this.plainRows = [];
    this.tally(await writePlainBatch(this.db, batch));
    this.progress();
  }

  private recordError(line: number, sku: string | null, reason: string): void {
    this.counts.failed++;
    this.errors.push({ line, sku, reason });
  }

  /** A SKU's first row failed: a bundle naming it as a component is told why it is missing. */
  private fail(line: number, sku: string | null, reason: string): void {
    this.recordError(line, sku, reason);
    if (sku !== null) this.failedLineBySku.set(sku, line);
  }

  private tally(outcomes: readonly RowOutcome[]): void {
    for (const outcome of outcomes) {
      if (outcome.kind === 'failed') this.fail(outcome.line, outcome.sku, outcome.reason);
      else this.counts[outcome.kind]++;
    }
  }

  /** Rows settled so far: the ones waiting in a batch or for the bundle pass are not done yet. */
  private progress(): void {
    const { created, updated, unchanged, failed } = this.counts;
    this.options.onProgress?.(created + updated + unchanged + failed);
  }
}
