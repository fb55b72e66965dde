-- Row-level security for support access (see V3__row_level_security.sql): a company sees its own requests and
-- grants; the provider's side reads across companies only in the platform context (TenantContext.asPlatform).
GRANT SELECT, INSERT, UPDATE ON support_access, support_policies TO ${app_role};

ALTER TABLE support_access ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_access FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON support_access USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE support_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON support_policies USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
