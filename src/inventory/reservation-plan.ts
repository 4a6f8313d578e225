import type { ProductRef } from '../catalog/index.ts';
import { failure, type Failure } from '../errors/index.ts';
import { bundleUnits, rankLocations } from './availability.ts';
import type { ReserveInput } from './types.ts';

/** One line of stock to hold: a requested line, or one component of a requested bundle. */
export interface PlannedLine {
  requestLine: number;
  requestedSku: string;
  stockSku: string;
  /** Units of this product per requested unit: the component quantity of a bundle, else 1. */
  unitQty: number;
  productId: string;
  qty: number;
  /** Location ids to try, in order of preference; null: any location, the database picks the most free first. */
  candidates: string[] | null;
}

/** Free stock (on_hand − reserved) per product id, per location id: a hint for ordering bundle locations only. */
export type FreeStock = Map<string, Map<string, number>>;

/**
 * Expands a request into stock lines and orders candidate locations. Pure: the database decides what
 * is actually held; a stale `free` only changes the order in which a bundle's locations are tried
 * (so that its components come from the same place when they can).
 */
export function planReservation(
  input: ReserveInput,
  products: Map<string, ProductRef>,
  locationIds: Map<string, string>,
  free: FreeStock,
): PlannedLine[] | Failure {
  const lines: PlannedLine[] = [];
  for (const [requestLine, line] of input.lines.entries()) {
    const product = products.get(line.sku);
    if (!product) return failure('CATALOG.PRODUCT_NOT_FOUND', `Line ${requestLine + 1}: no product has SKU "${line.sku}".`, { line: requestLine, sku: line.sku });
    let fixed: string | undefined;
    if (line.location !== undefined) {
      fixed = locationIds.get(line.location);
      if (!fixed) return failure('INVENTORY.LOCATION_NOT_FOUND', `Line ${requestLine + 1}: no location has code "${line.location}".`, { line: requestLine, location: line.location });
    }
    const parts = product.isBundle
      ? product.components.map((c) => ({ productId: c.productId, sku: c.sku, unitQty: c.qty }))
      : [{ productId: product.id, sku: product.sku, unitQty: 1 }];
    if (parts.length === 0) return failure('CATALOG.INVALID_BUNDLE', `Bundle "${line.sku}" has no components.`, { sku: line.sku });
    const bundleOrder = product.isBundle && !fixed ? bundleLocationOrder(product, free) : undefined;
    for (const part of parts) {
      const own = rankLocations(free.get(part.productId) ?? new Map());
      const candidates = fixed ? [fixed] : bundleOrder ? [...bundleOrder, ...own.filter((id) => !bundleOrder.includes(id))] : null;
      lines.push({
        requestLine, requestedSku: line.sku, stockSku: part.sku, unitQty: part.unitQty,
        productId: part.productId, qty: line.qty * part.unitQty, candidates,
      });
    }
  }
  return lines;
}

/** Locations where whole bundles can be assembled, most first, so components ship together. */
function bundleLocationOrder(bundle: ProductRef, free: FreeStock): string[] {
  const locations = new Set<string>();
  for (const c of bundle.components) for (const id of free.get(c.productId)?.keys() ?? []) locations.add(id);
  const units = [...locations].map((loc) => [loc, bundleUnits(bundle.components, (pid) => free.get(pid)?.get(loc) ?? 0)] as const);
  return units.filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([loc]) => loc);
}
