-- Call recordings (telephony.recordings). The audio itself lives encrypted in the recording store (a directory by
-- default), under the company's own data key; this schema holds what is needed to find, check and deliver it.

-- Each company's recording key: a Tink streaming-AEAD keyset (AES-256-GCM-HKDF), sealed by the master key
-- (platform.secrets.SecretBox, purpose telephony.recording-keyset, owner the company id). Created on first use.
CREATE TABLE recording_keysets (
    tenant_id      uuid PRIMARY KEY REFERENCES tenants (id),
    sealed_keyset  varchar(2000) NOT NULL,
    created_at     timestamp with time zone NOT NULL
);

-- One recording per call. Size and SHA-256 are of the audio as uploaded (before encryption), so a delivered or
-- downloaded copy can be checked against them.
CREATE TABLE call_recordings (
    tenant_id   uuid NOT NULL,
    call_id     varchar(128) NOT NULL,
    media_type  varchar(32) NOT NULL,
    size_bytes  bigint NOT NULL,
    sha256      varchar(64) NOT NULL,
    object_key  varchar(200) NOT NULL,
    stored_at   timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, call_id),
    CONSTRAINT call_recordings_call_fk FOREIGN KEY (tenant_id, call_id) REFERENCES calls (tenant_id, call_id),
    CONSTRAINT call_recordings_type_ck CHECK (media_type IN ('audio/wav', 'audio/mpeg', 'audio/ogg'))
);
CREATE INDEX call_recordings_stored_ix ON call_recordings (stored_at);

-- Short-lived links to play or download one recording, bound to the console session or API token that asked
-- for them. Only the SHA-256 of the link id is kept.
CREATE TABLE recording_links (
    id_hash      varchar(64) PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    call_id      varchar(128) NOT NULL,
    purpose      varchar(10) NOT NULL,
    session_ref  varchar(100) NOT NULL,
    employee_id  uuid NOT NULL,
    created_at   timestamp with time zone NOT NULL,
    expires_at   timestamp with time zone NOT NULL,
    used_at      timestamp with time zone,
    CONSTRAINT recording_links_purpose_ck CHECK (purpose IN ('PLAY', 'DOWNLOAD'))
);
CREATE INDEX recording_links_expiry_ix ON recording_links (expires_at);

-- What a company does with its recordings: how long they are kept, and the FTPS server they are delivered to.
CREATE TABLE recording_settings (
    tenant_id           uuid PRIMARY KEY REFERENCES tenants (id),
    retention_days      integer,
    ftps_enabled        boolean NOT NULL,
    ftps_host           varchar(253),
    ftps_port           integer,
    ftps_username       varchar(100),
    ftps_password       varchar(1000),
    ftps_directory      varchar(200),
    ftps_file_template  varchar(200),
    ftps_pinned_sha256  varchar(64),
    updated_at          timestamp with time zone NOT NULL,
    CONSTRAINT recording_settings_retention_ck CHECK (retention_days IS NULL OR retention_days BETWEEN 1 AND 3660)
);

-- Deliveries to the company's FTPS server: one per recording, retried with backoff until delivered or given up.
CREATE TABLE recording_deliveries (
    tenant_id        uuid NOT NULL,
    call_id          varchar(128) NOT NULL,
    status           varchar(10) NOT NULL,
    attempts         integer NOT NULL,
    next_attempt_at  timestamp with time zone,
    last_error       varchar(500),
    remote_path      varchar(500),
    updated_at       timestamp with time zone NOT NULL,
    PRIMARY KEY (tenant_id, call_id),
    CONSTRAINT recording_deliveries_recording_fk FOREIGN KEY (tenant_id, call_id) REFERENCES call_recordings (tenant_id, call_id)
        ON DELETE CASCADE,
    CONSTRAINT recording_deliveries_status_ck CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED'))
);
CREATE INDEX recording_deliveries_due_ix ON recording_deliveries (status, next_attempt_at);
