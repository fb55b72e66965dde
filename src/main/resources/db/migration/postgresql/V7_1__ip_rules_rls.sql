-- Row-level security for IP rules (see V3__row_level_security.sql for the scheme).
GRANT SELECT, INSERT, UPDATE, DELETE ON ip_rules, ip_rule_lists, ip_deny_list TO ${app_role};

ALTER TABLE ip_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE ip_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ip_rules USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE ip_rule_lists ENABLE ROW LEVEL SECURITY;
ALTER TABLE ip_rule_lists FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ip_rule_lists USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

-- The provider-wide deny-list has no tenant: every request of every company reads it, so reading is open;
-- changing it needs the platform marker '*', which only the operators' deny-list editor sets
-- (TenantContext.asPlatform). A company's request that somehow reached the table could not write it.
ALTER TABLE ip_deny_list ENABLE ROW LEVEL SECURITY;
ALTER TABLE ip_deny_list FORCE ROW LEVEL SECURITY;
CREATE POLICY deny_list_read ON ip_deny_list FOR SELECT USING (true);
CREATE POLICY deny_list_insert ON ip_deny_list FOR INSERT
    WITH CHECK (coalesce(current_setting('fortel.tenant_id', true), '') = '*');
CREATE POLICY deny_list_update ON ip_deny_list FOR UPDATE
    USING (coalesce(current_setting('fortel.tenant_id', true), '') = '*')
    WITH CHECK (coalesce(current_setting('fortel.tenant_id', true), '') = '*');
CREATE POLICY deny_list_delete ON ip_deny_list FOR DELETE
    USING (coalesce(current_setting('fortel.tenant_id', true), '') = '*');
