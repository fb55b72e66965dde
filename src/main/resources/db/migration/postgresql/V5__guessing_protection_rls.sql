GRANT SELECT, INSERT, UPDATE, DELETE ON account_guards, ip_guards TO ${app_role};

ALTER TABLE account_guards ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_guards FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_guards USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
