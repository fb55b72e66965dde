-- Guessing protection (brute force, password spraying). Counters live in the database so that they
-- survive restarts and are shared by every node; rows are locked (SELECT ... FOR UPDATE) while an
-- attempt is admitted, so parallel attempts are counted exactly.

CREATE TABLE account_guards (
    tenant_id        uuid NOT NULL,
    employee_id      uuid NOT NULL,
    failures         integer NOT NULL,
    window_started   timestamp with time zone,
    locked_until     timestamp with time zone,
    lock_count       integer NOT NULL,
    last_failure_at  timestamp with time zone,
    last_failure_ip  varchar(64),
    last_success_at  timestamp with time zone,
    PRIMARY KEY (tenant_id, employee_id),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
);

-- Per source address, across all accounts: a platform-wide table, not tenant data.
CREATE TABLE ip_guards (
    ip              varchar(64) PRIMARY KEY,
    failures        integer NOT NULL,
    window_started  timestamp with time zone NOT NULL,
    blocked_until   timestamp with time zone
);
