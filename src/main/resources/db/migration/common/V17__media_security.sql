-- How a company's calls must be protected on the wire (telephony.MediaSecurity), for the SIP edge to enforce.
-- No row: TLS optional, SRTP optional (what most phones can do out of the box).
CREATE TABLE media_security_policies (
    tenant_id   uuid PRIMARY KEY REFERENCES tenants (id),
    sip_tls     varchar(16) NOT NULL,
    srtp        varchar(16) NOT NULL,
    updated_at  timestamp with time zone NOT NULL,
    CONSTRAINT media_security_tls_ck CHECK (sip_tls IN ('REQUIRED', 'OPTIONAL')),
    CONSTRAINT media_security_srtp_ck CHECK (srtp IN ('REQUIRED', 'OPTIONAL', 'OFF'))
);
