-- Second factors (identity.factors): what each employee enrolled, and their recovery codes.
-- A TOTP seed is sealed with the master key (platform.secrets.SecretBox, purpose "identity.totp-seed",
-- owner the factor's id); it is never stored or logged in the clear.
CREATE TABLE second_factors (
    id             uuid PRIMARY KEY,
    tenant_id      uuid NOT NULL,
    employee_id    uuid NOT NULL,
    method         varchar(16) NOT NULL,
    label          varchar(100) NOT NULL,
    secret_sealed  varchar(1000),
    -- The highest TOTP time step ever accepted: a code for that step or an earlier one is a replay.
    last_step      bigint,
    created_at     timestamp with time zone NOT NULL,
    -- NULL while an enrollment waits for its first valid code; such a factor never signs anybody in.
    confirmed_at   timestamp with time zone,
    last_used_at   timestamp with time zone,
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT second_factors_method_ck CHECK (method IN ('TOTP', 'EMAIL', 'SMS', 'PASSKEY'))
);
CREATE INDEX second_factors_employee_ix ON second_factors (tenant_id, employee_id);

-- Single-use recovery codes: SHA-256 of an 80-bit random code (high entropy, so a fast hash is safe, as
-- for API tokens). Regenerating deletes the old set.
CREATE TABLE recovery_codes (
    tenant_id    uuid NOT NULL,
    employee_id  uuid NOT NULL,
    code_hash    varchar(64) NOT NULL,
    created_at   timestamp with time zone NOT NULL,
    used_at      timestamp with time zone,
    PRIMARY KEY (tenant_id, employee_id, code_hash),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);

-- The company's two-factor policy: OFF, ADMINS (employees holding a management function) or EVERYONE; the
-- methods allowed (comma-separated codes); how recent a second factor must be for sensitive actions.
ALTER TABLE sign_in_policies ADD COLUMN mfa_mode varchar(16) NOT NULL DEFAULT 'OFF';
ALTER TABLE sign_in_policies ADD COLUMN mfa_methods varchar(64) NOT NULL DEFAULT 'totp';
ALTER TABLE sign_in_policies ADD COLUMN mfa_step_up_s bigint NOT NULL DEFAULT 900;

-- When the API sign-in token's holder last proved a second factor (at sign-in or by step-up).
ALTER TABLE api_tokens ADD COLUMN second_factor_at timestamp with time zone;
