-- tests/resources/export/story-schema.sql -- STAND-IN for the stories schema (issue 13).
--
-- Turns a store written by today's `annals ingest` (schema v2) into one that has the
-- tables and columns of the store contract the exports read (docs/store.md: documents.
-- simhash, copy_of, document_sources, events.story_id and offsets, story_events), so the
-- export tests run before the real story merging lands. Events with the same code, dyad
-- and day become one story (the real rules are the stories stage's, not these); counts are
-- computed once. Byte offsets are found by searching the cleaned text for the actor and
-- verb words. Delete this file, and its use in tests/cli/export.sh, when `annals ingest`
-- writes story events itself (the tests already skip it for a store that has story_events).
ALTER TABLE documents ADD COLUMN simhash TEXT;
ALTER TABLE documents ADD COLUMN copy_of INTEGER;
CREATE TABLE document_sources(doc_id INTEGER REFERENCES documents(id), url TEXT, outlet TEXT,
                              name TEXT, hash TEXT);
INSERT INTO document_sources(doc_id, url, outlet, name, hash)
  SELECT id, url, outlet, name, hash FROM documents;
ALTER TABLE events ADD COLUMN story_id INTEGER;
ALTER TABLE events ADD COLUMN src_off INTEGER;
ALTER TABLE events ADD COLUMN src_len INTEGER;
ALTER TABLE events ADD COLUMN tgt_off INTEGER;
ALTER TABLE events ADD COLUMN tgt_len INTEGER;
ALTER TABLE events ADD COLUMN verb_off INTEGER;
ALTER TABLE events ADD COLUMN verb_len INTEGER;
CREATE TABLE story_events(
  id INTEGER PRIMARY KEY, code TEXT, root TEXT, quad_class INTEGER, goldstein REAL,
  src TEXT, tgt TEXT, src_text TEXT, tgt_text TEXT, date TEXT, place TEXT,
  n_mentions INTEGER, n_sources INTEGER, n_articles INTEGER,
  added_at TEXT, updated_at TEXT, disagreements TEXT);
CREATE INDEX events_story ON events(story_id);

UPDATE events SET
  src_off = (SELECT nullif(instr(CAST(d.text AS BLOB), CAST(events.src_text AS BLOB)), 0) - 1
             FROM documents d WHERE d.id = events.doc_id),
  tgt_off = (SELECT nullif(instr(CAST(d.text AS BLOB), CAST(events.tgt_text AS BLOB)), 0) - 1
             FROM documents d WHERE d.id = events.doc_id),
  verb_off = (SELECT nullif(instr(CAST(d.text AS BLOB), CAST(events.verb_text AS BLOB)), 0) - 1
              FROM documents d WHERE d.id = events.doc_id);
UPDATE events SET src_len = CASE WHEN src_off IS NULL THEN NULL ELSE length(CAST(src_text AS BLOB)) END,
                  tgt_len = CASE WHEN tgt_off IS NULL THEN NULL ELSE length(CAST(tgt_text AS BLOB)) END,
                  verb_len = CASE WHEN verb_off IS NULL THEN NULL ELSE length(CAST(verb_text AS BLOB)) END;

-- one story per (code, src, tgt, day); its id is its first event's
UPDATE events SET story_id = (
  SELECT min(e2.id) FROM events e2 JOIN documents d2 ON d2.id = e2.doc_id
  JOIN documents d ON d.id = events.doc_id
  WHERE e2.code = events.code AND e2.src IS events.src AND e2.tgt IS events.tgt
    AND coalesce(e2.date, d2.pub_date) IS coalesce(events.date, d.pub_date));
INSERT INTO story_events(id, code, root, quad_class, goldstein, src, tgt, src_text, tgt_text, date,
                         place, n_mentions, n_sources, n_articles, added_at, updated_at, disagreements)
  SELECT e.id, e.code, e.root, e.quad_class, e.goldstein, e.src, e.tgt, e.src_text, e.tgt_text,
         e.date, e.place,
         (SELECT count(*) FROM events x WHERE x.story_id = e.id),
         (SELECT count(DISTINCT coalesce(d.outlet, d.url, d.name)) FROM events x
            JOIN documents d ON d.id = x.doc_id WHERE x.story_id = e.id),
         (SELECT count(DISTINCT x.doc_id) FROM events x WHERE x.story_id = e.id),
         d.ingested_at, d.ingested_at, '[]'
  FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.story_id = e.id;
