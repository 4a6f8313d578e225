-- Group commit of reservations: many callers' reservation requests decided in one round trip,
-- each all-or-nothing, in arrival order. Every increment of `reserved` is a conditional UPDATE
-- (on_hand - reserved >= qty) evaluated under the row lock, so no interleaving can oversell; the
-- CHECK on stock_balances backs it up.
--
-- requests: [[{"p": product_id, "q": qty, "l": [location_id, …in preference order]}, …], …]
-- returns:  [{"ok": true, "a": [[line, product_id, location_id, qty, on_hand_after, reserved_after], …]}
--            | {"ok": false, "line": n, "available": n}, …]
CREATE FUNCTION reserve_batch(requests jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  req jsonb; line jsonb; loc jsonb; alloc jsonb;
  results jsonb := '[]'::jsonb;
  allocs jsonb;
  line_no int; need int; take int; avail int;
  p bigint; l bigint; oh int; rs int;
  failed_line int; failed_available int;
BEGIN
  FOR req IN SELECT value FROM jsonb_array_elements(requests) LOOP
    allocs := '[]'::jsonb; failed_line := NULL; line_no := 0;
    FOR line IN SELECT value FROM jsonb_array_elements(req) LOOP
      p := (line->>'p')::bigint; need := (line->>'q')::int;
      -- Prefer the whole line from one location (one parcel), in the caller's order.
      FOR loc IN SELECT value FROM jsonb_array_elements(line->'l') LOOP
        l := (loc #>> '{}')::bigint;
        UPDATE stock_balances SET reserved = reserved + need, updated_at = now()
         WHERE product_id = p AND location_id = l AND on_hand - reserved >= need
         RETURNING on_hand, reserved INTO oh, rs;
        IF FOUND THEN
          allocs := allocs || jsonb_build_array(jsonb_build_array(line_no, p, l, need, oh, rs));
          need := 0;
          EXIT;
        END IF;
      END LOOP;
      -- Otherwise split it across locations.
      IF need > 0 AND jsonb_array_length(line->'l') > 1 THEN
        FOR loc IN SELECT value FROM jsonb_array_elements(line->'l') LOOP
          EXIT WHEN need = 0;
          l := (loc #>> '{}')::bigint;
          SELECT on_hand - reserved INTO avail FROM stock_balances
           WHERE product_id = p AND location_id = l FOR UPDATE;
          IF FOUND AND avail > 0 THEN
            take := least(avail, need);
            UPDATE stock_balances SET reserved = reserved + take, updated_at = now()
             WHERE product_id = p AND location_id = l AND on_hand - reserved >= take
             RETURNING on_hand, reserved INTO oh, rs;
            IF FOUND THEN
              allocs := allocs || jsonb_build_array(jsonb_build_array(line_no, p, l, take, oh, rs));
              need := need - take;
            END IF;
          END IF;
        END LOOP;
      END IF;
      IF need > 0 THEN
        failed_line := line_no;
        EXIT;
      END IF;
      line_no := line_no + 1;
    END LOOP;

    IF failed_line IS NULL THEN
      results := results || jsonb_build_array(jsonb_build_object('ok', true, 'a', allocs));
    ELSE
      -- All or nothing: give back what the earlier lines of this request took.
      FOR alloc IN SELECT value FROM jsonb_array_elements(allocs) LOOP
        UPDATE stock_balances SET reserved = reserved - (alloc->>3)::int
         WHERE product_id = (alloc->>1)::bigint AND location_id = (alloc->>2)::bigint;
      END LOOP;
      SELECT coalesce(sum(greatest(on_hand - reserved, 0)), 0) INTO failed_available
        FROM stock_balances
       WHERE product_id = p
         AND location_id IN (SELECT (value #>> '{}')::bigint FROM jsonb_array_elements(line->'l'));
      results := results || jsonb_build_array(
        jsonb_build_object('ok', false, 'line', failed_line, 'available', failed_available));
    END IF;
  END LOOP;
  RETURN results;
END $$;
