-- Row-level security for journal horizons (see V3__row_level_security.sql). The application writes them as the retention
-- job removes events; each is signed, so a row written by anyone else does not verify.
GRANT SELECT, INSERT, UPDATE ON journal_horizons TO ${app_role};

ALTER TABLE journal_horizons ENABLE ROW LEVEL SECURITY;
ALTER TABLE journal_horizons FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON journal_horizons USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
