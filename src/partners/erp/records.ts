/**
 * ERP records (from a REST item or a CSV row) into the partner contract's types. Both adapters read
 * through one RecordReader, so a product means the same whichever way it arrived. A record that is
 * not what the contract needs is a broken thing: PlatformError('permanent') naming where it was.
 */
import { parseMoney } from '../../catalog/index.ts';
import { PlatformError } from '../../connectors/index.ts';
import type { ErpProduct, ErpReceipt, ErpStockCount } from '../types.ts';

/** ISO 8601 with a zone, or a bare date (read as UTC midnight): an ERP time without a zone is ambiguous. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;
const CURRENCY = /^[A-Z]{3}$/;

export class RecordReader {
  /**
   * @param where names the record in messages ("receipts-01.csv line 4", "GET /api/v1/receipts item 3")
   * @param nameOf the wire name of a contract field (unit_cost in a file, unitCost in JSON)
   */
  constructor(
    private readonly record: Record<string, unknown>,
    private readonly where: string,
    private readonly nameOf: (field: string) => string = (field) => field,
  ) {}

  text(field: string): string {
    const value = this.optionalText(field);
    if (value === null) this.fail(field, 'is missing');
    return value;
  }

  optionalText(field: string): string | null {
    const value = this.record[this.nameOf(field)];
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value !== 'string') this.fail(field, `is not text (${JSON.stringify(value)})`);
    const text = value.trim();
    return text === '' ? null : text;
  }

  /** A decimal string, normalised as the catalog stores amounts ("12.5" → "12.5000"). */
  money(field: string): string | null {
    const value = this.record[this.nameOf(field)];
    if (value === undefined || value === null || value === '') return null;
    // A JSON number has been through a double already: the wire carries money as text.
    if (typeof value !== 'string') this.fail(field, `must be a decimal string, not ${JSON.stringify(value)}`);
    const parsed = parseMoney(value);
    if (!parsed.ok) this.fail(field, `"${value}" ${parsed.message}`);
    return parsed.value;
  }

  currency(field: string): string | null {
    const value = this.optionalText(field);
    if (value !== null && !CURRENCY.test(value)) this.fail(field, `"${value}" is not an ISO 4217 code`);
    return value;
  }

  /** A whole number of at least `min`; files carry it as digits, JSON as a number. */
  count(field: string, min: number): number {
    const value = this.record[this.nameOf(field)];
    const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) this.fail(field, `${JSON.stringify(value ?? null)} is not a whole number >= ${min}`);
    return n;
  }

  /** The time as UTC ISO text, so the same instant always reads the same. */
  time(field: string): string {
    const value = this.text(field);
    const ms = ISO_TIME.test(value) && isCalendarDate(value) ? Date.parse(value.replace(' ', 'T')) : Number.NaN;
    if (Number.isNaN(ms)) this.fail(field, `"${value}" is not an ISO 8601 time with a zone`);
    return new Date(ms).toISOString();
  }

  fail(field: string, problem: string): never {
    throw new PlatformError('permanent', `${this.where}: ${this.nameOf(field)} ${problem}`);
  }
}

/** Date.parse rolls 2025-02-30 over into March; an ERP date that does not exist is a broken record. */
function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12;
}

export function productOf(r: RecordReader): ErpProduct {
  return {
    sku: r.text('sku'), name: r.text('name'), unitCost: r.money('unitCost'), price: r.money('price'),
    currency: r.currency('currency'), barcode: r.optionalText('barcode'),
  };
}

/** A count may be zero (the shelf was empty); it sets on hand, so it must not be negative. */
export function stockCountOf(r: RecordReader): ErpStockCount {
  return { countId: r.text('countId'), sku: r.text('sku'), location: r.text('location'), qty: r.count('qty', 0), countedAt: r.time('countedAt') };
}

/** A receipt adds stock: zero or less is not a receipt (returns to vendor are another document). */
export function receiptOf(r: RecordReader): ErpReceipt {
  return {
    receiptId: r.text('receiptId'), purchaseOrder: r.optionalText('purchaseOrder'), sku: r.text('sku'), location: r.text('location'),
    qty: r.count('qty', 1), receivedAt: r.time('receivedAt'),
  };
}
