-- Reconciliation (src/reconcile): each pass over a connection, and what it found that differed.
-- Written once, when a pass ends: a pass given back to the queue (rate limit) leaves nothing half done.

CREATE TABLE reconcile_runs (
  id            bigserial PRIMARY KEY,
  connection_id bigint NOT NULL REFERENCES connections (id),
  trigger       text NOT NULL CHECK (trigger IN ('scheduled', 'manual', 'demo')),
  window_from   timestamptz NOT NULL,
  window_to     timestamptz NOT NULL,
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz NOT NULL DEFAULT now(),
  -- Items judged (orders in the window, listings); items still in flight are reported, not judged.
  checked       integer NOT NULL DEFAULT 0,
  matched       integer NOT NULL DEFAULT 0,
  in_flight     integer NOT NULL DEFAULT 0,
  repaired      integer NOT NULL DEFAULT 0,
  -- matched / checked; null when the pass failed (error says why).
  accuracy      double precision,
  error         text
);
CREATE INDEX reconcile_runs_connection_idx ON reconcile_runs (connection_id, id);

CREATE TABLE reconcile_items (
  id            bigserial PRIMARY KEY,
  run_id        bigint NOT NULL REFERENCES reconcile_runs (id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('order', 'listing')),
  -- An order's external id (a string: ids exceed 2^53); null for a listing.
  external_id   text,
  listing_id    bigint REFERENCES listings (id),
  cause         text NOT NULL CHECK (cause IN ('missed_webhook', 'not_yet_pulled', 'unmapped', 'changed_on_channel', 'push_pending', 'stale_state', 'ingest_pending')),
  hub_value     text,
  channel_value text,
  in_flight     boolean NOT NULL DEFAULT false,
  repaired      text NOT NULL CHECK (repaired IN ('ingested', 'pushed', 'none'))
);
CREATE INDEX reconcile_items_run_idx ON reconcile_items (run_id, id);
