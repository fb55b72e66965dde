GRANT SELECT, INSERT, UPDATE, DELETE ON group_roles TO ${app_role};

ALTER TABLE group_roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE group_roles FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON group_roles USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
