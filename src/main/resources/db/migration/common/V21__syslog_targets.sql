-- Delivery of the security journal to a company's SIEM over syslog (audit.syslog). Each target reads the company's
-- journal by its own cursor (the last sequence number the receiver confirmed), so delivery is at least once and in
-- order, and survives restarts and receivers that are down. A lease lets one node at a time deliver to a target.
CREATE TABLE syslog_targets (
    tenant_id         uuid NOT NULL REFERENCES tenants (id),
    id                uuid NOT NULL,
    name              varchar(100) NOT NULL,
    host              varchar(253) NOT NULL,
    port              integer NOT NULL,
    transport         varchar(3) NOT NULL,
    format            varchar(4) NOT NULL,
    facility          integer NOT NULL,
    event_types       varchar(4000) NOT NULL,
    ca_pem            text,
    pinned_sha256     varchar(64),
    client_cert_pem   text,
    client_key        text,
    enabled           boolean NOT NULL,
    cursor_seq        bigint NOT NULL,
    delivered         bigint NOT NULL,
    status            varchar(10) NOT NULL,
    attempts          integer NOT NULL,
    next_attempt_at   timestamp with time zone NOT NULL,
    last_error        varchar(500),
    last_error_at     timestamp with time zone,
    last_delivered_at timestamp with time zone,
    lease_owner       varchar(64),
    lease_until       timestamp with time zone,
    created_at        timestamp with time zone NOT NULL,
    updated_at        timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT syslog_transport_ck CHECK (transport IN ('UDP', 'TCP', 'TLS')),
    CONSTRAINT syslog_format_ck CHECK (format IN ('OCSF', 'CEF')),
    CONSTRAINT syslog_status_ck CHECK (status IN ('NEW', 'OK', 'FAILING')),
    CONSTRAINT syslog_facility_ck CHECK (facility BETWEEN 0 AND 23),
    CONSTRAINT syslog_port_ck CHECK (port BETWEEN 1 AND 65535)
);
CREATE INDEX syslog_targets_due_ix ON syslog_targets (enabled, next_attempt_at);
