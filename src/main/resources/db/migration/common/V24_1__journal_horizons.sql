-- Where a company's retained journal begins (audit.JournalRetention): the last event that expired, signed like a
-- checkpoint (JournalCheckpoints) so that verification can start the chain there and nobody can forge a horizon
-- to pass off removed events as expired ones.
CREATE TABLE journal_horizons (
    tenant_id  uuid NOT NULL REFERENCES tenants (id) PRIMARY KEY,
    seq        bigint NOT NULL,
    hash       varchar(64) NOT NULL,
    cut_at     timestamp with time zone NOT NULL,
    key_id     varchar(16) NOT NULL,
    signature  varchar(100) NOT NULL
);
