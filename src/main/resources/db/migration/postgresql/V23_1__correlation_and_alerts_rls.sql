-- Row-level security for correlation and alerts (see V3__row_level_security.sql). The lease row belongs to no company.
GRANT SELECT, INSERT, UPDATE, DELETE ON correlation_rules, security_alerts, correlation_seen, journal_analysis, alert_recipients,
    alert_watched_employees, journal_analysis_lease TO ${app_role};

ALTER TABLE correlation_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE correlation_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON correlation_rules USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE security_alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE security_alerts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON security_alerts USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE correlation_seen ENABLE ROW LEVEL SECURITY;
ALTER TABLE correlation_seen FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON correlation_seen USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE journal_analysis ENABLE ROW LEVEL SECURITY;
ALTER TABLE journal_analysis FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON journal_analysis USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE alert_recipients ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_recipients FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alert_recipients USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
ALTER TABLE alert_watched_employees ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_watched_employees FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alert_watched_employees USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
