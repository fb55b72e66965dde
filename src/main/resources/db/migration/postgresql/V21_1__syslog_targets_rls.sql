-- Row-level security for syslog targets (see V3__row_level_security.sql).
GRANT SELECT, INSERT, UPDATE, DELETE ON syslog_targets TO ${app_role};

ALTER TABLE syslog_targets ENABLE ROW LEVEL SECURITY;
ALTER TABLE syslog_targets FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON syslog_targets USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
