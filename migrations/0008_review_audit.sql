-- Review queue (src/orders/review*) and the audit log (src/audit).

-- Who did what, when, before and after: every manual action and every configuration change.
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,
  action       text NOT NULL,
  subject_type text NOT NULL,
  subject_id   text NOT NULL,
  before       jsonb,
  after        jsonb,
  details      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);

-- What the review rules look at, kept with each version of an order: who bought (normalised) and
-- what (sorted "code:qty" pairs), so a duplicate is one indexed lookup, and a hash of everything the
-- rules read, so an order is judged again only when that changed (a payment alone does not).
ALTER TABLE orders ADD COLUMN buyer_key text;
ALTER TABLE orders ADD COLUMN items_key text;
ALTER TABLE orders ADD COLUMN platform_created_at timestamptz;
ALTER TABLE orders ADD COLUMN content_hash text;
ALTER TABLE orders ADD COLUMN reviewed_hash text;
-- Set when a person edited lines or address in the hub: later channel views no longer overwrite them.
ALTER TABLE orders ADD COLUMN edited_at timestamptz;
CREATE INDEX orders_buyer_items_idx ON orders (connection_id, buyer_key, items_key);
CREATE INDEX order_lines_product_idx ON order_lines (product_id);
CREATE INDEX orders_review_pending_idx ON orders (id) WHERE content_hash IS DISTINCT FROM reviewed_hash;

-- Orders that existed before review: judged as they were, nothing held.
UPDATE orders SET content_hash = 'pre-review', reviewed_hash = 'pre-review';

-- The release sweep now also waits for the review.
DROP INDEX orders_releasable_idx;
CREATE INDEX orders_releasable_idx ON orders (id)
  WHERE released_at IS NULL AND status = 'paid' AND flags = '{}' AND content_hash = reviewed_hash;

-- Rule parameters: scope 'default' for the merchant, or a connection id for one shop.
CREATE TABLE review_settings (
  scope      text PRIMARY KEY,
  settings   jsonb NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every time the rules held an order, with the rules that fired and their values, and how it ended.
CREATE TABLE review_holds (
  id          bigserial PRIMARY KEY,
  order_id    bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  rules       jsonb NOT NULL,
  held_at     timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by text,
  resolution  text
);
CREATE INDEX review_holds_order_idx ON review_holds (order_id, id);
CREATE INDEX review_holds_open_idx ON review_holds (held_at) WHERE resolved_at IS NULL;
