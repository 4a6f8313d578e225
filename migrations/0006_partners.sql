-- Back-office partners: the ERP (books, product master, purchase receipts) and the warehouses
-- (WMS / 3PL) that pick and ship. An order is released to them once it is paid, holds its stock and
-- needs no person; each hand-over is a job, and what the partner answered is kept per order.

CREATE TABLE partners (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL UNIQUE,
  kind            text NOT NULL CHECK (kind IN ('erp', 'wms')),
  adapter         text NOT NULL CHECK (adapter IN ('erp-rest', 'erp-csv', 'wms-rest')),
  base_url        text NOT NULL DEFAULT '',
  -- AES-256-GCM sealed like connections.credentials_enc; never returned by the API.
  credentials_enc text NOT NULL,
  -- Adapter settings that are not secret (the CSV adapter's folders).
  settings        jsonb NOT NULL DEFAULT '{}',
  -- A WMS runs these hub locations (codes); an ERP ignores this.
  locations       text[] NOT NULL DEFAULT '{}',
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
  -- Where each feed (products, counts, receipts, events) was read up to.
  cursors         jsonb NOT NULL DEFAULT '{}',
  last_success_at timestamptz,
  error_streak    integer NOT NULL DEFAULT 0,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- One hand-over of one order to one partner: the ERP's sales order, the warehouse's shipment request.
CREATE TABLE partner_orders (
  partner_id   bigint NOT NULL REFERENCES partners (id),
  order_id     bigint NOT NULL REFERENCES orders (id),
  purpose      text NOT NULL CHECK (purpose IN ('erp_order', 'shipment_request')),
  -- The partner's own id for it, once it answered.
  external_id  text,
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'cancel_requested', 'cancelled', 'shipped', 'short_shipped')),
  warehouse    text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partner_id, order_id, purpose)
);
CREATE INDEX partner_orders_order_idx ON partner_orders (order_id);

-- Partner events already applied (a WMS event, an ERP feed record): applying one twice is a no-op.
CREATE TABLE partner_events (
  partner_id  bigint NOT NULL REFERENCES partners (id),
  event_key   text NOT NULL,
  outcome     jsonb NOT NULL DEFAULT '{}',
  applied_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partner_id, event_key)
);

-- When the order was handed to fulfilment (ERP and warehouse); null while it waits or needs a person.
ALTER TABLE orders ADD COLUMN released_at timestamptz;
CREATE INDEX orders_releasable_idx ON orders (id) WHERE released_at IS NULL AND status = 'paid' AND flags = '{}';
CREATE INDEX orders_released_cancelled_idx ON orders (id) WHERE released_at IS NOT NULL AND status = 'cancelled';

-- Shipments of an order (a warehouse confirmation, or one entered in the hub): carrier and tracking.
CREATE TABLE order_shipments (
  id              bigserial PRIMARY KEY,
  order_id        bigint NOT NULL REFERENCES orders (id),
  source          text NOT NULL,
  carrier         text NOT NULL,
  tracking_number text NOT NULL,
  lines           jsonb NOT NULL DEFAULT '[]',
  shipped_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, tracking_number)
);

-- A shop's own call limit where its plan differs from the platform's default (Shopify Plus: 400
-- requests, 20 a second); null keeps the connector's.
ALTER TABLE connections ADD COLUMN rate_limit jsonb;
