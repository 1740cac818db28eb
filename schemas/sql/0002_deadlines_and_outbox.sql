-- Deadlines of cases and the outbox of effects, written in the transaction of the step that
-- asked for them (DESIGN.md §6). One pending deadline per case and state.

CREATE TABLE deadlines (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id         uuid        NOT NULL REFERENCES cases (id),
    state           text        NOT NULL,
    fires           text        NOT NULL,
    due_at          timestamptz NOT NULL,
    last_day        date,                      -- day-based periods: the last day (China time)
    basis           text        NOT NULL DEFAULT '',
    explanation_zh  text        NOT NULL DEFAULT '',
    explanation_en  text        NOT NULL DEFAULT '',
    extensions_used integer     NOT NULL DEFAULT 0,
    status          text        NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'fired', 'cancelled')),
    created_at      timestamptz NOT NULL,
    closed_at       timestamptz
);

CREATE UNIQUE INDEX deadlines_one_pending_per_state ON deadlines (case_id, state) WHERE status = 'pending';
CREATE INDEX deadlines_pending_due ON deadlines (due_at) WHERE status = 'pending';

CREATE TABLE outbox (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id     uuid        NOT NULL REFERENCES cases (id),
    kind        text        NOT NULL,     -- notify, alert, open_child, signal_parent, ledger_posting
    payload     jsonb       NOT NULL,
    status      text        NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'done', 'dead')),
    created_at  timestamptz NOT NULL
);

CREATE INDEX outbox_pending ON outbox (created_at) WHERE status = 'pending';
