-- An account's lifetime ends at a moment, not on a day: "valid until" becomes a timestamp. A former last
-- day D becomes the start of D + 1 (UTC), so nobody loses or gains access by the change.
ALTER TABLE employees ADD COLUMN expires_at timestamp with time zone;
UPDATE employees SET expires_at = CAST(CAST(DATEADD(DAY, 1, expires_on) AS TIMESTAMP) AS TIMESTAMP WITH TIME ZONE) WHERE expires_on IS NOT NULL;
ALTER TABLE employees DROP COLUMN expires_on;
-- When the expiry job recorded the expiry (journal entry, sessions ended); cleared when the lifetime is changed.
ALTER TABLE employees ADD COLUMN expiry_recorded_at timestamp with time zone;
CREATE INDEX employees_expiry_ix ON employees (expires_at);
