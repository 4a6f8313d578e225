/**
 * How the simulated warehouse behaves: a request waits its pick delay, then ships what the book
 * holds (sometimes less, on purpose); units go missing now and then without a word until a cycle
 * count reports the book; some parcels come back; inbound goods arrive after a delay. Every change
 * to the books except shrinkage is an event, made in the same synchronous step as the change.
 */
import type { Prng } from '../common/prng.ts';
import type { InboundNotice, ShipmentRequest } from './store.ts';
import type { WmsWorld } from './world.ts';

const CARRIERS = ['SF', 'YTO', 'UPS', 'DHL'] as const;

export function acceptShipmentRequest(world: WmsWorld, request: Omit<ShipmentRequest, 'id' | 'status' | 'carrier' | 'trackingNumber' | 'shippedMs'>): ShipmentRequest {
  const stored: ShipmentRequest = { ...request, id: world.store.nextRequestId(), status: 'waiting', carrier: null, trackingNumber: null, shippedMs: null };
  world.store.requests.set(stored.requestId, stored);
  world.stats.requestsReceived++;
  world.work.after(world.drawDelayMs(world.behaviour.shipDelayMs), () => world.runOrHold(() => ship(world, stored)));
  return stored;
}

/** 'cancelled' when it will not ship now (also when cancelled before), 'shipped' when too late. */
export function cancelRequest(world: WmsWorld, request: ShipmentRequest): 'cancelled' | 'shipped' {
  if (request.status === 'shipped') return 'shipped';
  if (request.status === 'waiting') {
    request.status = 'cancelled';
    world.stats.cancelled++;
    world.emit({ type: 'request_cancelled', warehouse: request.warehouse, requestId: request.requestId });
  }
  return 'cancelled';
}

function ship(world: WmsWorld, request: ShipmentRequest): void {
  if (request.status !== 'waiting') return;
  const { store, random, stats } = world;
  // A deliberate short: one line's units are not found at the pick face. They stay on the book
  // (nobody knows where they went), so the next count still agrees with it.
  const shortLine = random.picking.chance(world.behaviour.shortShipRate) ? random.picking.pick(request.lines) : null;
  for (const line of request.lines) {
    const available = Math.min(line.qty, store.onHand(request.warehouse, line.sku));
    const picked = line === shortLine && available > 0 ? random.picking.int(0, available - 1) : available;
    line.qtyShipped = store.take(request.warehouse, line.sku, picked);
    if (line.qtyShipped < line.qty) stats.shortShippedLines++;
    if (line === shortLine && picked < available) stats.deliberateShorts++;
    stats.unitsShipped += line.qtyShipped;
  }
  const carrier = random.carriers.pick(CARRIERS);
  Object.assign(request, { status: 'shipped', carrier, trackingNumber: trackingNumberOf(carrier, random.carriers), shippedMs: Date.now() });
  stats.shipped++;
  world.emit({
    type: 'shipment_confirmed', warehouse: request.warehouse, requestId: request.requestId, orderNumber: request.orderNumber,
    carrier, trackingNumber: request.trackingNumber!,
    lines: request.lines.map((l) => ({ lineRef: l.lineRef, sku: l.sku, qtyRequested: l.qty, qtyShipped: l.qtyShipped })),
  });
  maybeShrink(world, request.warehouse);
  maybeScheduleReturn(world, request);
}

/** Tracking numbers in each carrier's usual shape (SF: 12 digits after "SF"; UPS: "1Z" + 16). */
function trackingNumberOf(carrier: (typeof CARRIERS)[number], prng: Prng): string {
  const digits = (n: number) => Array.from({ length: n }, () => prng.int(0, 9)).join('');
  const alnum = (n: number) => Array.from({ length: n }, () => prng.int(0, 35).toString(36).toUpperCase()).join('');
  switch (carrier) {
    case 'SF': return `SF${digits(12)}`;
    case 'YTO': return `YT${digits(13)}`;
    case 'UPS': return `1Z${alnum(16)}`;
    case 'DHL': return digits(10);
  }
}

/** One unit of some SKU on this warehouse's book is found damaged or lost: no event (a count will tell). */
function maybeShrink(world: WmsWorld, warehouse: string): void {
  if (!world.random.shrink.chance(world.behaviour.shrinkRate)) return;
  const stocked = [...(world.store.books.get(warehouse) ?? new Map<string, number>())].filter(([, qty]) => qty > 0).map(([sku]) => sku);
  if (stocked.length === 0) return;
  const sku = world.random.shrink.pick(stocked);
  world.store.take(warehouse, sku, 1);
  world.store.shrinkage.push({ warehouse, sku, qty: 1, afterSeq: world.store.lastSeq });
  world.stats.shrinkUnits++;
}

function maybeScheduleReturn(world: WmsWorld, request: ShipmentRequest): void {
  const shippedLines = request.lines.filter((l) => l.qtyShipped > 0);
  if (shippedLines.length === 0 || !world.random.returns.chance(world.behaviour.returnRate)) return;
  const line = world.random.returns.pick(shippedLines);
  const qty = world.random.returns.int(1, line.qtyShipped);
  world.pendingReturns++;
  world.work.after(world.drawDelayMs(world.behaviour.returnDelayMs), () => world.runOrHold(() => {
    world.pendingReturns--;
    world.store.add(request.warehouse, line.sku, qty);
    world.stats.returns++;
    world.stats.unitsReturned += qty;
    world.emit({ type: 'return_received', warehouse: request.warehouse, requestId: request.requestId, sku: line.sku, qty });
  }));
}

export function acceptInboundNotice(world: WmsWorld, notice: Omit<InboundNotice, 'id' | 'status'>): InboundNotice {
  const stored: InboundNotice = { ...notice, id: world.store.nextNoticeId(), status: 'expected' };
  world.store.notices.set(stored.noticeId, stored);
  world.work.after(world.drawDelayMs(world.behaviour.receiveDelayMs), () => {
    for (const line of stored.lines) world.store.add(stored.warehouse, line.sku, line.qty);
    stored.status = 'received';
    world.stats.inboundReceived++;
    world.emit({ type: 'inbound_received', warehouse: stored.warehouse, noticeId: stored.noticeId, lines: stored.lines.map((l) => ({ ...l })) });
  });
  return stored;
}

/** Counts these SKUs now: one cycle_count each with the book's quantity at that very seq. */
export function countSkus(world: WmsWorld, warehouse: string, skus: readonly string[]): number {
  for (const sku of skus) {
    world.stats.counts++;
    world.emit({ type: 'cycle_count', warehouse, sku, qty: world.store.onHand(warehouse, sku) });
  }
  return skus.length;
}

export function countAll(world: WmsWorld, warehouse: string): number {
  return countSkus(world, warehouse, [...(world.store.books.get(warehouse)?.keys() ?? [])]);
}

/** (Re)starts the cycle-count clock from the current countEveryMs. */
export function startCountClock(world: WmsWorld): void {
  world.clock.clear();
  const everyMs = world.behaviour.countEveryMs;
  if (everyMs <= 0) return;
  const tick = () => {
    if (!world.behaviour.paused) countSome(world);
    world.clock.after(everyMs, tick);
  };
  world.clock.after(everyMs, tick);
}

/** A routine cycle count: one to three SKUs of one warehouse. */
function countSome(world: WmsWorld): void {
  const prng = world.random.counts;
  const warehouses = [...world.store.books].filter(([, book]) => book.size > 0);
  if (warehouses.length === 0) return;
  const [code, book] = prng.pick(warehouses);
  const skus = prng.shuffle([...book.keys()]).slice(0, prng.int(1, 3));
  countSkus(world, code, skus.sort());
}

/** Runs the work that fell due while paused, in the order it fell due. */
export function resume(world: WmsWorld): void {
  while (!world.behaviour.paused && world.held.length > 0) world.held.shift()!();
}
