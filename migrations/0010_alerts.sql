-- Alerts (src/alerts): rules with their thresholds, the alerts they raise, and where alerts are sent.

-- One row per rule kind once a person changed it; a kind without a row runs with its defaults.
CREATE TABLE alert_rules (
  rule       text PRIMARY KEY,
  enabled    boolean NOT NULL DEFAULT true,
  params     jsonb NOT NULL DEFAULT '{}',
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- An alert is one condition on one subject (a connection, a SKU, an order): its dedupe key is
-- "<rule>:<subject>". While it is not resolved, the same condition updates it instead of raising
-- another; once resolved, the condition coming back raises a new one.
CREATE TABLE alerts (
  id              bigserial PRIMARY KEY,
  rule            text NOT NULL,
  subject         text NOT NULL,
  dedupe_key      text NOT NULL,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'snoozed', 'resolved')),
  severity        text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  message         text NOT NULL,
  "values"        jsonb NOT NULL DEFAULT '{}',
  occurrences     integer NOT NULL DEFAULT 1,
  first_seen_at   timestamptz NOT NULL,
  last_seen_at    timestamptz NOT NULL,
  -- Raised, or raised again after a snooze ran out: how many times it has been sent.
  notified        integer NOT NULL DEFAULT 0,
  acknowledged_by text,
  acknowledged_at timestamptz,
  snoozed_until   timestamptz,
  resolved_at     timestamptz
);
CREATE UNIQUE INDEX alerts_live_key_idx ON alerts (dedupe_key) WHERE status <> 'resolved';
CREATE INDEX alerts_status_rule_idx ON alerts (status, rule, id);

-- Outbound webhooks: each new alert is POSTed, signed with HMAC-SHA256 of the secret (sealed at rest
-- with the hub's key, as connection credentials are). Deliveries are jobs in the outbox.
CREATE TABLE alert_webhooks (
  id            bigserial PRIMARY KEY,
  url           text NOT NULL,
  secret_sealed text NOT NULL,
  enabled       boolean NOT NULL DEFAULT true,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- What an evaluation remembers for the next one (dead jobs seen last time, the last hold read).
CREATE TABLE alert_state (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The sales-drop rule sums units sold by the time orders were placed, over a window of hours.
CREATE INDEX orders_placed_at_idx ON orders ((coalesce(platform_created_at, ingested_at)));
