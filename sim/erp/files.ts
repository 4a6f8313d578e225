/**
 * The ERP's file exchange in csvDir: it drops products-*, stock-counts-* and receipts-*.csv into
 * inbox/ (written as name.csv.tmp, then renamed, so a reader never sees half a file) and books the
 * hub's order-*.csv files from outbox/ (read, never moved: the hub looks for them to stay idempotent).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CountRecord, ProductRecord, ReceiptRecord, SalesOrderInput } from './books.ts';
import { csvRecords, formatCsvFile } from './csv.ts';
import { isIsoTime, isMoneyText } from './validate.ts';

export const PRODUCT_COLUMNS = ['sku', 'name', 'unit_cost', 'price', 'currency', 'barcode'] as const;
export const COUNT_COLUMNS = ['count_id', 'sku', 'location', 'qty', 'counted_at'] as const;
export const RECEIPT_COLUMNS = ['receipt_id', 'purchase_order', 'sku', 'location', 'qty', 'received_at'] as const;
/** The order file's columns: order fields repeated on each line's row. */
export const ORDER_COLUMNS = [
  'order_id', 'channel', 'platform', 'channel_order_id', 'number', 'ordered_at', 'currency', 'total', 'customer_name',
  'ship_name', 'ship_line1', 'ship_line2', 'ship_city', 'ship_province', 'ship_postal_code', 'ship_country', 'ship_phone',
  'line_no', 'sku', 'description', 'qty', 'unit_price',
] as const;

const INBOX_FILE = /^(products|stock-counts|receipts)-.*\.csv(\.tmp)?$/;
const ORDER_FILE = /^order-.+\.csv$/;

export type OrderFileRead = { file: string; order: SalesOrderInput } | { file: string; error: string };

export class ErpFiles {
  readonly inbox: string;
  readonly outbox: string;

  /** fileNumber survives resets, so a name written after a reset never repeats one the hub has read. */
  constructor(dir: string, private readonly fileNumber: { next: number }) {
    this.inbox = join(dir, 'inbox');
    this.outbox = join(dir, 'outbox');
    mkdirSync(this.inbox, { recursive: true });
    mkdirSync(this.outbox, { recursive: true });
  }

  writeProducts(products: ProductRecord[], nowMs: number): string {
    const rows = products.map((p) => [p.sku, p.name, p.unitCost, p.price, p.currency, p.barcode]);
    return this.drop('products', formatCsvFile(PRODUCT_COLUMNS, rows), nowMs);
  }

  writeCount(count: CountRecord, nowMs: number): string {
    return this.drop('stock-counts', formatCsvFile(COUNT_COLUMNS, [[count.id, count.sku, count.location, count.qty, count.countedAt]]), nowMs);
  }

  writeReceipt(r: ReceiptRecord, nowMs: number): string {
    const row = [r.id, r.purchaseOrder, r.sku, r.location, r.qty, r.receivedAt];
    return this.drop('receipts', formatCsvFile(RECEIPT_COLUMNS, [row]), nowMs);
  }

  /** Order files not in `seen`, in name order, each read into an order or an error. */
  readOrderFiles(seen: ReadonlySet<string>): OrderFileRead[] {
    if (!existsSync(this.outbox)) return [];
    const names = readdirSync(this.outbox).filter((name) => ORDER_FILE.test(name) && !seen.has(name)).sort();
    return names.map((file) => {
      try {
        return { file, order: orderOfFile(readFileSync(join(this.outbox, file), 'utf8')) };
      } catch (err) {
        return { file, error: err instanceof Error ? err.message : String(err) };
      }
    });
  }

  /** A reset empties both folders of the files this exchange knows; anything else is left alone. */
  clear(): void {
    for (const [dir, pattern] of [[this.inbox, INBOX_FILE], [this.outbox, ORDER_FILE]] as const) {
      for (const name of readdirSync(dir)) if (pattern.test(name)) rmSync(join(dir, name), { force: true });
    }
  }

  /** Name order is the order the hub reads in: the time first, then a number that never repeats. */
  private drop(kind: string, content: string, nowMs: number): string {
    const stamp = new Date(nowMs).toISOString().replace(/[-:.]/g, '');
    const name = `${kind}-${stamp}-${String(this.fileNumber.next++).padStart(6, '0')}.csv`;
    const path = join(this.inbox, name);
    writeFileSync(`${path}.tmp`, content);
    renameSync(`${path}.tmp`, path);
    return name;
  }
}

function orderOfFile(text: string): SalesOrderInput {
  const rows = csvRecords(text);
  const first = rows[0];
  if (!first) throw new Error('the file has no lines');
  const missing = ORDER_COLUMNS.filter((column) => !(column in first));
  if (missing.length > 0) throw new Error(`columns missing: ${missing.join(', ')}`);
  const money = (value: string, what: string) => {
    if (!isMoneyText(value)) throw new Error(`${what} "${value}" is not a decimal amount`);
    return value;
  };
  const whole = (value: string, what: string) => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`${what} "${value}" is not a whole number >= 1`);
    return Number(value);
  };
  if (!first.order_id) throw new Error('order_id is empty');
  if (!isIsoTime(first.ordered_at ?? '')) throw new Error(`ordered_at "${first.ordered_at}" is not an ISO time`);
  if (rows.some((row) => row.order_id !== first.order_id)) throw new Error('rows name more than one order_id');
  const f = first as Record<(typeof ORDER_COLUMNS)[number], string>;
  const orNull = (value: string) => (value === '' ? null : value);
  return {
    externalRef: f.order_id, channel: f.channel, platform: f.platform, channelOrderId: f.channel_order_id, number: f.number,
    orderedAt: f.ordered_at, currency: f.currency, total: money(f.total, 'total'),
    customer: { name: orNull(f.customer_name) },
    shipTo: f.ship_name || f.ship_line1 || f.ship_city || f.ship_country ? {
      name: orNull(f.ship_name), line1: orNull(f.ship_line1), line2: orNull(f.ship_line2), city: orNull(f.ship_city),
      province: orNull(f.ship_province), postalCode: orNull(f.ship_postal_code), country: orNull(f.ship_country), phone: orNull(f.ship_phone),
    } : null,
    lines: rows.map((row, i) => ({
      lineNo: whole(row.line_no ?? '', `row ${i + 1} line_no`),
      sku: row.sku ?? '',
      description: row.description ?? '',
      qty: whole(row.qty ?? '', `row ${i + 1} qty`),
      unitPrice: money(row.unit_price ?? '', `row ${i + 1} unit_price`),
    })),
  };
}
