/**
 * The ERP adapters behind ErpAdapter (../types.ts): a generic REST ERP ('erp-rest', credentials
 * {apiKey}) and an ERP that exchanges CSV files in two folders ('erp-csv', settings {inboxDir,
 * outboxDir}). Stateless: base URL, credentials, folders, clock and fetch come in the context.
 */
import type { ErpAdapter } from '../types.ts';
import { erpCsvAdapter } from './csv.ts';
import { erpRestAdapter } from './rest.ts';

export { erpRestAdapter, salesOrderBody, ERP_PAGE_SIZE } from './rest.ts';
export { erpCsvAdapter, PRODUCTS_FEED, STOCK_COUNTS_FEED, RECEIPTS_FEED } from './csv.ts';
export { CSV_PAGE_SIZE, type InboxFeedSpec } from './csv-inbox.ts';
export { ORDER_FILE_COLUMNS, PROCESSED_FOLDER, orderFileName, orderCsv } from './csv-outbox.ts';
export { formatCsv, formatCsvRow, formatCsvField, type CsvValue } from './csv-write.ts';

const adapters: Record<ErpAdapter['kind'], ErpAdapter> = { 'erp-rest': erpRestAdapter, 'erp-csv': erpCsvAdapter };

export function erpAdapterFor(kind: ErpAdapter['kind']): ErpAdapter {
  return adapters[kind];
}
