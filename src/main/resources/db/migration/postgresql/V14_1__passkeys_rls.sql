-- Row-level security for passkeys (see V3__row_level_security.sql). A passkey sign-in looks its credential
-- up platform-wide (no company is known before it), as a password sign-in looks up its login.
GRANT SELECT, INSERT, UPDATE, DELETE ON passkey_users, passkeys TO ${app_role};

ALTER TABLE passkey_users ENABLE ROW LEVEL SECURITY;
ALTER TABLE passkey_users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON passkey_users USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE passkeys ENABLE ROW LEVEL SECURITY;
ALTER TABLE passkeys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON passkeys USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
