-- Row-level security for call history (see V3__row_level_security.sql).
GRANT SELECT, INSERT, UPDATE, DELETE ON calls TO ${app_role};

ALTER TABLE calls ENABLE ROW LEVEL SECURITY;
ALTER TABLE calls FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON calls USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
