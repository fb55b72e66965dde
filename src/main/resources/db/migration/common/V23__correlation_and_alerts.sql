-- Correlation of the security journal (audit.correlation) and e-mail alerts (audit.alerting).

-- A company's rule files (the provider's, for the provider's company): its own, and its versions of the built-ins.
-- yaml NULL: the built-in of that name as shipped (a row then only turns it off or on).
CREATE TABLE correlation_rules (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    name       varchar(64) NOT NULL,
    yaml       text,
    enabled    boolean NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    updated_by varchar(200),
    PRIMARY KEY (tenant_id, name)
);

-- Alerts raised by rules. tenant_id is whose alert it is: the company for its rules, the provider for the provider's
-- rules; source_tenant_id is the company the last matching event came from. A match for a group that already has an
-- open alert adds to it instead of opening another.
CREATE TABLE security_alerts (
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    id               uuid NOT NULL,
    rule_file        varchar(64) NOT NULL,
    rule             varchar(64) NOT NULL,
    title            varchar(200) NOT NULL,
    level            varchar(13) NOT NULL,
    group_key        varchar(1000) NOT NULL,
    group_values     varchar(2000) NOT NULL,
    source_tenant_id uuid NOT NULL,
    matches          integer NOT NULL,
    first_at         timestamp with time zone NOT NULL,
    last_at          timestamp with time zone NOT NULL,
    last_event_id    uuid NOT NULL,
    last_event_seq   bigint NOT NULL,
    last_event_type  varchar(100) NOT NULL,
    last_actor       varchar(200),
    last_ip          varchar(64),
    status           varchar(12) NOT NULL,
    handled_by       varchar(200),
    handled_at       timestamp with time zone,
    note             varchar(1000),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT security_alerts_status_ck CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'CLOSED')),
    CONSTRAINT security_alerts_level_ck CHECK (level IN ('INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'))
);
CREATE INDEX security_alerts_status_ix ON security_alerts (tenant_id, status, last_at);
CREATE INDEX security_alerts_group_ix ON security_alerts (tenant_id, rule_file, rule, group_key, status);

-- What first_seen rules have learned (an administrator's known addresses), so a restart does not make every address new.
CREATE TABLE correlation_seen (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    rule_file  varchar(64) NOT NULL,
    rule       varchar(64) NOT NULL,
    group_key  varchar(1000) NOT NULL,
    seen_value varchar(500) NOT NULL,
    last_seen  timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, rule_file, rule, group_key, seen_value)
);

-- How far the analysis has read each company's journal, and which node analyzes (one at a time: windows are in memory).
CREATE TABLE journal_analysis (
    tenant_id uuid NOT NULL REFERENCES tenants (id) PRIMARY KEY,
    last_seq  bigint NOT NULL
);
CREATE TABLE journal_analysis_lease (
    name        varchar(32) NOT NULL PRIMARY KEY,
    lease_owner varchar(64),
    lease_until timestamp with time zone
);

-- E-mail alerts: who receives each kind, and the employees whose every sign-in is reported.
CREATE TABLE alert_recipients (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    kind       varchar(32) NOT NULL,
    recipients varchar(4000) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, kind)
);
CREATE TABLE alert_watched_employees (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    employee_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, employee_id)
);
