-- Case steps as heap-only (HOT) updates. A step rewrites the case row (state, data, version,
-- chain head, updated_at); PostgreSQL can keep the new version on the same page without
-- touching any index only when no indexed column changed and the page has room. The state was
-- a key of cases_workflow_state_idx, so every step wrote all five indexes of cases.
--
-- Lists filter on the workflow and order by (created_at, id) (adapters/pg/pg_case_query.cpp);
-- (workflow, created_at, id) serves that order as a range, with the few states of a workflow
-- checked on the rows read. owner_role keeps its index: a step that hands the case to another
-- role is not HOT, a step within one role is.

DROP INDEX cases_workflow_state_idx;
CREATE INDEX cases_workflow_created_idx ON cases (workflow, created_at, id);

-- Leave a fifth of each page free for the next versions of its rows (new pages; existing ones
-- fill up as rows move).
ALTER TABLE cases SET (fillfactor = 80);
