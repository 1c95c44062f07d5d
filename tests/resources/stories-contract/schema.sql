-- tests/resources/stories-contract/schema.sql -- the store schema of stories (issue 13)
-- as the store contract gives it, applied by hand to a store that lacks it, so that
-- the server's stories answers can be tested before the store writes stories itself.
-- tests/cli/lib/serve_api.py applies it (then fixture.sql) only when the store has
-- no story_events table; a store that has one is tested as it is.
ALTER TABLE documents ADD COLUMN simhash TEXT;
ALTER TABLE documents ADD COLUMN copy_of INTEGER;
CREATE TABLE document_sources(doc_id INTEGER REFERENCES documents(id), url TEXT, outlet TEXT, name TEXT, hash TEXT);
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
  added_at TEXT, updated_at TEXT,
  disagreements TEXT);
