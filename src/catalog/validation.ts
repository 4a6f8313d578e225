/**
 * Checks and normalises what a caller says about a product, before any database work. The same
 * rules serve the API, the service and the CSV import, so a row refused by one is refused by all.
 */
import { parseMoney } from './money.ts';
import type { ProductPatch } from './types.ts';

export const SKU_MAX_LENGTH = 100;
const NAME_MAX_LENGTH = 500;
const BARCODE_MAX_LENGTH = 100;
const CATEGORY_MAX_LENGTH = 200;
/** Bundle component quantities are stored as integer; no real kit needs more. */
export const COMPONENT_QTY_MAX = 1_000_000;

export interface FieldIssue {
  field: string;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Every stored attribute of a product apart from its SKU and bundle composition, normalised. */
export interface ProductFields {
  name: string;
  barcode: string | null;
  category: string | null;
  /** Decimal strings with four places, as numeric(14,4) reads back. */
  unitCost: string;
  price: string;
  currency: string;
}

/** What a new product gets for each field the caller leaves out (matches the column defaults). */
export const PRODUCT_DEFAULTS: Omit<ProductFields, 'name'> = {
  barcode: null,
  category: null,
  unitCost: '0.0000',
  price: '0.0000',
  currency: 'USD',
};

export function checkSku(raw: string): Checked<string> {
  const sku = raw.trim();
  if (sku === '') return { ok: false, issues: [{ field: 'sku', message: 'is required' }] };
  if (sku.length > SKU_MAX_LENGTH) return { ok: false, issues: [{ field: 'sku', message: `must be at most ${SKU_MAX_LENGTH} characters` }] };
  return { ok: true, value: sku };
}

/**
 * Normalises the fields a patch sets; fields it leaves undefined stay absent. A `null` barcode or
 * category clears it, as does an empty one.
 */
export function checkProductPatch(patch: ProductPatch): Checked<Partial<ProductFields>> {
  const issues: FieldIssue[] = [];
  const fields: Partial<ProductFields> = {};
  if (patch.name !== undefined) {
    const name = patch.name.trim();
    if (name === '') issues.push({ field: 'name', message: 'is required' });
    else if (name.length > NAME_MAX_LENGTH) issues.push({ field: 'name', message: `must be at most ${NAME_MAX_LENGTH} characters` });
    else fields.name = name;
  }
  const barcode = optionalText('barcode', patch.barcode, BARCODE_MAX_LENGTH, issues);
  if (barcode !== undefined) fields.barcode = barcode;
  const category = optionalText('category', patch.category, CATEGORY_MAX_LENGTH, issues);
  if (category !== undefined) fields.category = category;
  for (const field of ['unitCost', 'price'] as const) {
    const value = patch[field];
    if (value === undefined) continue;
    const money = parseMoney(value);
    if (money.ok) fields[field] = money.value;
    else issues.push({ field, message: money.message });
  }
  if (patch.currency !== undefined) {
    const currency = patch.currency.trim().toUpperCase();
    if (/^[A-Z]{3}$/.test(currency)) fields.currency = currency;
    else issues.push({ field: 'currency', message: 'must be a 3-letter ISO 4217 code such as USD' });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: fields };
}

function optionalText(field: string, raw: string | null | undefined, maxLength: number, issues: FieldIssue[]): string | null | undefined {
  if (raw === undefined) return undefined;
  const text = raw?.trim() ?? '';
  if (text.length > maxLength) {
    issues.push({ field, message: `must be at most ${maxLength} characters` });
    return undefined;
  }
  return text === '' ? null : text;
}

/** The full field set of a new product: what the patch sets over the defaults. A name is required. */
export function fieldsForNewProduct(fields: Partial<ProductFields>): Checked<ProductFields> {
  if (fields.name === undefined) return { ok: false, issues: [{ field: 'name', message: 'is required' }] };
  return { ok: true, value: { ...PRODUCT_DEFAULTS, ...fields, name: fields.name } };
}

/** The fields of `patch` whose value differs from `current`: empty when the patch changes nothing. */
export function changedFields(current: ProductFields, patch: Partial<ProductFields>): Partial<ProductFields> {
  const changes: Partial<ProductFields> = {};
  for (const key of Object.keys(patch) as (keyof ProductFields)[]) {
    const value = patch[key];
    if (value !== undefined && value !== current[key]) Object.assign(changes, { [key]: value });
  }
  return changes;
}

export function describeIssues(issues: FieldIssue[], label: (field: string) => string = (f) => f): string {
  return issues.map((i) => `${label(i.field)}: ${i.message}`).join('; ');
}
