-- Sessions and integration tokens (identity.OpenSessions, identity.IntegrationTokens).

-- When a sign-in token was last used, for the company's idle timeout and the session list. Written at most
-- once a minute per token (ApiTokens.touch), so a busy script does not turn every request into a write.
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamp with time zone;
ALTER TABLE api_tokens ADD COLUMN last_used_ip varchar(64);

-- Long-lived, named tokens for integrations. Only the SHA-256 of the token is stored (it has 256 random
-- bits, so a fast hash leaves nothing to brute-force); "ref" is a short public handle for the journal.
-- "scope" is the set of permission codes, comma-separated and sorted; a request made with the token can
-- use only those of them that its creator still holds.
CREATE TABLE integration_tokens (
    tenant_id     uuid NOT NULL,
    id            uuid NOT NULL,
    token_hash    varchar(64) NOT NULL,
    ref           varchar(16) NOT NULL,
    name          varchar(100) NOT NULL,
    employee_id   uuid NOT NULL,
    scope         varchar(1000) NOT NULL,
    created_at    timestamp with time zone NOT NULL,
    expires_at    timestamp with time zone NOT NULL,
    revoked_at    timestamp with time zone,
    revoked_by    uuid,
    last_used_at  timestamp with time zone,
    last_used_ip  varchar(64),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT integration_tokens_hash_uq UNIQUE (token_hash),
    CONSTRAINT integration_tokens_ref_uq UNIQUE (ref),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX integration_tokens_created_ix ON integration_tokens (tenant_id, created_at);

-- Every address a token has been used from: the first use from an address not listed here is journaled,
-- exactly once across nodes (the primary key decides which insert wins).
CREATE TABLE integration_token_addresses (
    tenant_id      uuid NOT NULL,
    token_id       uuid NOT NULL,
    ip             varchar(64) NOT NULL,
    first_seen_at  timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, token_id, ip),
    FOREIGN KEY (tenant_id, token_id) REFERENCES integration_tokens (tenant_id, id) ON DELETE CASCADE
);
