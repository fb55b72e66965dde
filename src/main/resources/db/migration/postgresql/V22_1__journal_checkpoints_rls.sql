-- Row-level security for journal checkpoints (see V3__row_level_security.sql). Append-only for the application,
-- like the journal itself.
GRANT SELECT, INSERT ON journal_checkpoints TO ${app_role};

ALTER TABLE journal_checkpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE journal_checkpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON journal_checkpoints USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
