-- bench/story_store.sql -- a store of 100,000 story events and 300,000 mentions for timing
-- `annals export` (bench/README.md). Apply to a store made by `annals ingest`:
--   sqlite3 STORE.db < bench/story_store.sql
-- Three reports; each story has three mentions, one per report, dates over four years.
INSERT INTO documents(hash, name, url, outlet, pub_date, text) VALUES
  ('bench-1', 'bench-1', 'https://one.example/a', 'One', '2020-01-01', 'Kazakh officials met U.S. officials in Astana.'),
  ('bench-2', 'bench-2', NULL, 'Two', '2020-01-02', '— Kazakh officials met U.S. officials.'),
  ('bench-3', 'bench-3', NULL, NULL, NULL, 'Kazakh officials met U.S. officials.');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO story_events(code, root, quad_class, goldstein, src, tgt, src_text, tgt_text, date, place,
                         n_mentions, n_sources, n_articles, added_at, updated_at, disagreements)
  SELECT '042', '04', 1, 1.9, 'KAZGOV', 'USAGOV', 'Kazakh officials', 'U.S. officials',
         date('2020-01-01', '+' || (i % 1500) || ' days'), 'Astana', 3, 2, 3,
         '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '[]' FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299999)
INSERT INTO events(doc_id, sentence_idx, code, root, quad_class, goldstein, src, tgt, src_text,
                   tgt_text, verb_text, evidence, confidence, story_id, src_off, src_len, tgt_off,
                   tgt_len, verb_off, verb_len)
  SELECT d.id, 0, '042', '04', 1, 1.9, 'KAZGOV', 'USAGOV', 'Kazakh officials', 'U.S. officials',
         'met', d.text, 0.5, s.id, 0, 16, 21, 14, 17, 3
  FROM n JOIN documents d ON d.hash = 'bench-' || (1 + n.i % 3)
  JOIN story_events s ON s.id = (SELECT min(id) FROM story_events) + n.i / 3;
