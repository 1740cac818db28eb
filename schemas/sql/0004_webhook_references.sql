-- Inbound webhooks (DESIGN.md §7): a source's case numbers mapped to our cases, tasks for
-- operators, and inbox messages held until their case can take them.

-- Which case data field holds each source's case number (e.g. court → court_case_number). The
-- server adds its configured pairs at start (config/webhooks.yaml, `reference_field`) and fills
-- case_references from existing cases once, when a pair is new; the trigger below keeps it
-- current. A row is never removed by the server: it only makes more references known.
CREATE TABLE webhook_reference_fields (
    source text NOT NULL,
    field  text NOT NULL,
    PRIMARY KEY (source, field)
);

-- A source's case number → our case. Written from case data by trigger (origin 'data'), learned
-- from a message that carries both our case id and the source's number ('event'), or entered by
-- an operator resolving an unknown_case_number task ('operator'). The first mapping wins: a
-- number is never moved to another case silently.
CREATE TABLE case_references (
    source     text        NOT NULL,
    reference  text        NOT NULL,
    case_id    uuid        NOT NULL REFERENCES cases (id),
    origin     text        NOT NULL DEFAULT 'operator' CHECK (origin IN ('data', 'event', 'operator')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, reference)
);
CREATE INDEX case_references_case_idx ON case_references (case_id);

-- Work for people that no workflow owns: a message naming a case number nobody knows, a case
-- id that does not exist, a number claimed for two cases. One task per (kind, message).
CREATE TABLE operator_tasks (
    id         uuid        PRIMARY KEY,
    kind       text        NOT NULL,   -- unknown_case_number, unknown_case, reference_conflict
    source     text        NOT NULL,
    reference  text,
    message_id text        NOT NULL,   -- the inbox message (source, message_id) it concerns
    detail     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status     text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at timestamptz NOT NULL,
    closed_at  timestamptz,
    UNIQUE (kind, source, message_id)
);
CREATE INDEX operator_tasks_open_idx ON operator_tasks (created_at) WHERE status = 'open';

-- A held inbox message (status 'held') waits either for its case to change (held_case_id: the
-- event was not allowed in the case's state) or for its source's case number to become known
-- (held_reference). Either change sets it back to 'pending' in the changing transaction, and
-- the inbox relay is woken.
ALTER TABLE inbox
    ADD COLUMN held_case_id   uuid,
    ADD COLUMN held_reference text;
CREATE INDEX inbox_held_case_idx ON inbox (held_case_id) WHERE status = 'held';
CREATE INDEX inbox_held_reference_idx ON inbox (source, held_reference) WHERE status = 'held';

-- Any step of a case (its version moves) releases the messages held for it. The hold itself
-- takes a share lock on the case row and checks the version it saw, so a step cannot slip
-- between the refusal and the hold.
CREATE FUNCTION wageguard_release_held_for_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inbox SET status = 'pending' WHERE status = 'held' AND held_case_id = NEW.id;
    IF FOUND THEN
        PERFORM pg_notify('wageguard_inbox', '');
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER cases_release_held AFTER UPDATE OF version ON cases FOR EACH ROW
    WHEN (OLD.version IS DISTINCT FROM NEW.version)
    EXECUTE FUNCTION wageguard_release_held_for_case();

-- Case data → case_references for the configured fields (string values only).
CREATE FUNCTION wageguard_index_case_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO case_references (source, reference, case_id, origin, created_at)
    SELECT f.source, NEW.data ->> f.field, NEW.id, 'data', NEW.updated_at
    FROM webhook_reference_fields f
    WHERE jsonb_typeof(NEW.data -> f.field) = 'string' AND NEW.data ->> f.field <> ''
    ON CONFLICT (source, reference) DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER cases_index_references_insert AFTER INSERT ON cases FOR EACH ROW
    EXECUTE FUNCTION wageguard_index_case_references();
CREATE TRIGGER cases_index_references_update AFTER UPDATE OF data ON cases FOR EACH ROW
    WHEN (OLD.data IS DISTINCT FROM NEW.data)
    EXECUTE FUNCTION wageguard_index_case_references();

-- A newly known case number releases the messages held for it. The advisory lock on the
-- (source, reference) pair is also taken by the hold, which checks for the reference after
-- taking it: whichever comes second sees the other.
CREATE FUNCTION wageguard_release_held_for_reference() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(NEW.source || '/' || NEW.reference, 0));
    UPDATE inbox SET status = 'pending'
    WHERE status = 'held' AND source = NEW.source AND held_reference = NEW.reference;
    IF FOUND THEN
        PERFORM pg_notify('wageguard_inbox', '');
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER case_references_release_held AFTER INSERT ON case_references FOR EACH ROW
    EXECUTE FUNCTION wageguard_release_held_for_reference();
