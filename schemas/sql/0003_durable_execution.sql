-- Durable execution (DESIGN.md §6): chain heads on the case row, idempotency keys, party
-- lookup by hashed ID number, leases for the deadline worker and the outbox relay, the inbox
-- for inbound deduplication, and wake-up notifications.

-- The head of each case's hash chain, written in the transaction that appends the event.
-- `wageguard audit verify` compares it with the last event, so deleting the newest event of a
-- case (which leaves a chain that is valid on its own) is detected too.
ALTER TABLE cases
    ADD COLUMN head_seq   bigint NOT NULL DEFAULT 0,
    ADD COLUMN head_hash  text   NOT NULL DEFAULT repeat('0', 64),
    ADD COLUMN owner_role text,                    -- who is responsible in the current state
    ADD COLUMN parent_id  uuid REFERENCES cases (id); -- the case whose step opened this one

UPDATE cases c SET head_seq = e.seq, head_hash = e.hash
FROM (SELECT DISTINCT ON (case_id) case_id, seq, hash FROM case_events ORDER BY case_id, seq DESC) e
WHERE e.case_id = c.id;

-- Lists for people: keyset pagination runs on (created_at, id) within each filter.
CREATE INDEX cases_created_idx ON cases (created_at, id);
CREATE INDEX cases_region_created_idx ON cases (region, created_at, id);
CREATE INDEX cases_owner_created_idx ON cases (owner_role, created_at, id);
CREATE INDEX cases_parent_idx ON cases (parent_id) WHERE parent_id IS NOT NULL;

-- Parties by ID number, hashed with a server-side pepper (HMAC-SHA256): the plain number is
-- never an index key, and a dump of this table alone does not reveal anyone.
CREATE TABLE case_parties (
    case_id uuid NOT NULL REFERENCES cases (id),
    field   text NOT NULL,                         -- data path, e.g. complainant.id_number
    id_hash text NOT NULL,
    PRIMARY KEY (case_id, field)
);
CREATE INDEX case_parties_hash_idx ON case_parties (id_hash);

-- A repeated Idempotency-Key returns the first response. The key is scoped by caller and
-- route; `request_hash` catches the same key sent with a different request (422).
CREATE TABLE idempotency_keys (
    scope        text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    status       integer     NOT NULL,
    response     jsonb       NOT NULL,
    case_id      uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Deadlines: a lease taken by the worker that claimed it, when it fired, failures.
ALTER TABLE deadlines
    ADD COLUMN lease_owner text,
    ADD COLUMN lease_until timestamptz,
    ADD COLUMN fired_at    timestamptz,
    ADD COLUMN attempts    integer NOT NULL DEFAULT 0,
    ADD COLUMN last_error  text;
ALTER TABLE deadlines DROP CONSTRAINT deadlines_status_check;
ALTER TABLE deadlines ADD CONSTRAINT deadlines_status_check
    CHECK (status IN ('pending', 'fired', 'cancelled', 'failed'));

-- Outbox: delivery attempts with backoff, a lease, and dead letters.
ALTER TABLE outbox
    ADD COLUMN attempts        integer     NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN lease_owner     text,
    ADD COLUMN lease_until     timestamptz,
    ADD COLUMN last_error      text,
    ADD COLUMN done_at         timestamptz;
UPDATE outbox SET next_attempt_at = created_at WHERE next_attempt_at IS NULL;
ALTER TABLE outbox ALTER COLUMN next_attempt_at SET NOT NULL;
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending_due ON outbox (next_attempt_at) WHERE status = 'pending';

-- Inbox: inbound messages (webhooks) kept as evidence, deduplicated on (source, message_id)
-- forever, and applied asynchronously by a claimer like the outbox's.
CREATE TABLE inbox (
    source          text        NOT NULL,
    message_id      text        NOT NULL,
    received_at     timestamptz NOT NULL,
    headers         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    body            bytea       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'applied', 'held', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    lease_owner     text,
    lease_until     timestamptz,
    last_error      text,
    applied_at      timestamptz,
    PRIMARY KEY (source, message_id)
);
CREATE INDEX inbox_pending_due ON inbox (next_attempt_at) WHERE status = 'pending';

-- Wake the workers when work becomes due soon. Far deadlines need no wake-up: the worker reads
-- the next due time whenever it polls.
CREATE FUNCTION wageguard_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_ARGV[0], '');
    RETURN NULL;
END $$;

CREATE TRIGGER deadlines_notify AFTER INSERT ON deadlines FOR EACH ROW
    WHEN (NEW.due_at <= now() + interval '10 minutes')
    EXECUTE FUNCTION wageguard_notify('wageguard_deadlines');
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH ROW
    EXECUTE FUNCTION wageguard_notify('wageguard_outbox');
CREATE TRIGGER inbox_notify AFTER INSERT ON inbox FOR EACH ROW
    EXECUTE FUNCTION wageguard_notify('wageguard_inbox');

-- One step of a case in one round trip: append the event, move the case and its chain head,
-- close the fired deadline, cancel and schedule deadlines, queue outbox rows, re-index parties
-- (when `p_parties` is not NULL) and keep the response under its idempotency key. The caller
-- has locked the case row and computed the hash; this only writes, in order.
CREATE FUNCTION wageguard_apply_step(
    p_case uuid, p_seq bigint, p_event text, p_actor text, p_role text, p_from text, p_to text,
    p_payload jsonb, p_at timestamptz, p_prev_hash text, p_hash text,
    p_data jsonb, p_owner text, p_fired uuid, p_cancel text[], p_deadlines jsonb, p_outbox jsonb,
    p_parties jsonb, p_idem_scope text, p_idem_key text, p_status integer, p_response jsonb)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO case_events (case_id, seq, event, actor, role, from_state, to_state, payload,
                             occurred_at, prev_hash, hash)
    VALUES (p_case, p_seq, p_event, p_actor, p_role, p_from, p_to, p_payload, p_at, p_prev_hash, p_hash);

    UPDATE cases SET state = p_to, data = p_data, owner_role = p_owner, version = version + 1,
                     updated_at = p_at, head_seq = p_seq, head_hash = p_hash
    WHERE id = p_case;

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
