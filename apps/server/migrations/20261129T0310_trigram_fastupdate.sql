-- The trigram indexes of incident text search were built with fastupdate
-- off so that no insert would pay for flushing a pending list. Batched
-- intake changed the trade: every batch paid ~0.1–0.19 ms per report for
-- direct GIN insertion (two indexes, ~30 trigrams each), while flushing a
-- 1 MB pending list (about 4,000 reports' entries) takes ~10 ms. With a
-- 1 MB limit an unlucky batch pays that flush; autovacuum (keep it on:
-- docs/operations.md) usually flushes first. A search also reads the
-- pending list, at most 1 MB.
ALTER INDEX incidents_summary_trgm_idx SET (fastupdate = on, gin_pending_list_limit = 1024);
ALTER INDEX incidents_address_trgm_idx SET (fastupdate = on, gin_pending_list_limit = 1024);
