-- Fortel core schema. Every tenant-owned table leads with tenant_id so that the schema can be sharded by
-- tenant, and every foreign key between tenant-owned rows includes tenant_id, so that the database
-- itself refuses a link from one tenant's row to another tenant's (a supervisor, a group member).

CREATE TABLE tenants (
    id          uuid PRIMARY KEY,
    name        varchar(200) NOT NULL,
    name_key    varchar(200) NOT NULL,
    kind        varchar(16)  NOT NULL,
    created_at  timestamp with time zone NOT NULL,
    CONSTRAINT tenants_name_uq UNIQUE (name_key),
    CONSTRAINT tenants_kind_ck CHECK (kind IN ('PROVIDER', 'CLIENT'))
);

CREATE TABLE employees (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    id            uuid NOT NULL,
    login         varchar(254) NOT NULL,
    display_name  varchar(200) NOT NULL,
    extension     varchar(16),
    mobile        varchar(32),
    supervisor_id uuid,
    status        varchar(16) NOT NULL,
    expires_on    date,
    created_at    timestamp with time zone NOT NULL,
    updated_at    timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT employees_login_uq UNIQUE (login),
    CONSTRAINT employees_extension_uq UNIQUE (tenant_id, extension),
    CONSTRAINT employees_supervisor_fk FOREIGN KEY (tenant_id, supervisor_id) REFERENCES employees (tenant_id, id),
    CONSTRAINT employees_status_ck CHECK (status IN ('ACTIVE', 'DISABLED'))
);

CREATE TABLE employee_roles (
    tenant_id   uuid NOT NULL,
    employee_id uuid NOT NULL,
    role        varchar(32) NOT NULL,
    PRIMARY KEY (tenant_id, employee_id, role),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE employee_groups (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    id          uuid NOT NULL,
    name        varchar(100) NOT NULL,
    name_key    varchar(100) NOT NULL,
    description varchar(500),
    created_at  timestamp with time zone NOT NULL,
    updated_at  timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT employee_groups_name_uq UNIQUE (tenant_id, name_key)
);

CREATE TABLE group_members (
    tenant_id   uuid NOT NULL,
    group_id    uuid NOT NULL,
    employee_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, group_id, employee_id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES employee_groups (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE credentials (
    tenant_id     uuid NOT NULL,
    employee_id   uuid NOT NULL,
    password_hash varchar(255) NOT NULL,
    changed_at    timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, employee_id),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);

-- Setup and activation links. Only the SHA-256 of the token is stored: a database dump yields no usable link.
CREATE TABLE activation_tokens (
    token_hash  varchar(64) PRIMARY KEY,
    tenant_id   uuid NOT NULL,
    employee_id uuid NOT NULL,
    purpose     varchar(16) NOT NULL,
    created_at  timestamp with time zone NOT NULL,
    expires_at  timestamp with time zone NOT NULL,
    used_at     timestamp with time zone,
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);

-- API tokens are sessions of the REST API: revocable and expiring. "ref" is a short public handle for
-- the journal and for listing sessions; the token itself is stored only as its SHA-256.
CREATE TABLE api_tokens (
    token_hash  varchar(64) PRIMARY KEY,
    ref         varchar(16) NOT NULL,
    tenant_id   uuid NOT NULL,
    employee_id uuid NOT NULL,
    created_at  timestamp with time zone NOT NULL,
    expires_at  timestamp with time zone NOT NULL,
    revoked_at  timestamp with time zone,
    ip          varchar(64),
    user_agent  varchar(400),
    CONSTRAINT api_tokens_ref_uq UNIQUE (ref),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX api_tokens_employee_ix ON api_tokens (tenant_id, employee_id);

-- The security journal: append-only, one hash chain per tenant (see audit.JournalChain).
CREATE TABLE journal_heads (
    tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
    last_seq  bigint NOT NULL,
    last_hash varchar(64) NOT NULL
);

CREATE TABLE journal (
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    seq              bigint NOT NULL,
    id               uuid NOT NULL,
    occurred_at      timestamp with time zone NOT NULL,
    type             varchar(64) NOT NULL,
    outcome          varchar(16) NOT NULL,
    actor_id         uuid,
    actor_name       varchar(254),
    actor_ip         varchar(64),
    actor_user_agent varchar(400),
    actor_session    varchar(32),
    target_kind      varchar(32),
    target_id        varchar(64),
    target_name      varchar(254),
    details          text NOT NULL,
    prev_hash        varchar(64) NOT NULL,
    hash             varchar(64) NOT NULL,
    PRIMARY KEY (tenant_id, seq),
    CONSTRAINT journal_id_uq UNIQUE (id)
);
CREATE INDEX journal_time_ix ON journal (tenant_id, occurred_at);
CREATE INDEX journal_type_ix ON journal (tenant_id, type, seq);
