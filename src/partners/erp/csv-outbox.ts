/**
 * Order files for an ERP that imports CSV: one `order-<orderId>.csv` per order in the outbox
 * folder, a header and one row per line, the order's fields repeated on each row (the flat layout
 * ERP import screens take).
 *
 * The file appears whole or not at all: it is written under a hidden temporary name, flushed to
 * disk, then hard-linked to its final name. link(2) fails when the name exists (rename would
 * silently replace it), so two exports of one order racing each other still leave one file, and a
 * second export finds the file and answers created: false. The ERP may leave imported files in place
 * or move them to `processed/` under the outbox: both count as exported already.
 */
import { randomUUID } from 'node:crypto';
import { access, link, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { PlatformError } from '../../connectors/index.ts';
import type { ErpOrderExport } from '../types.ts';
import { formatCsv, type CsvValue } from './csv-write.ts';
import { fileSystemError } from './files.ts';

export const ORDER_FILE_COLUMNS = [
  'order_id', 'channel', 'platform', 'channel_order_id', 'number', 'ordered_at', 'currency', 'total', 'customer_name',
  'ship_name', 'ship_line1', 'ship_line2', 'ship_city', 'ship_province', 'ship_postal_code', 'ship_country', 'ship_phone',
  'line_no', 'sku', 'description', 'qty', 'unit_price',
] as const;

/** Where an ERP that files imported orders away puts them (still "exported" for idempotency). */
export const PROCESSED_FOLDER = 'processed';

/** The id becomes part of a file name: nothing that could climb out of the folder or confuse a glob. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function orderFileName(orderId: string): string {
  if (!SAFE_ID.test(orderId)) throw new PlatformError('permanent', `order id "${orderId}" cannot be used in a file name`);
  return `order-${orderId}.csv`;
}

export async function writeOrderFile(outboxDir: string, order: ErpOrderExport): Promise<{ erpOrderId: string; created: boolean }> {
  const name = orderFileName(order.orderId);
  // The order's fields ride on its line rows: a file without rows would not even name the order.
  if (order.lines.length === 0) throw new PlatformError('permanent', `order ${order.orderId} has no lines to export`);
  if (await exists(join(outboxDir, name)) || await exists(join(outboxDir, PROCESSED_FOLDER, name))) return { erpOrderId: name, created: false };
  const temporary = join(outboxDir, `.${name}.${randomUUID()}.tmp`);
  try {
    const file = await open(temporary, 'wx');
    try {
      await file.writeFile(orderCsv(order), 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await link(temporary, join(outboxDir, name));
    return { erpOrderId: name, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { erpOrderId: name, created: false };
    throw fileSystemError(err, `writing ${name} into ${outboxDir}`);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

export function orderCsv(order: ErpOrderExport): string {
  const a = order.shippingAddress;
  const head: CsvValue[] = [
    order.orderId, order.channel, order.platform, order.externalId, order.number, order.createdAt, order.currency, order.total, order.buyerName,
    a?.name ?? null, a?.line1 ?? null, a?.line2 ?? null, a?.city ?? null, a?.province ?? null, a?.postalCode ?? null, a?.country ?? null, a?.phone ?? null,
  ];
  return formatCsv(ORDER_FILE_COLUMNS, order.lines.map((line) => [...head, line.lineNo, line.sku, line.title, line.qty, line.unitPrice]));
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw fileSystemError(err, `looking for ${path}`);
  }
}
