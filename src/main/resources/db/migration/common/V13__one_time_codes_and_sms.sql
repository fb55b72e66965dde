-- Codes sent by e-mail or SMS as a second factor (identity.SecondFactors). Only the latest code of a factor
-- works; it lives five minutes and allows five attempts. The code is sealed (SecretBox, purpose
-- "identity.sent-code"): six digits are too few for a hash to hide them from someone reading the table.
ALTER TABLE second_factors ADD COLUMN destination varchar(254);

CREATE TABLE second_factor_codes (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL,
    employee_id  uuid NOT NULL,
    factor_id    uuid NOT NULL REFERENCES second_factors (id) ON DELETE CASCADE,
    code_sealed  varchar(1000) NOT NULL,
    created_at   timestamp with time zone NOT NULL,
    expires_at   timestamp with time zone NOT NULL,
    attempts     integer NOT NULL DEFAULT 0,
    used_at      timestamp with time zone,
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX second_factor_codes_employee_ix ON second_factor_codes (tenant_id, employee_id, created_at);

-- The provider's SMS gateway (notification.SmsGateway): an HTTP endpoint that takes a JSON body. The
-- authorization header's value is sealed (purpose "notification.sms-auth").
CREATE TABLE sms_settings (
    id                  smallint PRIMARY KEY,
    url                 varchar(2000) NOT NULL,
    auth_header_name    varchar(100),
    auth_value_sealed   varchar(2000),
    body_template       varchar(4000) NOT NULL,
    updated_at          timestamp with time zone NOT NULL,
    updated_by          varchar(254),
    CONSTRAINT sms_settings_single_ck CHECK (id = 1)
);
