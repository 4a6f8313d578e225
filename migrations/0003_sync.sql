-- Channel sync: connections and their listings, the raw inbox, canonical orders, and the job outbox.
-- DESIGN.md invariants 3–7 live here: raw first (inbox), keyed orders applied only when newer,
-- outbound effects as jobs written in the transaction that causes them, coalesced stock pushes.

CREATE TABLE connections (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL UNIQUE,
  platform        text NOT NULL CHECK (platform IN ('shopify', 'taobao')),
  base_url        text NOT NULL,
  -- AES-256-GCM: base64(iv | tag | ciphertext) of the credentials JSON; never returned by the API.
  credentials_enc text NOT NULL,
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
  -- Allocation rule for every listing of the connection unless a listing overrides it.
  allocation      jsonb NOT NULL DEFAULT '{}',
  -- Incremental pull: orders updated before this instant have been read completely.
  pull_cursor     timestamptz,
  last_pull_at    timestamptz,
  last_push_at    timestamptz,
  error_streak    integer NOT NULL DEFAULT 0,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE listings (
  id                   bigserial PRIMARY KEY,
  connection_id        bigint NOT NULL REFERENCES connections (id),
  platform_item_id     text NOT NULL,
  platform_variant_id  text NOT NULL DEFAULT '',
  platform_location_id text NOT NULL DEFAULT '',
  seller_sku           text NOT NULL DEFAULT '',
  -- The master SKU this listing sells (a product or a bundle); null while unmapped.
  product_id           bigint REFERENCES products (id),
  allocation           jsonb,
  last_pushed_qty      integer,
  last_pushed_at       timestamptz,
  last_ack             jsonb,
  created_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (connection_id, platform_item_id, platform_variant_id, platform_location_id)
);
CREATE INDEX listings_product_idx ON listings (product_id);

-- Every webhook body and pulled record, stored before it is interpreted.
CREATE TABLE inbox (
  id             bigserial PRIMARY KEY,
  connection_id  bigint NOT NULL REFERENCES connections (id),
  source         text NOT NULL CHECK (source IN ('webhook', 'pull', 'reconcile')),
  topic          text NOT NULL,
  external_id    text,
  -- The platform's delivery id (X-Shopify-Webhook-Id): a redelivery is recorded once.
  delivery_id    text,
  platform_updated_at timestamptz,
  -- The payload as text, exactly as received (big integers intact); interpretation parses it.
  payload        text NOT NULL,
  signature_ok   boolean,
  received_at    timestamptz NOT NULL DEFAULT now(),
  interpreted_at timestamptz,
  error          text
);
CREATE UNIQUE INDEX inbox_delivery_idx ON inbox (connection_id, delivery_id) WHERE delivery_id IS NOT NULL;
CREATE INDEX inbox_external_idx ON inbox (connection_id, external_id);
CREATE INDEX inbox_failed_idx ON inbox (id) WHERE error IS NOT NULL;

CREATE TABLE orders (
  id                  bigserial PRIMARY KEY,
  connection_id       bigint NOT NULL REFERENCES connections (id),
  external_id         text NOT NULL,
  number              text NOT NULL,
  status              text NOT NULL,
  platform_status     text NOT NULL,
  platform_updated_at timestamptz NOT NULL,
  currency            text NOT NULL,
  total               numeric(14, 4) NOT NULL,
  buyer               jsonb NOT NULL DEFAULT '{}',
  buyer_note          text,
  seller_note         text,
  shipping_address    jsonb,
  -- Why the order needs a person (INSUFFICIENT_STOCK, UNMAPPED_SKU, …); empty when it flows.
  flags               text[] NOT NULL DEFAULT '{}',
  flag_details        jsonb NOT NULL DEFAULT '{}',
  last_inbox_id       bigint REFERENCES inbox (id),
  ingested_at         timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (connection_id, external_id)
);
CREATE INDEX orders_status_idx ON orders (status);

CREATE TABLE order_lines (
  order_id            bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_no             integer NOT NULL,
  external_line_id    text NOT NULL,
  platform_sku        text NOT NULL,
  platform_product_id text,
  platform_variant_id text,
  product_id          bigint REFERENCES products (id),
  title               text NOT NULL,
  qty                 integer NOT NULL CHECK (qty > 0),
  unit_price          numeric(14, 4) NOT NULL,
  PRIMARY KEY (order_id, line_no)
);

-- The transactional outbox and the work queue.
CREATE TABLE jobs (
  id            bigserial PRIMARY KEY,
  kind          text NOT NULL,
  connection_id bigint REFERENCES connections (id),
  -- Jobs with the same key coalesce while pending (one stock push per listing, whatever the number of changes).
  dedupe_key    text,
  payload       jsonb NOT NULL DEFAULT '{}',
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'dead', 'discarded')),
  -- Higher runs first: ingest before pushes, a listing near zero before one showing hundreds.
  priority      smallint NOT NULL DEFAULT 0,
  attempts      integer NOT NULL DEFAULT 0,
  max_attempts  integer NOT NULL DEFAULT 10,
  run_at        timestamptz NOT NULL DEFAULT now(),
  locked_by     text,
  locked_until  timestamptz,
  last_error    text,
  result        jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX jobs_pending_dedupe_idx ON jobs (dedupe_key) WHERE status = 'pending' AND dedupe_key IS NOT NULL;
CREATE INDEX jobs_runnable_idx ON jobs (priority DESC, run_at, id) WHERE status = 'pending';
CREATE INDEX jobs_running_idx ON jobs (locked_until) WHERE status = 'running';
-- Jobs with one key never run side by side (two pushes of one listing could land out of order).
CREATE INDEX jobs_running_key_idx ON jobs (dedupe_key) WHERE status = 'running';
CREATE INDEX jobs_dead_idx ON jobs (id) WHERE status = 'dead';

-- Token buckets shared by every worker process (a platform's limit is per app or shop, not per process).
CREATE TABLE rate_buckets (
  key               text PRIMARY KEY,
  tokens            double precision NOT NULL,
  -- Kept with the tokens so the job claim can skip connections whose bucket is empty.
  refill_per_second double precision NOT NULL DEFAULT 1,
  updated_at        timestamptz NOT NULL DEFAULT now()
);
