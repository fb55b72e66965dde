-- Roles carried by a group: every member holds them as long as they are in the group (the first seed's
-- "access to functions at the level of user groups"). The owner and operator roles are never carried.
CREATE TABLE group_roles (
    tenant_id uuid NOT NULL,
    group_id  uuid NOT NULL,
    role      varchar(32) NOT NULL,
    PRIMARY KEY (tenant_id, group_id, role),
    FOREIGN KEY (tenant_id, group_id) REFERENCES employee_groups (tenant_id, id) ON DELETE CASCADE
);
