GRANT SELECT, INSERT, UPDATE, DELETE ON roles, role_grants, role_grant_groups, access_versions TO ${app_role};

ALTER TABLE roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE roles FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON roles USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE role_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE role_grants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON role_grants USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE role_grant_groups ENABLE ROW LEVEL SECURITY;
ALTER TABLE role_grant_groups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON role_grant_groups USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE access_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE access_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON access_versions USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

-- Employees' roles were stored by their enum names (OWNER); they are stored by code (owner) now. The migration acts
-- platform-wide for this one statement: row-level security is forced on the table, for its owner too.
SELECT set_config('fortel.tenant_id', '*', true);
UPDATE employee_roles SET role = LOWER(role);
SELECT set_config('fortel.tenant_id', '', true);
