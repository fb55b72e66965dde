-- SIP accounts (telephony.SipAccounts): an employee's phone registrations. The password is generated, sealed
-- (SecretBox, purpose "telephony.sip-password", owner the account id) and also kept as the two digest hashes
-- the SIP edge checks (HA1 = H(username:realm:password) with MD5 and SHA-256, RFC 8760), sealed too: an HA1
-- is as good as the password to a SIP client.
CREATE TABLE sip_accounts (
    tenant_id            uuid NOT NULL,
    id                   uuid NOT NULL,
    employee_id          uuid NOT NULL,
    username             varchar(64) NOT NULL,
    domain               varchar(253) NOT NULL,
    password_sealed      varchar(1000) NOT NULL,
    ha1_sealed           varchar(1000) NOT NULL,
    created_at           timestamp with time zone NOT NULL,
    password_changed_at  timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT sip_accounts_address_uq UNIQUE (domain, username),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sip_accounts_employee_ix ON sip_accounts (tenant_id, employee_id);
