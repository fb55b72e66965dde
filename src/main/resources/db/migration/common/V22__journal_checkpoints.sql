-- Signed checkpoints of each company's journal chain head (audit.JournalCheckpoints), kept apart from the events:
-- Ed25519 over (company, sequence, hash, time) with a key derived from the master key, which never enters the
-- database. Someone who can rewrite the journal and recompute its chain cannot make the checkpoints agree.
CREATE TABLE journal_checkpoints (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    seq        bigint NOT NULL,
    hash       varchar(64) NOT NULL,
    signed_at  timestamp with time zone NOT NULL,
    key_id     varchar(16) NOT NULL,
    signature  varchar(100) NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
