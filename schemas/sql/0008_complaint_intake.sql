-- Complaint intake (adapters/pg/pg_complaint_index): every complaint filed is compared with the
-- open complaints against the same employer, found by its exact name or its USCC.
CREATE INDEX cases_employer_idx ON cases ((data ->> 'employer'));
CREATE INDEX cases_employer_uscc_idx ON cases ((data ->> 'employer_uscc'));
