-- Call history (telephony.CallHistory): one row per call, sent by the media layer, idempotent by its call id.
-- The employee is kept without a foreign key: the history outlives an employee's deletion (the journal of the
-- deletion names them), and a call never blocks deleting anyone.
CREATE TABLE calls (
    tenant_id            uuid NOT NULL REFERENCES tenants (id),
    call_id              varchar(128) NOT NULL,
    direction            varchar(10) NOT NULL,
    caller               varchar(20) NOT NULL,
    callee               varchar(20) NOT NULL,
    employee_id          uuid,
    started_at           timestamp with time zone NOT NULL,
    answered_at          timestamp with time zone,
    ended_at             timestamp with time zone NOT NULL,
    duration_s           integer NOT NULL,
    disposition          varchar(16) NOT NULL,
    destination_country  varchar(2),
    ingested_at          timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, call_id),
    CONSTRAINT calls_direction_ck CHECK (direction IN ('INBOUND', 'OUTBOUND', 'INTERNAL')),
    CONSTRAINT calls_disposition_ck CHECK (disposition IN ('ANSWERED', 'NO_ANSWER', 'BUSY', 'FAILED'))
);
CREATE INDEX calls_started_ix ON calls (tenant_id, started_at DESC);
CREATE INDEX calls_employee_ix ON calls (tenant_id, employee_id, started_at DESC);
