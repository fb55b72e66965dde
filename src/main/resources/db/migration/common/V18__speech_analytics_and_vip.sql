-- Employees whose calls go to speech analytics (telephony.SpeechAnalytics); every change is journaled.
CREATE TABLE speech_analytics_members (
    tenant_id    uuid NOT NULL,
    employee_id  uuid NOT NULL,
    added_at     timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, employee_id),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);

-- Subscribers the company marks VIP (telephony.VipNumbers): E.164 numbers whose calls and recordings are
-- journaled on every access.
CREATE TABLE vip_numbers (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    number       varchar(20) NOT NULL,
    note         varchar(200),
    created_at   timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, number)
);
