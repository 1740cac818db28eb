-- Outbound webhooks (DESIGN.md §7): deliveries are outbox rows of kind 'webhook' (one per
-- endpoint and step); this adds the state of each configured endpoint and an index for the
-- dead letters that people list and replay.

-- An endpoint that answered 410 Gone is disabled here until someone enables it again; the
-- configuration file still names it. No row means enabled.
CREATE TABLE webhook_endpoints_state (
    name        text        PRIMARY KEY,      -- the endpoint's name in config/webhooks.yaml
    disabled_at timestamptz,                  -- NULL: enabled
    reason      text        NOT NULL DEFAULT '',
    updated_at  timestamptz NOT NULL
);

-- Dead letters newest first, for `wageguard webhooks dead` and the admin API.
CREATE INDEX outbox_dead_webhooks ON outbox (done_at DESC, id) WHERE status = 'dead' AND kind = 'webhook';
