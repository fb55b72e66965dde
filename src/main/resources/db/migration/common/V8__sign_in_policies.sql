-- A company's sign-in settings (identity.SignInPolicy). No row means the provider's defaults apply.
-- Durations are stored in seconds.
CREATE TABLE sign_in_policies (
    tenant_id                 uuid PRIMARY KEY REFERENCES tenants (id),
    password_min_length       integer NOT NULL,
    password_max_length       integer NOT NULL,
    password_classes          varchar(64) NOT NULL,
    password_history          integer NOT NULL,
    password_min_age_s        bigint NOT NULL,
    password_max_age_s        bigint NOT NULL,
    lockout_max_failures      integer NOT NULL,
    lockout_window_s          bigint NOT NULL,
    lockout_lock_s            bigint NOT NULL,
    lockout_lock_max_s        bigint NOT NULL,
    lockout_mode              varchar(16) NOT NULL,
    session_idle_s            bigint NOT NULL,
    session_absolute_s        bigint NOT NULL,
    session_max_concurrent    integer NOT NULL,
    api_token_max_lifetime_s  bigint NOT NULL,
    updated_at                timestamp with time zone NOT NULL,
    CONSTRAINT sign_in_policies_mode_ck CHECK (lockout_mode IN ('TEMPORARY', 'PERMANENT'))
);

-- Earlier password hashes, so that the last N may not be reused (compared by verifying against each hash;
-- nothing here is reversible).
CREATE TABLE password_history (
    tenant_id     uuid NOT NULL,
    employee_id   uuid NOT NULL,
    password_hash varchar(255) NOT NULL,
    changed_at    timestamp with time zone NOT NULL,
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX password_history_employee_ix ON password_history (tenant_id, employee_id, changed_at);

-- A lock that waits for an administrator (the company chose the permanent mode) has no end time.
ALTER TABLE account_guards ADD COLUMN locked_permanently boolean NOT NULL DEFAULT FALSE;
-- For the failed-sign-in view: failures since the last success (across windows and locks) and the recent
-- source addresses, newest first, comma-separated.
ALTER TABLE account_guards ADD COLUMN failures_since_success integer NOT NULL DEFAULT 0;
ALTER TABLE account_guards ADD COLUMN recent_failure_ips varchar(400);
