-- Support access authorized by the client (supportaccess). A request and, once approved, the grant it became are one
-- row in the client company's rows: tenant_id is the company support asks to enter, agent_* the provider's employee.
CREATE TABLE support_access (
    tenant_id           uuid NOT NULL REFERENCES tenants (id),
    id                  uuid NOT NULL,
    agent_id            uuid NOT NULL,
    agent_login         varchar(320) NOT NULL,
    agent_name          varchar(200) NOT NULL,
    reason              varchar(1000) NOT NULL,
    ticket              varchar(100),
    requested_functions varchar(2000) NOT NULL,
    requested_minutes   integer NOT NULL,
    status              varchar(10) NOT NULL,
    granted_functions   varchar(2000),
    expires_at          timestamp with time zone,
    decided_by          varchar(200),
    decided_at          timestamp with time zone,
    decision_note       varchar(1000),
    ended_by            varchar(200),
    ended_at            timestamp with time zone,
    created_at          timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX support_access_agent ON support_access (agent_id, created_at);
CREATE INDEX support_access_active ON support_access (status, expires_at);

-- A company's standing answer to support: ask every time (the default, no row), never, or read-only functions
-- approved at once.
CREATE TABLE support_policies (
    tenant_id      uuid NOT NULL PRIMARY KEY REFERENCES tenants (id),
    mode           varchar(10) NOT NULL,
    auto_functions varchar(2000) NOT NULL,
    max_minutes    integer NOT NULL,
    updated_at     timestamp with time zone NOT NULL,
    updated_by     varchar(200) NOT NULL
);
