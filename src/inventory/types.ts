import type { LocationKind, MovementKind, ReservationStatus } from '../store/index.ts';

export type { LocationKind, MovementKind, ReservationStatus };

export interface Location {
  code: string;
  name: string;
  kind: LocationKind;
  createdAt: string;
  updatedAt: string;
}

export interface Movement {
  id: string;
  kind: MovementKind;
  sku: string;
  location: string;
  onHandDelta: number;
  reservedDelta: number;
  onHandAfter: number;
  reservedAfter: number;
  reason: string;
  reference: string | null;
  actor: string;
  reservationId: string | null;
  note: string | null;
  createdAt: string;
}

/** What a stock operation answers: the movements it wrote (the first time, or on a replay of its key). */
export interface OperationResult {
  operationId: string;
  idempotencyKey: string;
  /** True when the key had been used before: nothing changed, these are the first call's movements. */
  replayed: boolean;
  movements: Movement[];
}

export interface StockLocationLevel {
  location: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  /** What channels may sell: on hand − reserved − safety stock, never below 0. */
  available: number;
}

export interface StockLevel {
  sku: string;
  isBundle: boolean;
  /** For a bundle these are derived from its components: how many complete bundles can be built. */
  onHand: number;
  reserved: number;
  safetyStock: number;
  available: number;
  locations: StockLocationLevel[];
  components: { sku: string; qty: number; available: number }[];
}

export interface ReservationLine {
  /** Index of the line in the request. */
  requestLine: number;
  /** The SKU as requested (a bundle SKU for a bundle's components). */
  sku: string;
  /** The SKU whose stock is held (the component for a bundle). */
  stockSku: string;
  location: string;
  qty: number;
  shippedQty: number;
  releasedQty: number;
}

export interface Reservation {
  id: string;
  ref: string;
  status: ReservationStatus;
  actor: string;
  lines: ReservationLine[];
  createdAt: string;
  updatedAt: string;
}

export interface ReserveLineInput {
  sku: string;
  qty: number;
  /** A location code; without it the hub picks (whole line from one location first, else split). */
  location?: string | undefined;
}

export interface ReserveInput {
  /** The order or document this stock is held for; also the idempotency key of the reservation. */
  ref: string;
  lines: ReserveLineInput[];
}

export interface ReserveOutcome {
  reservation: Reservation;
  /** False when a reservation with this ref already existed and was returned unchanged. */
  created: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
