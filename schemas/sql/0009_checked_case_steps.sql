-- A step decided on a case this node already knows, in one statement. PgCaseStore keeps the
-- cases it last wrote or read (pg_case_cache.hpp) and decides on that copy without the locked
-- read; this function then checks, under the row lock, that the case is still at the version
-- the decision saw and that the pending deadline of its state is still the one it saw (a
-- deadline the worker dead-lettered changes no version), and only then writes the step through
-- wageguard_apply_step(). It returns false, having written nothing, when either has moved: the
-- caller then reads the case under lock and decides again. Called outside any explicit
-- transaction, the statement is its own transaction, so a step costs one round trip.
CREATE FUNCTION wageguard_try_step(
    p_version bigint, p_state text, p_seen_deadline uuid,
    p_case uuid, p_seq bigint, p_event text, p_actor text, p_role text, p_from text, p_to text,
    p_payload jsonb, p_at timestamptz, p_prev_hash text, p_hash text,
    p_data jsonb, p_owner text, p_fired uuid, p_cancel text[], p_deadlines jsonb, p_outbox jsonb,
    p_parties jsonb, p_idem_scope text, p_idem_key text, p_status integer, p_response jsonb)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM cases WHERE id = p_case AND version = p_version AND state = p_state FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF p_seen_deadline IS DISTINCT FROM
       (SELECT id FROM deadlines WHERE case_id = p_case AND state = p_state AND status = 'pending') THEN
        RETURN false;
    END IF;
    PERFORM wageguard_apply_step(p_case, p_seq, p_event, p_actor, p_role, p_from, p_to, p_payload, p_at,
                                 p_prev_hash, p_hash, p_data, p_owner, p_fired, p_cancel, p_deadlines,
                                 p_outbox, p_parties, p_idem_scope, p_idem_key, p_status, p_response);
    RETURN true;
END $$;
