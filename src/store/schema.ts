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

type Json = ColumnType<unknown, string, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type ConnectionStatus = 'active' | 'paused';

export interface ConnectionsTable {
  id: GeneratedId;
  name: string;
  platform: 'shopify' | 'taobao' | 'woocommerce' | 'amazon';
  base_url: string;
  credentials_enc: string;
  status: Generated<ConnectionStatus>;
  allocation: ColumnType<unknown, string | undefined, string>;
  rate_limit: ColumnType<{ capacity: number; refillPerSecond: number } | null, string | null | undefined, string | null>;
  pull_cursor: Timestamp | null;
  last_pull_at: Timestamp | null;
  last_push_at: Timestamp | null;
  error_streak: Generated<number>;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ListingsTable {
  id: GeneratedId;
  connection_id: Id;
  platform_item_id: string;
  platform_variant_id: Generated<string>;
  platform_location_id: Generated<string>;
  seller_sku: Generated<string>;
  product_id: Id | null;
  allocation: ColumnType<unknown, string | null | undefined, string | null>;
  last_pushed_qty: number | null;
  last_pushed_at: Timestamp | null;
  last_ack: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export interface InboxTable {
  id: GeneratedId;
  connection_id: Id;
  source: 'webhook' | 'pull' | 'reconcile';
  topic: string;
  external_id: string | null;
  delivery_id: string | null;
  platform_updated_at: Timestamp | null;
  payload: string;
  signature_ok: boolean | null;
  received_at: CreatedAt;
  interpreted_at: Timestamp | null;
  error: string | null;
}

export interface OrdersTable {
  id: GeneratedId;
  connection_id: Id;
  external_id: string;
  number: string;
  status: string;
  platform_status: string;
  platform_updated_at: Timestamp;
  currency: string;
  total: Money;
  buyer: Json;
  buyer_note: string | null;
  seller_note: string | null;
  shipping_address: ColumnType<unknown, string | null, string | null>;
  flags: ColumnType<string[], string[] | undefined, string[]>;
  flag_details: ColumnType<unknown, string | undefined, string>;
  released_at: Timestamp | null;
  /** Filled by the connection's field rules (0005_mapping). */
  attributes: ColumnType<unknown, string | undefined, string>;
  /** Which rules fired and how each line was mapped (0005_mapping). */
  mapping_trace: ColumnType<unknown, string | null | undefined, string | null>;
  last_inbox_id: Id | null;
  ingested_at: CreatedAt;
  updated_at: UpdatedAt;
  /** What the review rules read (0008_review_audit): normalised buyer, sorted items, and a hash of it all. */
  buyer_key: ColumnType<string | null, string | null | undefined, string | null>;
  items_key: ColumnType<string | null, string | null | undefined, string | null>;
  platform_created_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  content_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** The content_hash the review rules last judged; release waits until it equals content_hash. */
  reviewed_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** A person edited lines or address in the hub (review): channel views no longer overwrite them. */
  edited_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface OrderLinesTable {
  order_id: Id;
  line_no: number;
  external_line_id: string;
  platform_sku: string;
  platform_product_id: string | null;
  platform_variant_id: string | null;
  product_id: Id | null;
  title: string;
  qty: number;
  unit_price: Money;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'dead' | 'discarded';

export interface JobsTable {
  id: GeneratedId;
  kind: string;
  connection_id: Id | null;
  dedupe_key: string | null;
  payload: ColumnType<unknown, string | undefined, string>;
  status: Generated<JobStatus>;
  priority: Generated<number>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_at: ColumnType<Date, Date | string | undefined, Date | string>;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type PartnerKind = 'erp' | 'wms';
export type PartnerAdapterKind = 'erp-rest' | 'erp-csv' | 'wms-rest';

export interface PartnersTable {
  id: GeneratedId;
  name: string;
  kind: PartnerKind;
  adapter: PartnerAdapterKind;
  base_url: Generated<string>;
  credentials_enc: string;
  settings: ColumnType<Record<string, string>, string | undefined, string>;
  locations: ColumnType<string[], string[] | undefined, string[]>;
  status: Generated<ConnectionStatus>;
  cursors: ColumnType<Record<string, string>, string | undefined, string>;
  last_success_at: Timestamp | null;
  error_streak: Generated<number>;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type PartnerOrderStatus = 'queued' | 'sent' | 'cancel_requested' | 'cancelled' | 'shipped' | 'short_shipped';

export interface PartnerOrdersTable {
  partner_id: Id;
  order_id: Id;
  purpose: 'erp_order' | 'shipment_request';
  external_id: string | null;
  status: Generated<PartnerOrderStatus>;
  warehouse: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PartnerEventsTable {
  partner_id: Id;
  event_key: string;
  outcome: ColumnType<unknown, string | undefined, string>;
  applied_at: CreatedAt;
}

export interface OrderShipmentsTable {
  id: GeneratedId;
  order_id: Id;
  source: string;
  carrier: string;
  tracking_number: string;
  lines: ColumnType<unknown, string | undefined, string>;
  shipped_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Per-connection mapping (0005_mapping): bumped with every change so each process reloads before its next batch. */
export interface MappingVersionsTable {
  connection_id: Id;
  version: ColumnType<string, string | number | undefined, string | number>;
  updated_at: UpdatedAt;
}

export interface SkuAliasesTable {
  id: GeneratedId;
  connection_id: Id;
  code: string;
  code_normalised: string;
  product_id: Id;
  created_by: string;
  created_at: CreatedAt;
  updated_by: string;
  updated_at: UpdatedAt;
}

export interface StatusOverridesTable {
  connection_id: Id;
  platform_status: string;
  status: string;
  updated_by: string;
  updated_at: UpdatedAt;
}

export interface FieldRulesTable {
  id: GeneratedId;
  connection_id: Id;
  name: string;
  target: string;
  value_type: 'string' | 'number' | 'boolean' | 'date';
  expression: string;
  enabled: Generated<boolean>;
  position: Generated<number>;
  updated_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RateBucketsTable {
  key: string;
  tokens: number;
  refill_per_second: Generated<number>;
  updated_at: UpdatedAt;
}

export interface AuditLogTable {
  id: GeneratedId;
  at: CreatedAt;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before: ColumnType<unknown, string | null, string | null>;
  after: ColumnType<unknown, string | null, string | null>;
  details: ColumnType<unknown, string | undefined, string>;
}

export interface ReviewSettingsTable {
  scope: string;
  settings: ColumnType<unknown, string, string>;
  updated_by: string;
  updated_at: UpdatedAt;
}

export interface ReviewHoldsTable {
  id: GeneratedId;
  order_id: Id;
  rules: ColumnType<unknown, string, string>;
  held_at: CreatedAt;
  resolved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  resolved_by: ColumnType<string | null, string | null | undefined, string | null>;
  resolution: ColumnType<string | null, string | null | undefined, string | null>;
}

export type AlertStatus = 'open' | 'acknowledged' | 'snoozed' | 'resolved';
export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface AlertRulesTable {
  rule: string;
  enabled: boolean;
  params: ColumnType<unknown, string, string>;
  updated_by: string;
  updated_at: UpdatedAt;
}

export interface AlertsTable {
  id: GeneratedId;
  rule: string;
  subject: string;
  dedupe_key: string;
  status: AlertStatus;
  severity: AlertSeverity;
  message: string;
  values: ColumnType<unknown, string, string>;
  occurrences: ColumnType<number, number | undefined, number>;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  notified: ColumnType<number, number | undefined, number>;
  acknowledged_by: string | null;
  acknowledged_at: Timestamp | null;
  snoozed_until: Timestamp | null;
  resolved_at: Timestamp | null;
}

export interface AlertWebhooksTable {
  id: GeneratedId;
  url: string;
  secret_sealed: string;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string;
  created_at: CreatedAt;
}

export interface AlertStateTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: UpdatedAt;
}

export type ReconcileTrigger = 'scheduled' | 'manual' | 'demo';

export interface ReconcileRunsTable {
  id: GeneratedId;
  connection_id: Id;
  trigger: ReconcileTrigger;
  window_from: Timestamp;
  window_to: Timestamp;
  started_at: Timestamp;
  finished_at: CreatedAt;
  checked: number;
  matched: number;
  in_flight: number;
  repaired: number;
  accuracy: number | null;
  error: string | null;
}

export interface ReconcileItemsTable {
  id: GeneratedId;
  run_id: Id;
  kind: 'order' | 'listing';
  external_id: string | null;
  listing_id: Id | null;
  cause: string;
  hub_value: string | null;
  channel_value: string | null;
  in_flight: boolean;
  repaired: 'ingested' | 'pushed' | 'none';
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
  connections: ConnectionsTable;
  listings: ListingsTable;
  inbox: InboxTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  jobs: JobsTable;
  rate_buckets: RateBucketsTable;
  mapping_versions: MappingVersionsTable;
  sku_aliases: SkuAliasesTable;
  status_overrides: StatusOverridesTable;
  field_rules: FieldRulesTable;
  partners: PartnersTable;
  partner_orders: PartnerOrdersTable;
  partner_events: PartnerEventsTable;
  order_shipments: OrderShipmentsTable;
  audit_log: AuditLogTable;
  review_settings: ReviewSettingsTable;
  review_holds: ReviewHoldsTable;
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  alert_webhooks: AlertWebhooksTable;
  alert_state: AlertStateTable;
  reconcile_runs: ReconcileRunsTable;
  reconcile_items: ReconcileItemsTable;
}
