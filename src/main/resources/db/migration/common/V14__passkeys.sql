-- Passkeys (WebAuthn credentials) as second factors and, where the company allows it, as a sign-in of
-- their own (identity.PasskeyStore, the store behind Spring Security's relying-party operations).
-- A passkey user is the WebAuthn user handle of one employee: 64 random bytes, never the employee's id.
CREATE TABLE passkey_users (
    tenant_id     uuid NOT NULL,
    employee_id   uuid NOT NULL,
    user_handle   varchar(128) NOT NULL,
    PRIMARY KEY (tenant_id, employee_id),
    CONSTRAINT passkey_users_handle_uq UNIQUE (user_handle),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);

-- One credential: its public key (COSE), the signature counter (a counter that goes backwards means a
-- cloned authenticator), and the attestation it was registered with. Binary values in base64url.
CREATE TABLE passkeys (
    credential_id        varchar(1400) PRIMARY KEY,
    tenant_id            uuid NOT NULL,
    employee_id          uuid NOT NULL,
    factor_id            uuid NOT NULL REFERENCES second_factors (id) ON DELETE CASCADE,
    user_handle          varchar(128) NOT NULL,
    public_key           varchar(4000) NOT NULL,
    signature_count      bigint NOT NULL,
    uv_initialized       boolean NOT NULL,
    backup_eligible      boolean NOT NULL,
    backup_state         boolean NOT NULL,
    transports           varchar(200),
    attestation_object   text,
    attestation_client_data varchar(4000),
    created_at           timestamp with time zone NOT NULL,
    last_used_at         timestamp with time zone,
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX passkeys_user_ix ON passkeys (user_handle);

-- Whether the company lets a passkey sign in on its own, without the password.
ALTER TABLE sign_in_policies ADD COLUMN mfa_passkey_sign_in boolean NOT NULL DEFAULT FALSE;
