-- Retention classes (audit.JournalRetention) on the embedded database: the column only. H2 has no partitions worth
-- the name; expired events are deleted there, which for a single-node installation's journal is cheap enough.
ALTER TABLE journal_heads ADD COLUMN retention_months smallint NOT NULL DEFAULT 36;
ALTER TABLE journal ADD COLUMN retention_months smallint NOT NULL DEFAULT 36;
