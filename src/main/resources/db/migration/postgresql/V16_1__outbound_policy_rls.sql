-- Row-level security for the calling policies (see V3__row_level_security.sql).
GRANT SELECT, INSERT, UPDATE, DELETE ON outbound_policies, outbound_group_policies TO ${app_role};

ALTER TABLE outbound_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbound_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbound_policies USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE outbound_group_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbound_group_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbound_group_policies USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
