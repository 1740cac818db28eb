-- One step in one statement, written either under the caller's row lock or only if the case is
-- still as the decision saw it. PgCaseStore keeps the cases it last wrote or read
-- (adapters/pg/pg_case_cache.hpp) and decides on that copy without a locked read; this function
-- then writes the step only if the pending deadline of the case's state is still the one the
-- decision saw (a deadline the worker dead-lettered changes no version) and the case row is
-- still at that version and state: the version is checked by the UPDATE itself, which waits for
-- a concurrent step and then re-checks, so no tuple lock is taken beforehand. It returns false,
-- having written nothing, when either has moved: the caller then reads the case under lock and
-- decides again. Called outside any explicit transaction, the statement is its own
-- transaction, so such a step costs one round trip.
--
-- With p_expect_version NULL the caller holds the row lock (BEGIN; SELECT … FOR UPDATE) and the
-- step is written unconditionally: this replaces wageguard_apply_step() of 0003.

-- What a step writes besides the case row: the event, the fired, cancelled and new deadlines,
-- the outbox rows, the party index (when p_parties is not NULL) and the idempotent response.
CREATE FUNCTION wageguard_write_step_rows(
    p_case uuid, p_seq bigint, p_event text, p_actor text, p_role text, p_from text, p_to text,
    p_payload jsonb, p_at timestamptz, p_prev_hash text, p_hash text, p_fired uuid, p_cancel text[],
    p_deadlines jsonb, p_outbox jsonb, p_parties jsonb, p_idem_scope text, p_idem_key text,
    p_status integer, p_response jsonb)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO case_events (case_id, seq, event, actor, role, from_state, to_state, payload,
                             occurred_at, prev_hash, hash)
    VALUES (p_case, p_seq, p_event, p_actor, p_role, p_from, p_to, p_payload, p_at, p_prev_hash, p_hash);

    IF p_fired IS NOT NULL THEN
        UPDATE deadlines SET status = 'fired', fired_at = p_at, closed_at = p_at,
                             lease_owner = NULL, lease_until = NULL
        WHERE id = p_fired AND status = 'pending';
    END IF;

    IF cardinality(p_cancel) > 0 OR jsonb_array_length(p_deadlines) > 0 THEN
        UPDATE deadlines SET status = 'cancelled', closed_at = p_at
        WHERE case_id = p_case AND status = 'pending'
          AND (state = ANY (p_cancel)
               OR state IN (SELECT d ->> 'state' FROM jsonb_array_elements(p_deadlines) d));
    END IF;

    IF jsonb_array_length(p_deadlines) > 0 THEN
        INSERT INTO deadlines (id, case_id, state, fires, due_at, last_day, basis, explanation_zh,
                               explanation_en, extensions_used, created_at)
        SELECT (d ->> 'id')::uuid, p_case, d ->> 'state', d ->> 'fires', (d ->> 'due_at')::timestamptz,
               (d ->> 'last_day')::date, d ->> 'basis', d ->> 'zh', d ->> 'en',
               (d ->> 'extensions_used')::integer, p_at
        FROM jsonb_array_elements(p_deadlines) d;
    END IF;

    IF jsonb_array_length(p_outbox) > 0 THEN
        INSERT INTO outbox (case_id, kind, payload, created_at, next_attempt_at)
        SELECT p_case, o ->> 'kind', o -> 'payload', p_at, p_at FROM jsonb_array_elements(p_outbox) o;
    END IF;

    IF p_parties IS NOT NULL THEN
        DELETE FROM case_parties WHERE case_id = p_case;
        INSERT INTO case_parties (case_id, field, id_hash)
        SELECT p_case, x ->> 'field', x ->> 'id_hash' FROM jsonb_array_elements(p_parties) x;
    END IF;

    IF p_idem_key IS NOT NULL THEN
        UPDATE idempotency_keys SET status = p_status, response = p_response, case_id = p_case
        WHERE scope = p_idem_scope AND key = p_idem_key;
    END IF;
END $$;

CREATE FUNCTION wageguard_step(
    p_expect_version bigint, p_expect_state text, p_expect_deadline uuid,
    p_case uuid, p_seq bigint, p_event text, p_actor text, p_role text, p_from text, p_to text,
    p_payload jsonb, p_at timestamptz, p_prev_hash text, p_hash text,
    p_data jsonb, p_owner text, p_fired uuid, p_cancel text[], p_deadlines jsonb, p_outbox jsonb,
    p_parties jsonb, p_idem_scope text, p_idem_key text, p_status integer, p_response jsonb)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF p_expect_version IS NOT NULL AND p_expect_deadline IS DISTINCT FROM
       (SELECT id FROM deadlines WHERE case_id = p_case AND state = p_expect_state AND status = 'pending') THEN
        RETURN false;
    END IF;

    UPDATE cases SET state = p_to, data = p_data, owner_role = p_owner, version = version + 1,
                     updated_at = p_at, head_seq = p_seq, head_hash = p_hash
    WHERE id = p_case
      AND (p_expect_version IS NULL OR (version = p_expect_version AND state = p_expect_state));
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    PERFORM wageguard_write_step_rows(p_case, p_seq, p_event, p_actor, p_role, p_from, p_to, p_payload,
                                      p_at, p_prev_hash, p_hash, p_fired, p_cancel, p_deadlines, p_outbox,
                                      p_parties, p_idem_scope, p_idem_key, p_status, p_response);
    RETURN true;
END $$;

DROP FUNCTION wageguard_apply_step(uuid, bigint, text, text, text, text, text, jsonb, timestamptz, text, text,
                                   jsonb, text, uuid, text[], jsonb, jsonb, jsonb, text, text, integer, jsonb);
