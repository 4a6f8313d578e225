/**
 * From a reservation to a warehouse's shipment request, and from its confirmation back to what the
 * hub ships. Pure. The warehouse ships physical SKUs (a bundle's components); the reservation and the
 * channel count in the order's own lines, so quantities are translated both ways.
 */
import type { Reservation } from '../inventory/index.ts';

export interface RequestLine {
  /** `${requestLine}:${stockSku}`: which order line and which physical SKU, stable across retries. */
  lineRef: string;
  sku: string;
  qty: number;
}

export const lineRefOf = (requestLine: number, stockSku: string) => `${requestLine}:${stockSku}`;

/** Open units per location: what each warehouse is asked to ship (held, not yet shipped or released). */
export function requestLinesByLocation(reservation: Reservation): Map<string, RequestLine[]> {
  const byLocation = new Map<string, Map<string, RequestLine>>();
  for (const l of reservation.lines) {
    const open = l.qty - l.shippedQty - l.releasedQty;
    if (open <= 0) continue;
    const lines = byLocation.get(l.location) ?? new Map<string, RequestLine>();
    const ref = lineRefOf(l.requestLine, l.stockSku);
    const existing = lines.get(ref);
    lines.set(ref, { lineRef: ref, sku: l.stockSku, qty: (existing?.qty ?? 0) + open });
    byLocation.set(l.location, lines);
  }
  return new Map([...byLocation].map(([loc, lines]) => [loc, [...lines.values()]]));
}

export interface ShipmentOutcome {
  /** Every requested unit left the building. */
  complete: boolean;
  /** Per order line (line number): whole requested units shipped (a bundle counts when all its components went). */
  shippedUnits: Map<number, number>;
  /** What was asked and did not ship, per physical SKU: the warehouse will not send it later. */
  short: { lineRef: string; sku: string; missing: number }[];
}

/**
 * Reads a confirmation against what was requested. `orderLineQty` gives each order line's quantity,
 * to tell how many components make one unit of a bundle line.
 */
export function readConfirmation(requested: RequestLine[], shipped: { lineRef: string; qtyShipped: number }[], orderLineQty: Map<number, number>): ShipmentOutcome {
  const shippedByRef = new Map<string, number>();
  for (const s of shipped) shippedByRef.set(s.lineRef, (shippedByRef.get(s.lineRef) ?? 0) + s.qtyShipped);
  const short: ShipmentOutcome['short'] = [];
  const unitsByLine = new Map<number, number>();
  for (const r of requested) {
    const got = Math.min(r.qty, shippedByRef.get(r.lineRef) ?? 0);
    if (got < r.qty) short.push({ lineRef: r.lineRef, sku: r.sku, missing: r.qty - got });
    const line = Number(r.lineRef.split(':')[0]);
    const lineQty = orderLineQty.get(line) ?? r.qty;
    // Components per unit of the order line (1 for a plain line); whole units only.
    const perUnit = Math.max(1, Math.round(r.qty / lineQty));
    const units = Math.floor(got / perUnit);
    unitsByLine.set(line, Math.min(unitsByLine.get(line) ?? Number.POSITIVE_INFINITY, units));
  }
  return { complete: short.length === 0, shippedUnits: unitsByLine, short };
}
