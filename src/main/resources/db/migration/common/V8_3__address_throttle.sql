-- The last admitted attempt of an address under throttling (identity.GuessingProtection#admitAddress).
ALTER TABLE ip_guards ADD COLUMN last_attempt_at timestamp with time zone;
