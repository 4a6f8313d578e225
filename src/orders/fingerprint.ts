/**
 * What the review rules read of an order, reduced to keys: who bought (a duplicate is the same
 * buyer again), what (sorted code:qty pairs), and a hash of everything the rules look at, so an
 * order is judged again when its content changes and not when only its payment status does.
 */
import { createHash } from 'node:crypto';
import type { CanonicalOrder } from '../connectors/types.ts';

/** The platform's buyer id, else the e-mail, else the nick; null when the platform gives none. */
export function buyerKeyOf(order: CanonicalOrder): string | null {
  const b = order.buyer;
  const key = b.id ?? b.email ?? b.nick;
  return key ? key.trim().toLowerCase() : null;
}

export function itemsKeyOf(order: CanonicalOrder): string {
  return order.lines.map((l) => `${l.sku || l.platformVariantId || l.platformProductId || l.title}:${l.qty}`).sort().join('|');
}

export function contentHashOf(order: CanonicalOrder): string {
  const content = {
    lines: order.lines.map((l) => [l.externalLineId, l.sku, l.qty, l.unitPrice]),
    total: order.total, buyer: order.buyer, buyerNote: order.buyerNote, sellerNote: order.sellerNote, address: order.shippingAddress,
  };
  return createHash('sha1').update(JSON.stringify(content)).digest('base64url');
}
