-- The journal partitioned for retention (audit.JournalRetention): first by the retention class of the company the
-- event belongs to (the months it is kept), then by month of occurred_at. Expired events leave by dropping a whole
-- month of one class (DROP TABLE, no row-by-row DELETE, no bloat); each company's retention is its head's class.
-- A unique (tenant_id, seq) cannot be declared across partitions (the key must hold the partition columns): the
-- chain's head lock gives each event its own number, and verification names any gap or repeat.
ALTER TABLE journal_heads ADD COLUMN retention_months smallint NOT NULL DEFAULT 36;

ALTER TABLE journal RENAME TO journal_v1;
ALTER TABLE journal_v1 RENAME CONSTRAINT journal_pkey TO journal_v1_pkey;
ALTER TABLE journal_v1 RENAME CONSTRAINT journal_id_uq TO journal_v1_id_uq;
ALTER INDEX journal_time_ix RENAME TO journal_v1_time_ix;
ALTER INDEX journal_type_ix RENAME TO journal_v1_type_ix;

CREATE TABLE journal (
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    seq              bigint NOT NULL,
    id               uuid NOT NULL,
    occurred_at      timestamp with time zone NOT NULL,
    type             varchar(64) NOT NULL,
    outcome          varchar(16) NOT NULL,
    actor_id         uuid,
    actor_name       varchar(254),
    actor_ip         varchar(64),
    actor_user_agent varchar(400),
    actor_session    varchar(32),
    target_kind      varchar(32),
    target_id        varchar(64),
    target_name      varchar(254),
    details          text NOT NULL,
    prev_hash        varchar(64) NOT NULL,
    hash             varchar(64) NOT NULL,
    retention_months smallint NOT NULL,
    PRIMARY KEY (tenant_id, seq, retention_months, occurred_at)
) PARTITION BY LIST (retention_months);
CREATE INDEX journal_time_ix ON journal (tenant_id, occurred_at);
CREATE INDEX journal_type_ix ON journal (tenant_id, type, seq);
CREATE INDEX journal_id_ix ON journal (id);

-- A partition per class (the classes JournalRetention offers), each with a default partition for any month not yet
-- created; the months of existing events (all in the default class, 36) and the next two months are created now.
DO $$
DECLARE
    m integer;
    first_month date;
    month date;
BEGIN
    FOREACH m IN ARRAY ARRAY[3, 6, 12, 24, 36, 60, 120] LOOP
        EXECUTE format('CREATE TABLE journal_r%s PARTITION OF journal FOR VALUES IN (%s) PARTITION BY RANGE (occurred_at)', m, m);
        EXECUTE format('CREATE TABLE journal_r%s_default PARTITION OF journal_r%s DEFAULT', m, m);
        SELECT COALESCE(date_trunc('month', min(occurred_at) AT TIME ZONE 'UTC')::date, date_trunc('month', now() AT TIME ZONE 'UTC')::date)
          INTO first_month FROM journal_v1 WHERE m = 36;
        IF m <> 36 THEN
            first_month := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
        END IF;
        month := first_month;
        WHILE month <= (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '2 months')::date LOOP
            EXECUTE format('CREATE TABLE journal_r%s_%s PARTITION OF journal_r%s FOR VALUES FROM (%L) TO (%L)', m, to_char(month, 'YYYYMM'), m,
                (month::timestamp AT TIME ZONE 'UTC'), ((month + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
            month := (month + interval '1 month')::date;
        END LOOP;
    END LOOP;
END $$;

INSERT INTO journal (tenant_id, seq, id, occurred_at, type, outcome, actor_id, actor_name, actor_ip, actor_user_agent, actor_session,
    target_kind, target_id, target_name, details, prev_hash, hash, retention_months)
SELECT tenant_id, seq, id, occurred_at, type, outcome, actor_id, actor_name, actor_ip, actor_user_agent, actor_session,
    target_kind, target_id, target_name, details, prev_hash, hash, 36 FROM journal_v1;
DROP TABLE journal_v1;

-- As before (V3): append-only for the application, rows visible to their company only, the owner bound too.
GRANT SELECT, INSERT ON journal TO ${app_role};
ALTER TABLE journal ENABLE ROW LEVEL SECURITY;
ALTER TABLE journal FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON journal USING (fortel_tenant_visible(tenant_id)) WITH CHECK (fortel_tenant_visible(tenant_id));
