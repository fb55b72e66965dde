-- Each company's roles beyond the product's defaults (the first seed's "customizable built-in and custom roles"):
-- a row for every role of its own, and for every built-in it customized (a built-in without a row is at its default,
-- so a reset deletes the row). Every grant of a function has a scope; a grant over groups lists them.
CREATE TABLE roles (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    code        varchar(32) NOT NULL,
    name        varchar(100),
    name_key    varchar(100),
    description varchar(500),
    built_in    boolean NOT NULL,
    created_at  timestamp with time zone NOT NULL,
    updated_at  timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, code),
    CONSTRAINT roles_name_uq UNIQUE (tenant_id, name_key),
    CONSTRAINT roles_named_ck CHECK (built_in OR name IS NOT NULL)
);

CREATE TABLE role_grants (
    tenant_id     uuid NOT NULL,
    role_code     varchar(32) NOT NULL,
    function_code varchar(64) NOT NULL,
    scope         varchar(16) NOT NULL,
    PRIMARY KEY (tenant_id, role_code, function_code),
    FOREIGN KEY (tenant_id, role_code) REFERENCES roles (tenant_id, code) ON DELETE CASCADE,
    CONSTRAINT role_grants_scope_ck CHECK (scope IN ('own', 'groups', 'subordinates', 'tenant'))
);

-- No cascade from groups: a group that a grant names cannot be deleted until the grant stops naming it, so deleting a
-- group never silently changes what a role grants.
CREATE TABLE role_grant_groups (
    tenant_id     uuid NOT NULL,
    role_code     varchar(32) NOT NULL,
    function_code varchar(64) NOT NULL,
    group_id      uuid NOT NULL,
    PRIMARY KEY (tenant_id, role_code, function_code, group_id),
    FOREIGN KEY (tenant_id, role_code, function_code) REFERENCES role_grants (tenant_id, role_code, function_code) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, group_id) REFERENCES employee_groups (tenant_id, id)
);
CREATE INDEX role_grant_groups_by_group ON role_grant_groups (tenant_id, group_id);

-- Incremented in the transaction of every change of a company's roles: each node compares it with the version of the
-- roles it cached (access.RoleBook).
CREATE TABLE access_versions (
    tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
    version   bigint NOT NULL
);

-- Roles held are stored by their codes from now on (lower case), like the roles groups carry.
CREATE INDEX employee_roles_by_role ON employee_roles (tenant_id, role);
