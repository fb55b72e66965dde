-- Row-level security for the speech-analytics list and VIP numbers (see V3__row_level_security.sql).
GRANT SELECT, INSERT, UPDATE, DELETE ON speech_analytics_members, vip_numbers TO ${app_role};

ALTER TABLE speech_analytics_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE speech_analytics_members FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON speech_analytics_members USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE vip_numbers ENABLE ROW LEVEL SECURITY;
ALTER TABLE vip_numbers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON vip_numbers USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
