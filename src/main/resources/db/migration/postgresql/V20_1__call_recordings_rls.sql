-- Row-level security for call recordings, their keys, links, settings and deliveries (see V3__row_level_security.sql).
GRANT SELECT, INSERT, UPDATE, DELETE ON recording_keysets, call_recordings, recording_links, recording_settings, recording_deliveries
    TO ${app_role};

ALTER TABLE recording_keysets ENABLE ROW LEVEL SECURITY;
ALTER TABLE recording_keysets FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON recording_keysets USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE call_recordings ENABLE ROW LEVEL SECURITY;
ALTER TABLE call_recordings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON call_recordings USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE recording_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE recording_links FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON recording_links USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE recording_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE recording_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON recording_settings USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE recording_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE recording_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON recording_deliveries USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
