-- Per-connection mapping (src/mapping): SKU aliases, status overrides and JSONata field rules, and
-- what they made of each order (attributes, the trace of fired rules and how each line was mapped).

-- One row per connection with any mapping; bumped in the transaction of every change, so each
-- process compares one number before a batch and recompiles only what changed.
CREATE TABLE mapping_versions (
  connection_id bigint PRIMARY KEY REFERENCES connections (id),
  version       bigint NOT NULL DEFAULT 1,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- A seller SKU code as a channel spells it → the master SKU it means.
CREATE TABLE sku_aliases (
  id              bigserial PRIMARY KEY,
  connection_id   bigint NOT NULL REFERENCES connections (id),
  -- As the merchant typed it (shown and exported); matching uses code_normalised.
  code            text NOT NULL,
  code_normalised text NOT NULL CHECK (code_normalised <> ''),
  product_id      bigint NOT NULL REFERENCES products (id),
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      text NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (connection_id, code_normalised)
);
CREATE INDEX sku_aliases_product_idx ON sku_aliases (product_id);

-- The platform's status words (an order's platform_status) → the hub status, over the connector's map.
CREATE TABLE status_overrides (
  connection_id   bigint NOT NULL REFERENCES connections (id),
  platform_status text NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'paid', 'partially_shipped', 'shipped', 'cancelled', 'completed')),
  updated_by      text NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, platform_status)
);

-- JSONata expressions that fill canonical order fields from the raw payload.
CREATE TABLE field_rules (
  id            bigserial PRIMARY KEY,
  connection_id bigint NOT NULL REFERENCES connections (id),
  name          text NOT NULL,
  -- attributes.<name>, buyerNote or sellerNote.
  target        text NOT NULL,
  value_type    text NOT NULL CHECK (value_type IN ('string', 'number', 'boolean', 'date')),
  expression    text NOT NULL,
  enabled       boolean NOT NULL DEFAULT true,
  position      integer NOT NULL DEFAULT 0,
  updated_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (connection_id, name)
);

ALTER TABLE orders ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}';
ALTER TABLE orders ADD COLUMN mapping_trace jsonb;

-- Adding a mapping re-interprets the connection's orders held for an unmapped SKU.
CREATE INDEX orders_unmapped_idx ON orders (connection_id) WHERE 'UNMAPPED_SKU' = ANY (flags);

-- A line's code equal to a master SKU after normalisation (src/mapping/normalise.ts; the catalog's
-- productsByNormalisedSku writes the same expression, character for character, so this index serves it).
CREATE INDEX products_sku_normalised_idx ON products ((translate(btrim(regexp_replace(normalize(sku, NFKC), '[ \t\n\v\f\r]+', ' ', 'g'), ' '), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')));
