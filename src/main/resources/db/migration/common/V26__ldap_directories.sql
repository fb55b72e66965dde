-- A company's LDAP / Active Directory (identity.ldap): one per company. The URL is ldaps:// or ldap://, and ldap://
-- always goes through StartTLS; plain LDAP is refused at validation. The service account's password is sealed with the
-- company's data key (SecretBox); the pinned CA is public and kept as PEM.
CREATE TABLE ldap_directories (
    tenant_id        uuid PRIMARY KEY REFERENCES tenants (id),
    enabled          boolean NOT NULL,
    url              varchar(500) NOT NULL,
    ca_pem           text,
    bind_dn          varchar(1000) NOT NULL,
    bind_password    text NOT NULL,
    user_base        varchar(1000) NOT NULL,
    user_filter      varchar(1000) NOT NULL,
    login_attr       varchar(100) NOT NULL,
    name_attr        varchar(100) NOT NULL,
    phone_attr       varchar(100),
    department_attr  varchar(100),
    manager_attr     varchar(100),
    id_attr          varchar(100) NOT NULL,
    group_base       varchar(1000),
    group_filter     varchar(1000),
    member_attr      varchar(100),
    sync_minutes     integer NOT NULL,
    next_sync_at     timestamp with time zone,
    lease_owner      varchar(64),
    lease_until      timestamp with time zone,
    created_at       timestamp with time zone NOT NULL,
    updated_at       timestamp with time zone NOT NULL,
    CONSTRAINT ldap_directories_sync_ck CHECK (sync_minutes = 0 OR sync_minutes BETWEEN 15 AND 1440)
);

-- Which directory groups give which roles. Keyed by the DN as normalized by the LDAP SDK, so that spelling and
-- spacing variants of one DN are one mapping.
CREATE TABLE ldap_group_roles (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    group_dn_key varchar(1000) NOT NULL,
    group_dn     varchar(1000) NOT NULL,
    role         varchar(32) NOT NULL,
    PRIMARY KEY (tenant_id, group_dn_key, role)
);

-- Employees whose account lives in the directory: they sign in by bind and have no stored password. The directory's
-- own stable id (entryUUID, objectGUID) links them, so a renamed or moved entry stays the same employee.
CREATE TABLE ldap_accounts (
    tenant_id   uuid NOT NULL,
    employee_id uuid NOT NULL,
    external_id varchar(200) NOT NULL,
    dn          varchar(1000) NOT NULL,
    -- What the last synchronization gave: the department's group and the roles of the mapped groups. The next one
    -- replaces only these, so groups and roles an administrator gave by hand stay.
    group_id    uuid,
    roles       varchar(1000) NOT NULL,
    synced_at   timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, employee_id),
    CONSTRAINT ldap_accounts_external_uq UNIQUE (tenant_id, external_id),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);

-- Each synchronization's report: what it created, updated and disabled, and the entries it could not take.
CREATE TABLE ldap_syncs (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    id          uuid NOT NULL,
    started_by  varchar(10) NOT NULL,
    started_at  timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    outcome     varchar(10) NOT NULL,
    created     integer NOT NULL,
    updated     integer NOT NULL,
    disabled    integer NOT NULL,
    errors      integer NOT NULL,
    report      text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
