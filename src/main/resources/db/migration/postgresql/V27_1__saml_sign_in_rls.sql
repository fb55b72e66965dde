-- Row-level security for SAML single sign-on (see V3__row_level_security.sql). Two reads happen before anyone is known,
-- in the platform context (TenantContext.asPlatform): the sign-in page finds the company of an e-mail domain, and the
-- hourly clean-up drops expired requests and replay records of every company.
GRANT SELECT, INSERT, UPDATE, DELETE ON saml_sp_keys, saml_providers, saml_domains, saml_group_roles, saml_accounts, saml_requests,
    saml_replays TO ${app_role};

ALTER TABLE saml_sp_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE saml_sp_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON saml_sp_keys USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE saml_providers ENABLE ROW LEVEL SECURITY;
ALTER TABLE saml_providers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON saml_providers USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE saml_domains ENABLE ROW LEVEL SECURITY;
ALTER TABLE saml_domains FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON saml_domains USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE saml_group_roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE saml_group_roles FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON saml_group_roles USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE saml_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE saml_accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON saml_accounts USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE saml_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE saml_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON saml_requests USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE saml_replays ENABLE ROW LEVEL SECURITY;
ALTER TABLE saml_replays FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON saml_replays USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
