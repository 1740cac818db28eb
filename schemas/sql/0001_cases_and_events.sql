-- Cases and their append-only event log, with a per-case hash chain (DESIGN.md §6).
-- Case ids are UUIDs made by the database (no global sequence: keeps a Citus split possible).

CREATE TABLE cases (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow         text        NOT NULL,
    workflow_version text        NOT NULL,   -- declared version
    workflow_hash    text        NOT NULL,   -- sha256 of the definition text the case started on
    state            text        NOT NULL,
    data             jsonb       NOT NULL DEFAULT '{}'::jsonb,
    region           text,
    version          bigint      NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX cases_workflow_state_idx ON cases (workflow, state, id);

CREATE TABLE case_events (
    case_id     uuid        NOT NULL REFERENCES cases (id),
    seq         bigint      NOT NULL,          -- 1, 2, 3 … within the case
    event       text        NOT NULL,
    actor       text        NOT NULL,
    role        text        NOT NULL,
    from_state  text,                          -- NULL for the opening event
    to_state    text        NOT NULL,
    payload     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    occurred_at timestamptz NOT NULL,
    prev_hash   text        NOT NULL,          -- hex sha256 of the previous event, 64 zeros first
    hash        text        NOT NULL,          -- hex sha256(prev_hash || canonical JSON of event)
    PRIMARY KEY (case_id, seq)
);

-- History is append-only: refuse UPDATE and DELETE at the database level too.
CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case_events is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER case_events_no_update BEFORE UPDATE OR DELETE ON case_events
    FOR EACH ROW EXECUTE FUNCTION case_events_append_only();
