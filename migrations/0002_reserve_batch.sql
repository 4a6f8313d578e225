-- Group commit of reservations: many callers' reservation requests decided in one round trip, each
-- all-or-nothing, in arrival order.
--
-- Why not one UPDATE per request: every UPDATE of a hot row inside one transaction adds a row
-- version that the next UPDATE must walk past, and a transaction per request holds the row lock
-- through its commit. Instead this function
--   1. locks every balance row of the products involved, in (product, location) order, so that
--      concurrent batches queue behind each other and never deadlock among themselves;
--   2. decides each request against the locked figures, in order; a request that cannot be served
--      whole gives back what its earlier lines took;
--   3. writes each changed row once, with a conditional UPDATE that re-checks the locked values and
--      reserved <= on_hand (the CHECK on stock_balances backs it up), and fails loudly otherwise.
-- Nothing outside the database decides: application code only sends the requests and reads the result.
--
-- requests: [[{"p": product_id, "q": qty, "l": [location_id, …] | null}, …], …]
--           "l" lists candidate locations in preference order; null means any, most free first.
-- refs:     the reservation ref of each request; one that already exists is answered {"exists": true}.
-- returns:  [{"ok": true, "a": [[line, product_id, location_id, qty, on_hand_after, reserved_after], …]}
--            | {"ok": false, "line": n, "available": n} | {"exists": true}, …]
CREATE FUNCTION reserve_batch(requests jsonb, refs text[]) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  kp bigint[]; kl bigint[]; oh int[]; rs int[]; base_rs int[]; before_request int[];
  req jsonb; line jsonb;
  results jsonb[] := '{}';
  allocs jsonb[];
  existing text[];
  cand int[]; idx int; best int;
  i int; j int; p bigint; need int; take int;
  failed_line int; failed_available int; changed int; written int;
BEGIN
  SELECT coalesce(array_agg(product_id ORDER BY product_id, location_id), '{}'),
         coalesce(array_agg(location_id ORDER BY product_id, location_id), '{}'),
         coalesce(array_agg(on_hand ORDER BY product_id, location_id), '{}'),
         coalesce(array_agg(reserved ORDER BY product_id, location_id), '{}')
    INTO kp, kl, oh, rs
    FROM (SELECT product_id, location_id, on_hand, reserved FROM stock_balances
           WHERE product_id IN (SELECT DISTINCT (l->>'p')::bigint
                                  FROM jsonb_array_elements(requests) r, jsonb_array_elements(r) l)
           ORDER BY product_id, location_id
           FOR UPDATE) locked;
  base_rs := rs;
  SELECT coalesce(array_agg(ref), '{}') INTO existing FROM reservations WHERE ref = ANY(refs);

  -- Results are collected in arrays (appending to an array is cheap; to a jsonb value it is a copy).
  FOR i IN 1 .. jsonb_array_length(requests) LOOP
    IF refs[i] = ANY(existing) THEN
      results := results || jsonb_build_object('exists', true);
      CONTINUE;
    END IF;
    req := requests -> (i - 1);
    before_request := rs;
    allocs := '{}';
    failed_line := NULL;
    FOR j IN 0 .. jsonb_array_length(req) - 1 LOOP
      line := req -> j;
      p := (line->>'p')::bigint;
      need := (line->>'q')::int;
      IF jsonb_typeof(line->'l') = 'array' THEN
        SELECT coalesce(array_agg(k ORDER BY c.ord), '{}') INTO cand
          FROM jsonb_array_elements(line->'l') WITH ORDINALITY AS c(v, ord)
          JOIN generate_subscripts(kp, 1) AS k ON kp[k] = p AND kl[k] = (c.v #>> '{}')::bigint;
      ELSE
        SELECT coalesce(array_agg(k ORDER BY oh[k] - rs[k] DESC, kl[k]), '{}') INTO cand
          FROM generate_subscripts(kp, 1) AS k WHERE kp[k] = p;
      END IF;
      -- The whole line from one location (one parcel) if any can serve it, else split it.
      best := NULL;
      FOREACH idx IN ARRAY cand LOOP
        IF oh[idx] - rs[idx] >= need THEN best := idx; EXIT; END IF;
      END LOOP;
      IF best IS NOT NULL THEN
        rs[best] := rs[best] + need;
        allocs := allocs || jsonb_build_array(j, p, kl[best], need, oh[best], rs[best]);
        need := 0;
      ELSE
        FOREACH idx IN ARRAY cand LOOP
          EXIT WHEN need = 0;
          take := least(oh[idx] - rs[idx], need);
          IF take > 0 THEN
            rs[idx] := rs[idx] + take;
            allocs := allocs || jsonb_build_array(j, p, kl[idx], take, oh[idx], rs[idx]);
            need := need - take;
          END IF;
        END LOOP;
      END IF;
      IF need > 0 THEN
        failed_line := j;
        rs := before_request;
        SELECT coalesce(sum(greatest(oh[k] - rs[k], 0)), 0) INTO failed_available FROM unnest(cand) AS k;
        EXIT;
      END IF;
    END LOOP;
    IF failed_line IS NULL THEN
      results := results || jsonb_build_object('ok', true, 'a', to_jsonb(allocs));
    ELSE
      results := results || jsonb_build_object('ok', false, 'line', failed_line, 'available', failed_available);
    END IF;
  END LOOP;

  SELECT count(*) INTO changed FROM generate_subscripts(kp, 1) AS k WHERE rs[k] <> base_rs[k];
  UPDATE stock_balances b SET reserved = d.new_reserved, updated_at = now()
    FROM (SELECT kp[k] AS product_id, kl[k] AS location_id, base_rs[k] AS old_reserved, rs[k] AS new_reserved
            FROM generate_subscripts(kp, 1) AS k WHERE rs[k] <> base_rs[k]) d
   WHERE b.product_id = d.product_id AND b.location_id = d.location_id
     AND b.reserved = d.old_reserved AND d.new_reserved <= b.on_hand;
  GET DIAGNOSTICS written = ROW_COUNT;
  IF written <> changed THEN
    RAISE EXCEPTION 'reserve_batch: % of % locked balances changed underneath', changed - written, changed;
  END IF;
  RETURN to_jsonb(results);
END $$;
