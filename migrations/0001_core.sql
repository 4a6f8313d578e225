-- Core of the hub: catalog, locations, the stock ledger, reservations and access tokens.
-- Invariants (DESIGN.md 1 and 2) are enforced here, not only in application code:
--   * stock_balances.reserved <= on_hand and reserved >= 0 (CHECK), so no code path can oversell;
--   * stock_movements is append-only (trigger), so history is corrected by new rows, never edited.

CREATE TABLE products (
  id          bigserial PRIMARY KEY,
  sku         text NOT NULL UNIQUE,
  name        text NOT NULL,
  barcode     text,
  category    text,
  unit_cost   numeric(14, 4) NOT NULL DEFAULT 0 CHECK (unit_cost >= 0),
  price       numeric(14, 4) NOT NULL DEFAULT 0 CHECK (price >= 0),
  currency    char(3) NOT NULL DEFAULT 'USD',
  is_bundle   boolean NOT NULL DEFAULT false,
  archived_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_barcode_idx ON products (barcode) WHERE barcode IS NOT NULL;

-- A bundle (kit) is a product whose stock is derived from its components; it never has a balance row.
CREATE TABLE bundle_components (
  bundle_id    bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  component_id bigint NOT NULL REFERENCES products (id),
  qty          integer NOT NULL CHECK (qty > 0),
  PRIMARY KEY (bundle_id, component_id),
  CHECK (bundle_id <> component_id)
);

CREATE TABLE locations (
  id          bigserial PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('warehouse', 'store', '3pl')),
  archived_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per SKU and location that ever had a movement. Always equal to the sum of its movements.
CREATE TABLE stock_balances (
  product_id  bigint NOT NULL REFERENCES products (id),
  location_id bigint NOT NULL REFERENCES locations (id),
  on_hand     integer NOT NULL DEFAULT 0,
  reserved    integer NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, location_id),
  CONSTRAINT stock_balances_reserved_nonnegative CHECK (reserved >= 0),
  CONSTRAINT stock_balances_no_oversell CHECK (reserved <= on_hand)
);
CREATE INDEX stock_balances_location_idx ON stock_balances (location_id);

-- Configuration, not a balance: held back from what channels may sell.
CREATE TABLE safety_stock (
  product_id  bigint NOT NULL REFERENCES products (id),
  location_id bigint NOT NULL REFERENCES locations (id),
  qty         integer NOT NULL CHECK (qty >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, location_id)
);

-- One row per accepted stock operation (a receipt, a count, a transfer, a reservation, a shipment …).
-- The idempotency key is unique: the same key twice returns the first result (read back from the
-- operation's movements) and changes nothing. A refused operation writes nothing, so its key stays free.
CREATE TABLE stock_operations (
  id              bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  kind            text NOT NULL,
  fingerprint     text NOT NULL,
  actor           text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reservations (
  id          bigserial PRIMARY KEY,
  ref         text NOT NULL UNIQUE,
  status      text NOT NULL CHECK (status IN ('active', 'shipped', 'released', 'closed')),
  actor       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A requested line becomes one or more allocation rows (a bundle expands to its components,
-- a line may be split across locations).
CREATE TABLE reservation_lines (
  reservation_id bigint NOT NULL REFERENCES reservations (id),
  line_no        integer NOT NULL,
  request_line   integer NOT NULL,
  requested_sku  text NOT NULL,
  -- units of this product in one unit of the requested SKU (a bundle's component quantity, else 1)
  unit_qty       integer NOT NULL DEFAULT 1 CHECK (unit_qty > 0),
  product_id     bigint NOT NULL REFERENCES products (id),
  location_id    bigint NOT NULL REFERENCES locations (id),
  qty            integer NOT NULL CHECK (qty > 0),
  shipped_qty    integer NOT NULL DEFAULT 0 CHECK (shipped_qty >= 0),
  released_qty   integer NOT NULL DEFAULT 0 CHECK (released_qty >= 0),
  PRIMARY KEY (reservation_id, line_no),
  CHECK (shipped_qty + released_qty <= qty)
);

CREATE TABLE stock_movements (
  id             bigserial PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('receipt', 'adjustment', 'count', 'reserve', 'release',
                                              'ship', 'return', 'transfer_out', 'transfer_in')),
  product_id     bigint NOT NULL REFERENCES products (id),
  location_id    bigint NOT NULL REFERENCES locations (id),
  on_hand_delta  integer NOT NULL,
  reserved_delta integer NOT NULL,
  on_hand_after  integer NOT NULL,
  reserved_after integer NOT NULL,
  reason         text NOT NULL,
  reference      text,
  actor          text NOT NULL,
  operation_id   bigint NOT NULL REFERENCES stock_operations (id),
  reservation_id bigint REFERENCES reservations (id),
  note           text,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_movements_product_idx ON stock_movements (product_id, id);
CREATE INDEX stock_movements_location_idx ON stock_movements (location_id, id);
CREATE INDEX stock_movements_reference_idx ON stock_movements (reference) WHERE reference IS NOT NULL;

CREATE FUNCTION stock_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stock_movements is append-only: correct a mistake with a new movement';
END $$;
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE OR DELETE ON stock_movements
  FOR EACH ROW EXECUTE FUNCTION stock_movements_append_only();

CREATE TABLE access_tokens (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL,
  role         text NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  token_hash   text NOT NULL UNIQUE,
  token_prefix text NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
