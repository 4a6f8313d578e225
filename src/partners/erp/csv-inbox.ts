/**
 * Feeds read from the CSV files an ERP drops into the inbox folder.
 *
 * - Files of a feed (`<prefix>-*.csv`) are read in name order (code-unit order, so an ERP that
 *   names files by time or number gets them in its own order).
 * - A file is complete once it has its final name: the ERP writes `name.csv.tmp` and renames it
 *   (a rename is atomic on one file system). A `.tmp` file never matches, so a half-written file is
 *   never read. (No modification-time guess: a writer that stalls for a second would be read half.)
 * - The cursor is "<file name>:<row>", row counting the records after the header (1 = first data
 *   row; a quoted field may span lines, so it is not the line number). A restart resumes right after
 *   that row; files whose names sort before the cursor's file are not opened again.
 * - Files are left where they are. The cursor is the one record of progress, and only the hub knows
 *   when it has stored it: moving a file once its rows were handed out would lose them if the hub's
 *   transaction then failed. Removing old files is the ERP's (or an operator's) housekeeping.
 */
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readCsvRecords, type CsvRecord } from '../../catalog/index.ts';
import { PlatformError } from '../../connectors/index.ts';
import type { Feed } from '../types.ts';
import { fileSystemError } from './files.ts';
import { RecordReader } from './records.ts';

export interface InboxFeedSpec<T> {
  /** Files named `${prefix}-*.csv`. */
  prefix: string;
  /** Columns the header must name (others are ignored). */
  columns: readonly string[];
  read(reader: RecordReader): T;
}

/** Rows handed out per call. */
export const CSV_PAGE_SIZE = 500;

interface Position {
  file: string;
  row: number;
}

export async function readInboxFeed<T>(inboxDir: string, spec: InboxFeedSpec<T>, cursor: string | null, limit = CSV_PAGE_SIZE): Promise<Feed<T>> {
  const from = positionOf(cursor, spec.prefix);
  const files = (await feedFiles(inboxDir, spec.prefix)).filter((name) => from === null || name >= from.file);
  const items: T[] = [];
  let last: Position | null = null;
  try {
    for (const file of files) {
      const skipRows = from !== null && file === from.file ? from.row : 0;
      for await (const row of dataRows(join(inboxDir, file), file, spec.columns, skipRows)) {
        if (items.length === limit) return { items, cursor: cursorOf(last), more: true };
        items.push(spec.read(row.reader));
        last = { file, row: row.number };
      }
    }
  } catch (err) {
    // Hand out the good rows before a bad one; the next call starts at the bad row and throws there.
    if (items.length > 0) return { items, cursor: cursorOf(last), more: true };
    throw err;
  }
  return { items, cursor: last ? cursorOf(last) : cursor, more: false };
}

async function feedFiles(inboxDir: string, prefix: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(inboxDir);
  } catch (err) {
    throw fileSystemError(err, `reading the inbox folder ${inboxDir}`);
  }
  // ".CSV" too (Windows ERPs); "name.csv.tmp" never matches, which is what keeps half-written files out.
  return names.filter((name) => name.startsWith(`${prefix}-`) && /\.csv$/i.test(name)).sort();
}

/** The data rows after `skipRows`, each with a reader naming the file and line; a malformed row throws. */
async function* dataRows(path: string, file: string, columns: readonly string[], skipRows: number): AsyncGenerator<{ number: number; reader: RecordReader }> {
  const records = readCsvRecords(createReadStream(path));
  let header: string[] | null = null;
  let number = 0;
  try {
    for await (const record of records) {
      if (header === null) {
        header = headerOf(record, file, columns);
        continue;
      }
      number++;
      if (number <= skipRows) continue;
      yield { number, reader: new RecordReader(rowOf(record, header, file), `${file} line ${record.line}`, snakeCase) };
    }
  } catch (err) {
    // Gone between listing and opening (the ERP's housekeeping): the next call lists again.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new PlatformError('transient', `${file} vanished while being read`);
    throw fileSystemError(err, `reading ${file}`);
  }
}

function headerOf(record: CsvRecord, file: string, columns: readonly string[]): string[] {
  const header = record.fields.map((name) => name.trim().toLowerCase());
  const missing = columns.filter((column) => !header.includes(column));
  if (record.error || missing.length > 0) {
    throw new PlatformError('permanent', `${file} line ${record.line}: ${record.error ?? `the header lacks ${missing.join(', ')}`}`);
  }
  return header;
}

function rowOf(record: CsvRecord, header: string[], file: string): Record<string, string> {
  const where = `${file} line ${record.line}`;
  if (record.error) throw new PlatformError('permanent', `${where}: ${record.error}`);
  if (record.fields.length !== header.length) {
    throw new PlatformError('permanent', `${where}: ${record.fields.length} fields where the header has ${header.length}`);
  }
  return Object.fromEntries(header.map((name, i) => [name, record.fields[i] ?? '']));
}

/** countedAt → counted_at: the files' column names. */
function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function cursorOf(position: Position | null): string | null {
  return position && `${position.file}:${position.row}`;
}

function positionOf(cursor: string | null, prefix: string): Position | null {
  if (cursor === null) return null;
  const colon = cursor.lastIndexOf(':');
  const file = cursor.slice(0, colon);
  const row = cursor.slice(colon + 1);
  if (colon < 1 || !/^\d{1,9}$/.test(row) || !file.startsWith(`${prefix}-`)) {
    throw new PlatformError('permanent', `the ${prefix} cursor "${cursor}" is not "<file name>:<row>" of a ${prefix}-*.csv file`);
  }
  return { file, row: Number(row) };
}
