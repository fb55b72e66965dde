-- Module notification: outbound e-mail through a transactional outbox, the provider's SMTP settings, and the
-- counters that limit self-service password reset requests.

-- The provider's SMTP relay: at most one row. The password is sealed (platform.secrets.SecretBox, bound to this
-- purpose), never stored or returned in clear. No row: mail stays in the local outbox.
CREATE TABLE mail_settings (
    id                  smallint PRIMARY KEY,
    host                varchar(253) NOT NULL,
    port                integer NOT NULL,
    security            varchar(16) NOT NULL,
    username            varchar(254),
    password_sealed     varchar(2000),
    from_address        varchar(254) NOT NULL,
    trusted_certificate text,
    updated_at          timestamp with time zone NOT NULL,
    updated_by          varchar(254),
    CONSTRAINT mail_settings_single_ck CHECK (id = 1),
    CONSTRAINT mail_settings_security_ck CHECK (security IN ('STARTTLS', 'TLS', 'PLAIN')),
    CONSTRAINT mail_settings_port_ck CHECK (port BETWEEN 1 AND 65535)
);

-- The outbox: a mail is written here in the transaction of the change that causes it (no commit, no mail) and
-- delivered afterwards. The body (it carries single-use links) is sealed and erased once delivered; the rest
-- stays as the record of what was sent to whom. A message belongs to the company whose person it is for.
CREATE TABLE outbox (
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    id              uuid NOT NULL,
    kind            varchar(32) NOT NULL,
    recipient       varchar(254) NOT NULL,
    subject         varchar(300) NOT NULL,
    body_sealed     text,
    status          varchar(16) NOT NULL,
    attempts        integer NOT NULL,
    next_attempt_at timestamp with time zone,
    claimed_until   timestamp with time zone,
    last_error      varchar(500),
    created_at      timestamp with time zone NOT NULL,
    sent_at         timestamp with time zone,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT outbox_id_uq UNIQUE (id),
    CONSTRAINT outbox_status_ck CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'FAILED', 'LOCAL'))
);
CREATE INDEX outbox_due_ix ON outbox (status, next_attempt_at);
CREATE INDEX outbox_created_ix ON outbox (created_at, id);

-- Self-service password reset requests per login (as a SHA-256, so logins that name no account are not kept)
-- and per source address: platform-wide counters shared by every node, surviving restarts.
CREATE TABLE password_reset_guards (
    subject         varchar(80) PRIMARY KEY,
    requests        integer NOT NULL,
    window_started  timestamp with time zone NOT NULL
);
