/**
 * An ERP that exchanges only files (ctx.settings {inboxDir, outboxDir}): it drops products-*.csv,
 * stock-counts-*.csv and receipts-*.csv into the inbox, and imports order-<orderId>.csv files from
 * the outbox. See csv-inbox.ts (reading, cursor, completeness) and csv-outbox.ts (writing).
 */
import type { ErpAdapter, ErpProduct, ErpReceipt, ErpStockCount } from '../types.ts';
import { readInboxFeed, type InboxFeedSpec } from './csv-inbox.ts';
import { writeOrderFile } from './csv-outbox.ts';
import { folderOf } from './files.ts';
import { productOf, receiptOf, stockCountOf } from './records.ts';

export const PRODUCTS_FEED: InboxFeedSpec<ErpProduct> = {
  prefix: 'products', columns: ['sku', 'name', 'unit_cost', 'price', 'currency', 'barcode'], read: productOf,
};
export const STOCK_COUNTS_FEED: InboxFeedSpec<ErpStockCount> = {
  prefix: 'stock-counts', columns: ['count_id', 'sku', 'location', 'qty', 'counted_at'], read: stockCountOf,
};
export const RECEIPTS_FEED: InboxFeedSpec<ErpReceipt> = {
  prefix: 'receipts', columns: ['receipt_id', 'purchase_order', 'sku', 'location', 'qty', 'received_at'], read: receiptOf,
};

export const erpCsvAdapter: ErpAdapter = {
  kind: 'erp-csv',
  exportOrder: async (ctx, order) => writeOrderFile(folderOf(ctx.settings, 'outboxDir'), order),
  products: async (ctx, cursor) => readInboxFeed(folderOf(ctx.settings, 'inboxDir'), PRODUCTS_FEED, cursor),
  stockCounts: async (ctx, cursor) => readInboxFeed(folderOf(ctx.settings, 'inboxDir'), STOCK_COUNTS_FEED, cursor),
  receipts: async (ctx, cursor) => readInboxFeed(folderOf(ctx.settings, 'inboxDir'), RECEIPTS_FEED, cursor),
};
