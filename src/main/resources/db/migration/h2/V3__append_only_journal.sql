-- H2 has no roles per application, so the embedded default has no database-side tenant isolation (that
-- needs PostgreSQL); the journal's append-only rule is still enforced by the hash chain's verification.
SELECT 1;
