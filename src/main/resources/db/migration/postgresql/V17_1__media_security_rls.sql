-- Row-level security for the media-security policy (see V3__row_level_security.sql).
GRANT SELECT, INSERT, UPDATE, DELETE ON media_security_policies TO ${app_role};

ALTER TABLE media_security_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE media_security_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON media_security_policies USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
