-- Row-level security and grants for V6 (module notification).
GRANT SELECT, INSERT, UPDATE, DELETE ON mail_settings, outbox, password_reset_guards TO ${app_role};

-- Mail for a company's people is that company's data.
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbox USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

-- The SMTP settings (with the sealed relay password) are the provider's: only platform-wide work
-- (TenantContext.asPlatform: the operator's settings page and the mail sender) sees or changes them.
ALTER TABLE mail_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_only ON mail_settings
    USING (coalesce(current_setting('fortel.tenant_id', true), '') = '*')
    WITH CHECK (coalesce(current_setting('fortel.tenant_id', true), '') = '*');
