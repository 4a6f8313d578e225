/** GET /_sim/state: the ERP's books as a witness sees them (order files in csvDir/outbox booked first). */
import type { FaultSettings } from '../common/faults.ts';
import type { BookedOrder, CountRecord, ProductRecord, ReceiptRecord } from './books.ts';
import type { ErpStats, ErpWorld } from './world.ts';

export interface ErpSimState {
  platform: 'erp';
  /** No generated receipts still to come. */
  idle: boolean;
  generating: boolean;
  orders: BookedOrder[];
  /** In version order (the products feed's order). */
  products: ProductRecord[];
  receipts: ReceiptRecord[];
  counts: CountRecord[];
  /** Order files in csvDir/outbox the ERP could not read, with why. */
  fileErrors: { file: string; error: string }[];
  stats: ErpStats;
  faults: FaultSettings;
  /** The exchange folders when csvDir is set. */
  csv: { inbox: string; outbox: string } | null;
}

export function erpState(world: ErpWorld): ErpSimState {
  world.readOrderFiles();
  const { books } = world;
  return {
    platform: 'erp',
    idle: world.isIdle(),
    generating: world.pacer.running,
    orders: books.orders.map((order) => ({ ...order, lines: order.lines.map((line) => ({ ...line })) })),
    products: books.products,
    receipts: [...books.receipts],
    counts: [...books.counts],
    fileErrors: [...world.fileErrors],
    stats: { ...world.stats },
    faults: { ...world.faults.settings },
    csv: world.files ? { inbox: world.files.inbox, outbox: world.files.outbox } : null,
  };
}
