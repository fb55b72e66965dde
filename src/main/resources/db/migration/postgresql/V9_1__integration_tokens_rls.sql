-- Row-level security for the integration token tables (see V3__row_level_security.sql).
GRANT SELECT, INSERT, UPDATE, DELETE ON integration_tokens, integration_token_addresses TO ${app_role};

ALTER TABLE integration_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE integration_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON integration_tokens USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE integration_token_addresses ENABLE ROW LEVEL SECURITY;
ALTER TABLE integration_token_addresses FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON integration_token_addresses USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
