/**
 * Reading a products CSV into checked rows, without the database: the header, each row's cells,
 * the `components` cell. Rule for cells: an empty cell means "not given", so a new product gets
 * the default and an existing one keeps its value; a file can update prices without touching names.
 */
import { checkComponentList, describeComponentProblem, type ComponentSpec } from './bundles.ts';
import type { CsvRecord } from './csv.ts';
import type { ProductPatch } from './types.ts';
import { checkProductPatch, checkSku, describeIssues, type ProductFields } from './validation.ts';

export type ImportColumn = 'sku' | 'name' | 'barcode' | 'category' | 'unitCost' | 'price' | 'currency' | 'components';

/** Header names, compared in lower case; `unit_cost` and `unitCost` are the same column. */
const COLUMN_BY_NAME: Readonly<Record<string, ImportColumn>> = {
  sku: 'sku',
  name: 'name',
  barcode: 'barcode',
  category: 'category',
  unit_cost: 'unitCost',
  unitcost: 'unitCost',
  price: 'price',
  currency: 'currency',
  components: 'components',
};
const KNOWN_COLUMNS = 'sku, name, barcode, category, unit_cost, price, currency, components';

export interface ImportHeader {
  /** Where each known column is in a row. */
  index: ReadonlyMap<ImportColumn, number>;
  /** Each known column's name as the file spells it, for error messages (keyed by ImportColumn). */
  label: ReadonlyMap<string, string>;
  width: number;
}

export type HeaderReading =
  | { ok: true; header: ImportHeader; unknownColumns: string | null }
  | { ok: false; reason: string };

export function readHeader(record: CsvRecord): HeaderReading {
  if (record.error !== undefined) return { ok: false, reason: `the header row is not valid CSV: ${record.error}` };
  const index = new Map<ImportColumn, number>();
  const label = new Map<string, string>();
  const unknown: string[] = [];
  for (const [position, raw] of record.fields.entries()) {
    const name = raw.trim();
    const column = COLUMN_BY_NAME[name.toLowerCase()];
    if (column === undefined) {
      unknown.push(name === '' ? `(unnamed column ${position + 1})` : `"${name}"`);
    } else if (index.has(column)) {
      return { ok: false, reason: `the header names the ${label.get(column)} column twice (columns ${(index.get(column) ?? 0) + 1} and ${position + 1})` };
    } else {
      index.set(column, position);
      label.set(column, name);
    }
  }
  const missing = (['sku', 'name'] as const).filter((c) => !index.has(c));
  if (missing.length > 0) {
    return { ok: false, reason: `the header has no ${missing.join(' or ')} column (required: sku, name; known: ${KNOWN_COLUMNS})` };
  }
  const unknownColumns = unknown.length === 0 ? null : `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ignored (known: ${KNOWN_COLUMNS})`;
  return { ok: true, header: { index, label, width: record.fields.length }, unknownColumns };
}

/** A row that reads well on its own; whether it can be written depends on the database. */
export interface ImportRow {
  line: number;
  sku: string;
  /** The fields of the non-empty cells, normalised. */
  fields: Partial<ProductFields>;
  /** The bundle composition, or null when the row gives none. */
  components: ComponentSpec[] | null;
}

export type RowReading = { ok: true; row: ImportRow } | { ok: false; sku: string | null; reason: string };

export function readRow(header: ImportHeader, record: CsvRecord): RowReading {
  const cell = (column: ImportColumn): string => {
    const position = header.index.get(column);
    return position === undefined ? '' : (record.fields[position] ?? '').trim();
  };
  const columnLabel = (field: string) => header.label.get(field) ?? field;
  const rawSku = cell('sku');
  const fail = (reason: string): RowReading => ({ ok: false, sku: rawSku === '' ? null : rawSku, reason });
  if (record.error !== undefined) return fail(`not valid CSV: ${record.error}`);
  if (record.fields.length !== header.width) return fail(`has ${record.fields.length} fields but the header has ${header.width}`);
  const sku = checkSku(rawSku);
  if (!sku.ok) return fail(describeIssues(sku.issues, columnLabel));
  const given = (column: ImportColumn): string | undefined => cell(column) || undefined;
  const patch: ProductPatch = {
    name: given('name'), barcode: given('barcode'), category: given('category'),
    unitCost: given('unitCost'), price: given('price'), currency: given('currency'),
  };
  const fields = checkProductPatch(patch);
  if (!fields.ok) return fail(describeIssues(fields.issues, columnLabel));
  const components = readComponentsCell(sku.value, cell('components'));
  if (!components.ok) return fail(components.reason);
  return { ok: true, row: { line: record.line, sku: sku.value, fields: fields.value, components: components.value } };
}

/** `SKU-A:2;SKU-B:1` → components; an empty cell → null. A SKU may itself contain colons: the last one splits. */
export function readComponentsCell(bundleSku: string, text: string): { ok: true; value: ComponentSpec[] | null } | { ok: false; reason: string } {
  const parts = text.split(';').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return { ok: true, value: null };
  const specs: ComponentSpec[] = [];
  for (const part of parts) {
    const colon = part.lastIndexOf(':');
    const qty = part.slice(colon + 1).trim();
    if (colon <= 0 || !/^\d+$/.test(qty)) return { ok: false, reason: `components: "${part}" must be written SKU:QTY, e.g. SKU-A:2;SKU-B:1` };
    specs.push({ sku: part.slice(0, colon).trim(), qty: Number(qty) });
  }
  const checked = checkComponentList(bundleSku, specs);
  return checked.ok ? { ok: true, value: checked.value } : { ok: false, reason: checked.problems.map(describeComponentProblem).join('; ') };
}
