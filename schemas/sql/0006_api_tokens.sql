-- API tokens (DESIGN.md §7): only a hash of each token is kept; the token itself is shown once
-- by `wageguard token create`. A token carries a role and, for staff bound to an area, a region
-- (an administrative division code; 440100 covers every district of Guangzhou).
CREATE TABLE api_tokens (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL,            -- who holds it, recorded as the actor of every action
    role         text        NOT NULL CHECK (role IN ('inspector', 'supervisor', 'mediator', 'arbitrator',
                                                      'court', 'registry', 'admin')),
    region       text        CHECK (region ~ '^[0-9]{6}$'),
    token_hash   text        NOT NULL UNIQUE,     -- hex sha256 of the whole token
    prefix       text        NOT NULL,            -- the first characters, to recognise it in lists
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);
