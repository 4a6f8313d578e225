import type { ColumnType, Generated } from 'kysely';

/** bigint ids and numerics come back from node-postgres as strings: real platform ids exceed 2^53. */
type Id = ColumnType<string, string | number | bigint, string | number | bigint>;
type GeneratedId = ColumnType<string, string | number | bigint | undefined, never>;
type Money = ColumnType<string, string | number, string | number>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ProductsTable {
  id: GeneratedId;
  sku: string;
  name: string;
  barcode: string | null;
  category: string | null;
  unit_cost: Money;
  price: Money;
  currency: string;
  is_bundle: Generated<boolean>;
  archived_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface BundleComponentsTable {
  bundle_id: Id;
  component_id: Id;
  qty: number;
}

export type LocationKind = 'warehouse' | 'store' | '3pl';

export interface LocationsTable {
  id: GeneratedId;
  code: string;
  name: string;
  kind: LocationKind;
  archived_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface StockBalancesTable {
  product_id: Id;
  location_id: Id;
  on_hand: Generated<number>;
  reserved: Generated<number>;
  updated_at: UpdatedAt;
}

export interface SafetyStockTable {
  product_id: Id;
  location_id: Id;
  qty: number;
  updated_at: UpdatedAt;
}

export interface StockOperationsTable {
  id: GeneratedId;
  idempotency_key: string;
  kind: string;
  fingerprint: string;
  actor: string;
  created_at: CreatedAt;
}

export type ReservationStatus = 'active' | 'shipped' | 'released' | 'closed';

export interface ReservationsTable {
  id: GeneratedId;
  ref: string;
  status: ReservationStatus;
  actor: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ReservationLinesTable {
  reservation_id: Id;
  line_no: number;
  request_line: number;
  requested_sku: string;
  unit_qty: Generated<number>;
  product_id: Id;
  location_id: Id;
  qty: number;
  shipped_qty: Generated<number>;
  released_qty: Generated<number>;
}

export type MovementKind =
  | 'receipt'
  | 'adjustment'
  | 'count'
  | 'reserve'
  | 'release'
  | 'ship'
  | 'return'
  | 'transfer_out'
  | 'transfer_in';

export interface StockMovementsTable {
  id: GeneratedId;
  kind: MovementKind;
  product_id: Id;
  location_id: Id;
  on_hand_delta: number;
  reserved_delta: number;
  on_hand_after: number;
  reserved_after: number;
  reason: string;
  reference: string | null;
  actor: string;
  operation_id: Id;
  reservation_id: Id | null;
  note: string | null;
  created_at: CreatedAt;
}

export type Role = 'admin' | 'operator' | 'viewer';

export interface AccessTokensTable {
  id: GeneratedId;
  name: string;
  role: Role;
  token_hash: string;
  token_prefix: string;
  created_by: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface Database {
  products: ProductsTable;
  bundle_components: BundleComponentsTable;
  locations: LocationsTable;
  stock_balances: StockBalancesTable;
  safety_stock: SafetyStockTable;
  stock_operations: StockOperationsTable;
  reservations: ReservationsTable;
  reservation_lines: ReservationLinesTable;
  stock_movements: StockMovementsTable;
  access_tokens: AccessTokensTable;
}
