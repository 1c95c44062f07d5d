-- tests/resources/export/edge-cases.sql -- rows the coder does not make on its own, written
-- with the columns of the store contract (docs/store.md), so that the export tests cover
-- them: a report without publication date, URL or outlet whose event has no actors, no
-- date and no place (a story with no day at all), and a text with a tab, a newline and
-- double quotes in it.
INSERT INTO documents(hash, name, path, url, outlet, pub_date, format, text, n_sentences, n_events)
  VALUES('edge-0000', 'no-date-no-actors', '-', NULL, NULL, NULL, 'text',
         'Something was "agreed"	somewhere.' || char(10) || 'Nothing else.', 2, 1);
INSERT INTO sentences(doc_id, idx, start, "end", text)
  SELECT id, 0, 0, 33, 'Something was "agreed"	somewhere.' FROM documents WHERE hash = 'edge-0000';
INSERT INTO story_events(id, code, root, quad_class, goldstein, src, tgt, src_text, tgt_text, date,
                         place, n_mentions, n_sources, n_articles, added_at, updated_at, disagreements)
  VALUES(9001, '057', '05', 1, 8.0, NULL, NULL, NULL, NULL, NULL, NULL, 1, 1, 1,
         '2026-01-02T03:04:05Z', '2026-01-02T03:04:05Z',
         '[{"field":"date","values":[{"value":null,"docs":[1]}]}]');
INSERT INTO events(doc_id, sentence_idx, code, root, quad_class, goldstein, src, tgt, src_text,
                   tgt_text, verb_text, date, place, evidence, confidence, story_id, src_off, src_len,
                   tgt_off, tgt_len, verb_off, verb_len)
  SELECT id, 0, '057', '05', 1, 8.0, NULL, NULL, NULL, NULL, 'agreed', NULL, NULL,
         'Something was "agreed"	somewhere.', NULL, 9001, NULL, NULL, NULL, NULL, 15, 6
  FROM documents WHERE hash = 'edge-0000';
-- a statement (CAMEO 01): PLOVER has no category for it, so POLECAT and PLOVER JSON leave it out
INSERT INTO story_events(id, code, root, quad_class, goldstein, src, tgt, src_text, tgt_text, date,
                         place, n_mentions, n_sources, n_articles, added_at, updated_at, disagreements)
  VALUES(9002, '013', '01', 1, 0.4, 'USA', NULL, 'Washington', NULL, '2024-09-07', NULL, 1, 1, 1,
         '2026-01-02T03:04:05Z', '2026-01-02T03:04:05Z', '[]');
INSERT INTO events(doc_id, sentence_idx, code, root, quad_class, goldstein, src, tgt, src_text,
                   tgt_text, verb_text, date, place, evidence, confidence, story_id)
  SELECT id, 1, '013', '01', 1, 0.4, 'USA', NULL, 'Washington', NULL, 'else', '2024-09-07', NULL,
         'Nothing else.', 0.25, 9002
  FROM documents WHERE hash = 'edge-0000';
