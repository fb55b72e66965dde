-- Tenant isolation enforced by PostgreSQL itself (DESIGN.md, "Tenancy", layer 3).
--
-- The application acts as ${app_role}: no ownership, no BYPASSRLS, no UPDATE or DELETE on the journal.
-- Each connection it borrows carries the current tenant in the setting fortel.tenant_id (see
-- tenancy.internal.TenantScopedDataSource); '*' marks the few deliberate platform-wide tasks (sign-in
-- lookup, the operator's tenant list, journal verification). FORCE makes even the table owner obey.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_role}') THEN
        CREATE ROLE ${app_role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
    END IF;
    IF '${app_role}' <> '${app_login}' THEN
        EXECUTE format('GRANT %I TO %I', '${app_role}', '${app_login}');
    END IF;
END
$$;

CREATE FUNCTION fortel_tenant_visible(row_tenant uuid) RETURNS boolean
    LANGUAGE sql STABLE
AS $$
    SELECT coalesce(current_setting('fortel.tenant_id', true), '') = '*'
        OR row_tenant::text = current_setting('fortel.tenant_id', true)
$$;

GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO ${app_role};
GRANT EXECUTE ON FUNCTION fortel_tenant_visible(uuid) TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, employees, employee_roles, employee_groups, group_members,
    credentials, activation_tokens, api_tokens, spring_session, spring_session_attributes TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON journal_heads TO ${app_role};
-- Append-only: the application can add journal rows and read them, never change or remove one.
GRANT SELECT, INSERT ON journal TO ${app_role};

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants USING (fortel_tenant_visible(id)) WITH CHECK (fortel_tenant_visible(id));

ALTER TABLE employees ENABLE ROW LEVEL SECURITY;
ALTER TABLE employees FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON employees USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE employee_roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE employee_roles FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON employee_roles USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE employee_groups ENABLE ROW LEVEL SECURITY;
ALTER TABLE employee_groups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON employee_groups USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE group_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE group_members FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON group_members USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE credentials FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON credentials USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE activation_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE activation_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON activation_tokens USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_tokens USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE journal_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE journal_heads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON journal_heads USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));

ALTER TABLE journal ENABLE ROW LEVEL SECURITY;
ALTER TABLE journal FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON journal USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
