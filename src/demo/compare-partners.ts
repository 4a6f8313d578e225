/**
 * The back office at the end of a demo run, with the ERP and warehouse simulators as witnesses.
 * Pure: what each side says goes in, counts come out; every count should be 0.
 */

type Lines = { sku: string; qty: number }[];

const linesKey = (lines: Lines) => {
  const totals = new Map<string, number>();
  for (const l of lines) totals.set(l.sku, (totals.get(l.sku) ?? 0) + l.qty);
  return [...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([s, q]) => `${s}×${q}`).join(',');
};

/** Every released order is in the ERP once, with the hub's lines; nothing else is. */
export function compareErp(released: { orderId: string; lines: Lines }[], booked: { externalRef: string; lines: Lines }[]): { erpMismatch: number; examples: string[] } {
  const examples: string[] = [];
  const note = (s: string) => examples.length < 10 && examples.push(s);
  const bookings = new Map<string, Lines[]>();
  for (const b of booked) bookings.set(b.externalRef, [...(bookings.get(b.externalRef) ?? []), b.lines]);
  const releasedIds = new Set(released.map((r) => r.orderId));
  let erpMismatch = 0;
  for (const r of released) {
    const found = bookings.get(r.orderId) ?? [];
    if (found.length !== 1) {
      erpMismatch++;
      note(`erp: order ${r.orderId} booked ${found.length} times`);
    } else if (linesKey(found[0]!) !== linesKey(r.lines)) {
      erpMismatch++;
      note(`erp: order ${r.orderId} lines ${linesKey(found[0]!)}, hub ${linesKey(r.lines)}`);
    }
  }
  for (const ref of bookings.keys()) {
    if (!releasedIds.has(ref)) {
      erpMismatch++;
      note(`erp: has ${ref}, which the hub never released`);
    }
  }
  return { erpMismatch, examples };
}

/** On hand per SKU at the warehouse's location: the hub's ledger against the warehouse's own books. */
export function compareWarehouse(hub: Map<string, number>, warehouse: Map<string, number>): { wmsMismatch: number; examples: string[] } {
  const examples: string[] = [];
  let wmsMismatch = 0;
  for (const sku of new Set([...hub.keys(), ...warehouse.keys()])) {
    const h = hub.get(sku) ?? 0;
    const w = warehouse.get(sku) ?? 0;
    if (h === w) continue;
    wmsMismatch++;
    if (examples.length < 10) examples.push(`wms: ${sku} on hand ${h} in the hub, ${w} in the warehouse's books`);
  }
  return { wmsMismatch, examples };
}

export interface WarehouseShipment {
  /** The hub order the request was for. */
  orderId: string;
  trackingNumber: string;
}

/**
 * Every parcel the warehouse sent shows its tracking number on the order's channel. Orders the
 * channel cancelled are left out: a parcel that left after a cancellation is after-sales, not sync.
 */
export function compareTracking(
  shipped: WarehouseShipment[],
  orderChannel: Map<string, { key: string; cancelled: boolean }>,
  channelTracking: Map<string, string[]>,
): { trackingMissing: number; examples: string[] } {
  const examples: string[] = [];
  let trackingMissing = 0;
  for (const s of shipped) {
    const order = orderChannel.get(s.orderId);
    if (order?.cancelled) continue;
    const shown = order ? (channelTracking.get(order.key) ?? []) : [];
    if (shown.includes(s.trackingNumber)) continue;
    trackingMissing++;
    if (examples.length < 10) examples.push(`tracking ${s.trackingNumber} of order ${s.orderId} (${order?.key ?? 'unknown to the hub'}) not on the channel`);
  }
  return { trackingMissing, examples };
}
