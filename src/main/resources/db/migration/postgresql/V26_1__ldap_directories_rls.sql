-- Row-level security for the company's directory (see V3__row_level_security.sql). The scheduled synchronization
-- finds companies that are due in the platform context (TenantContext.asPlatform), then works inside each one.
GRANT SELECT, INSERT, UPDATE, DELETE ON ldap_directories, ldap_group_roles, ldap_accounts TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON ldap_syncs TO ${app_role};

ALTER TABLE ldap_directories ENABLE ROW LEVEL SECURITY;
ALTER TABLE ldap_directories FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ldap_directories USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE ldap_group_roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE ldap_group_roles FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ldap_group_roles USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE ldap_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE ldap_accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ldap_accounts USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE ldap_syncs ENABLE ROW LEVEL SECURITY;
ALTER TABLE ldap_syncs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ldap_syncs USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
