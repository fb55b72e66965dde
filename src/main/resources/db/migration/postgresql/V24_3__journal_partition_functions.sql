-- The journal's partitions are managed by the application's retention job (audit.JournalRetention) through these
-- functions, which run as the schema owner (SECURITY DEFINER): the application role itself still cannot create,
-- drop, change or delete anything in the journal. Each function checks what it is asked, so a caller can add the
-- months to come and remove only months that have expired under their class.

-- Creates the month partition of class m that holds month (its first day, UTC), taking over any rows of that month
-- that landed in the class's default partition. Returns whether it created one.
CREATE FUNCTION fortel_journal_ensure_month(m integer, month date) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
DECLARE
    part text := format('journal_r%s_%s', m, to_char(month, 'YYYYMM'));
    lo timestamptz := (date_trunc('month', month)::timestamp AT TIME ZONE 'UTC');
    hi timestamptz := ((date_trunc('month', month) + interval '1 month')::timestamp AT TIME ZONE 'UTC');
BEGIN
    IF m NOT IN (3, 6, 12, 24, 36, 60, 120) THEN
        RAISE EXCEPTION 'not a retention class: %', m;
    END IF;
    IF to_regclass(part) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE journal INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
    EXECUTE format('WITH moved AS (DELETE FROM %I WHERE occurred_at >= %L AND occurred_at < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
        format('journal_r%s_default', m), lo, hi, part);
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', format('journal_r%s', m), part, lo, hi);
    RETURN true;
END $$;

-- The months of class m held in its default partition (rows written before their month's partition existed).
CREATE FUNCTION fortel_journal_default_months(m integer) RETURNS SETOF date
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
BEGIN
    IF m NOT IN (3, 6, 12, 24, 36, 60, 120) THEN
        RAISE EXCEPTION 'not a retention class: %', m;
    END IF;
    RETURN QUERY EXECUTE format('SELECT DISTINCT date_trunc(''month'', occurred_at AT TIME ZONE ''UTC'')::date FROM %I', format('journal_r%s_default', m));
END $$;

-- The month partitions of class m, by their first day.
CREATE FUNCTION fortel_journal_months(m integer) RETURNS SETOF date
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
    SELECT to_date(substring(c.relname FROM '_(\d{6})$'), 'YYYYMM')
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = format('journal_r%s', m) AND c.relname ~ '_\d{6}$'
    ORDER BY 1
$$;

-- Drops the month partition of class m whose every event has expired (the month ended at least m months ago).
-- Returns the number of events it held.
CREATE FUNCTION fortel_journal_drop_month(m integer, month date) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
DECLARE
    part text := format('journal_r%s_%s', m, to_char(month, 'YYYYMM'));
    hi timestamptz := ((date_trunc('month', month) + interval '1 month')::timestamp AT TIME ZONE 'UTC');
    n bigint;
BEGIN
    IF m NOT IN (3, 6, 12, 24, 36, 60, 120) THEN
        RAISE EXCEPTION 'not a retention class: %', m;
    END IF;
    IF hi > now() - make_interval(months => m) THEN
        RAISE EXCEPTION 'the events of % have not expired: they are kept % months', part, m;
    END IF;
    IF to_regclass(part) IS NULL THEN
        RETURN 0;
    END IF;
    EXECUTE format('SELECT count(*) FROM %I', part) INTO n;
    EXECUTE format('DROP TABLE %I', part);
    RETURN n;
END $$;

-- Moves up to lim events whose company changed retention class into the class it has now (row movement between
-- partitions); returns how many moved.
CREATE FUNCTION fortel_journal_move_class(lim integer) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
DECLARE
    n bigint;
BEGIN
    WITH todo AS (
        SELECT j.tenant_id, j.seq, j.retention_months AS old_months, h.retention_months AS new_months
        FROM journal j JOIN journal_heads h ON h.tenant_id = j.tenant_id
        WHERE j.retention_months <> h.retention_months LIMIT lim)
    UPDATE journal j SET retention_months = todo.new_months FROM todo
    WHERE j.tenant_id = todo.tenant_id AND j.seq = todo.seq AND j.retention_months = todo.old_months;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;

REVOKE ALL ON FUNCTION fortel_journal_ensure_month(integer, date), fortel_journal_default_months(integer), fortel_journal_months(integer),
    fortel_journal_drop_month(integer, date), fortel_journal_move_class(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fortel_journal_ensure_month(integer, date), fortel_journal_default_months(integer), fortel_journal_months(integer),
    fortel_journal_drop_month(integer, date), fortel_journal_move_class(integer) TO ${app_role};
