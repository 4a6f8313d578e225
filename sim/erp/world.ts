/**
 * Everything one ERP simulator run holds: its books, randomness, faults, timers, counters and, with
 * csvDir, its file exchange. A reset throws the world away and builds a fresh one from the options.
 */
import { Faults } from '../common/faults.ts';
import { OrderPacer } from '../common/generation.ts';
import { Prng } from '../common/prng.ts';
import { TimerSet } from '../common/timers.ts';
import { ErpBooks, type CountRecord, type ProductRecord, type ReceiptRecord } from './books.ts';
import { ErpFiles } from './files.ts';
import type { ErpSettings, ErpSimProductInput } from './options.ts';

export interface ErpStats {
  apiCalls: number;
  ordersBooked: number;
  /** Postings of an order already booked (REST repeats and second files): refused as duplicates. */
  duplicatePosts: number;
  /** Calls answered 400/401/404/422. */
  refused: number;
  /** Calls answered 429 by the errorRate fault. */
  throttled: number;
  /** Calls answered 5xx by the errorRate or outage fault. */
  errors: number;
  filesWritten: number;
  orderFilesRead: number;
}

export class ErpWorld {
  readonly books = new ErpBooks();
  readonly faults: Faults;
  readonly timers = new TimerSet();
  readonly pacer: OrderPacer;
  readonly files: ErpFiles | null;
  readonly stats: ErpStats = { apiCalls: 0, ordersBooked: 0, duplicatePosts: 0, refused: 0, throttled: 0, errors: 0, filesWritten: 0, orderFilesRead: 0 };
  /** Order files already booked or found unreadable (the ERP reads each file once). */
  readonly seenOrderFiles = new Set<string>();
  readonly fileErrors: { file: string; error: string }[] = [];
  private readonly prng: Prng;

  constructor(readonly settings: ErpSettings, fileNumber: { next: number }) {
    const root = new Prng(settings.seed);
    this.prng = root.fork('receipts');
    this.faults = new Faults(root.fork('faults'));
    this.pacer = new OrderPacer(root.fork('pace'), this.timers, () => this.receiveRandomGoods());
    this.files = settings.csvDir === null ? null : new ErpFiles(settings.csvDir, fileNumber);
    this.files?.clear();
    const nowMs = Date.now();
    const opening = settings.products.map((p) => this.books.saveProduct(productFields(p, settings.currency), nowMs));
    if (this.files && opening.length > 0) this.wrote(this.files.writeProducts(opening, nowMs));
  }

  saveProduct(input: ErpSimProductInput): ProductRecord {
    const nowMs = Date.now();
    const product = this.books.saveProduct(productFields(input, this.settings.currency), nowMs);
    if (this.files) this.wrote(this.files.writeProducts([product], nowMs));
    return product;
  }

  count(input: { sku: string; location: string; qty: number }): CountRecord {
    const nowMs = Date.now();
    const count = this.books.addCount(input, nowMs);
    if (this.files) this.wrote(this.files.writeCount(count, nowMs));
    return count;
  }

  receive(input: { sku: string; location: string; qty: number; purchaseOrder: string | null }): ReceiptRecord {
    const nowMs = Date.now();
    const receipt = this.books.addReceipt(input, nowMs);
    if (this.files) this.wrote(this.files.writeReceipt(receipt, nowMs));
    return receipt;
  }

  /** Books order files the hub has written since the last look (GET /_sim/state looks). */
  readOrderFiles(): void {
    if (!this.files) return;
    for (const read of this.files.readOrderFiles(this.seenOrderFiles)) {
      this.seenOrderFiles.add(read.file);
      this.stats.orderFilesRead++;
      if ('error' in read) {
        this.fileErrors.push(read);
        continue;
      }
      const outcome = this.books.bookOrder(read.order, 'file', null, Date.now());
      if (outcome.kind === 'booked') this.stats.ordersBooked++;
      else this.stats.duplicatePosts++;
    }
  }

  isIdle(): boolean {
    return !this.pacer.running;
  }

  close(): void {
    this.timers.close();
  }

  /** POST /_sim/generate: goods arriving against purchase orders, for products of the master. */
  private receiveRandomGoods(): boolean {
    const products = this.books.products;
    if (products.length === 0) return false;
    const sku = this.prng.pick(products).sku;
    const purchaseOrder = `PO-${String(this.prng.int(1, 99_999)).padStart(5, '0')}`;
    this.receive({ sku, location: this.prng.pick(this.settings.locations), qty: this.prng.int(1, 48), purchaseOrder });
    return true;
  }

  /** Counts a file dropped into the inbox; its name is what the hub's cursor will name. */
  private wrote(name: string): string {
    this.stats.filesWritten++;
    return name;
  }
}

function productFields(input: ErpSimProductInput, currency: string): Omit<ProductRecord, 'version' | 'updatedAt'> {
  return {
    sku: input.sku,
    name: input.name,
    unitCost: input.unitCost === null ? null : String(input.unitCost),
    price: input.price === null ? null : String(input.price),
    currency: input.currency === undefined ? currency : input.currency,
    barcode: input.barcode ?? null,
  };
}
