/**
 * The SKU map as CSV, for a spreadsheet round trip: export, fill in the sku column, import.
 *
 *   type,platform_item_id,platform_variant_id,platform_location_id,code,sku
 *   listing,600000000001,4000000000001,,TEA-LONGJING-250,TEA-250   (a listing and its master SKU)
 *   alias,,,,ｔｅａ　２５０,TEA-250                                    (a code and the master SKU it means)
 *
 * An empty sku unmaps that listing or removes that alias. Rows not in the file are left as they
 * are. A listing's code column is its seller SKU, shown for reading and ignored on import.
 */
import { parseCsv } from '../catalog/index.ts';
import { normaliseSku } from './normalise.ts';

export const SKU_MAP_COLUMNS = ['type', 'platform_item_id', 'platform_variant_id', 'platform_location_id', 'code', 'sku'] as const;
const MAX_FIELD = 200;

export type SkuMapRow =
  | { type: 'listing'; platformItemId: string; platformVariantId: string; platformLocationId: string; code: string; sku: string | null }
  | { type: 'alias'; code: string; sku: string | null };

export interface SkuMapLine {
  /** 1-based line of the file. */
  line: number;
  row: SkuMapRow;
}

export interface CsvLineError {
  line: number;
  message: string;
}

function field(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function skuMapCsv(rows: SkuMapRow[]): string {
  const lines = rows.map((r) => (r.type === 'listing'
    ? ['listing', r.platformItemId, r.platformVariantId, r.platformLocationId, r.code, r.sku ?? '']
    : ['alias', '', '', '', r.code, r.sku ?? '']).map(field).join(','));
  return [SKU_MAP_COLUMNS.join(','), ...lines].join('\n') + '\n';
}

const keyOf = (row: SkuMapRow) => (row.type === 'listing'
  ? `listing\u0000${row.platformItemId}\u0000${row.platformVariantId}\u0000${row.platformLocationId}`
  : `alias\u0000${normaliseSku(row.code)}`);

/** Reads the file; every line that cannot be read is reported with its line number (nothing is applied then). */
export function readSkuMapCsv(text: string): { rows: SkuMapLine[]; errors: CsvLineError[] } {
  const records = parseCsv(text);
  const header = records.shift();
  if (!header) return { rows: [], errors: [{ line: 1, message: `the file is empty; the first line must name the columns ${SKU_MAP_COLUMNS.join(',')}` }] };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = SKU_MAP_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) return { rows: [], errors: [{ line: header.line, message: `the header lacks the column(s) ${missing.join(', ')}` }] };
  const rows: SkuMapLine[] = [];
  const errors: CsvLineError[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    const get = (column: (typeof SKU_MAP_COLUMNS)[number]) => (record.fields[names.indexOf(column)] ?? '').trim();
    const read = record.error ? { error: record.error } : readRow(get);
    if ('error' in read) {
      errors.push({ line: record.line, message: read.error });
      continue;
    }
    const key = keyOf(read.row);
    const earlier = seen.get(key);
    if (earlier !== undefined) errors.push({ line: record.line, message: `repeats the ${read.row.type} of line ${earlier}` });
    else {
      seen.set(key, record.line);
      rows.push({ line: record.line, row: read.row });
    }
  }
  return { rows, errors };
}

function readRow(get: (column: (typeof SKU_MAP_COLUMNS)[number]) => string): { row: SkuMapRow } | { error: string } {
  const type = get('type').toLowerCase();
  const tooLong = SKU_MAP_COLUMNS.find((c) => get(c).length > MAX_FIELD);
  if (tooLong) return { error: `${tooLong} is longer than ${MAX_FIELD} characters` };
  const sku = get('sku') || null;
  if (type === 'listing') {
    const platformItemId = get('platform_item_id');
    if (!platformItemId) return { error: 'a listing row needs its platform_item_id' };
    return { row: { type, platformItemId, platformVariantId: get('platform_variant_id'), platformLocationId: get('platform_location_id'), code: get('code'), sku } };
  }
  if (type === 'alias') {
    const code = get('code');
    if (!normaliseSku(code)) return { error: 'an alias row needs a code' };
    return { row: { type, code, sku } };
  }
  return { error: `type must be listing or alias, not "${get('type')}"` };
}
