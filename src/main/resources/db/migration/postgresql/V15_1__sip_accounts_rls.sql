-- Row-level security for SIP accounts (see V3__row_level_security.sql).
GRANT SELECT, INSERT, UPDATE, DELETE ON sip_accounts TO ${app_role};

ALTER TABLE sip_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE sip_accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sip_accounts USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
