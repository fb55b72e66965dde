GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_policies, password_history TO ${app_role};

ALTER TABLE sign_in_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE sign_in_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sign_in_policies USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE password_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE password_history FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON password_history USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
