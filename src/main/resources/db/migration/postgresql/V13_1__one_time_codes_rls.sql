-- Row-level security for sent second-factor codes (see V3__row_level_security.sql).
GRANT SELECT, INSERT, UPDATE, DELETE ON second_factor_codes, sms_settings TO ${app_role};

ALTER TABLE second_factor_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE second_factor_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON second_factor_codes USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

-- The SMS gateway's settings (with the sealed authorization value) are the provider's: only platform-wide
-- work sees or changes them, as for mail_settings.
ALTER TABLE sms_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE sms_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_only ON sms_settings
    USING (coalesce(current_setting('fortel.tenant_id', true), '') = '*')
    WITH CHECK (coalesce(current_setting('fortel.tenant_id', true), '') = '*');
