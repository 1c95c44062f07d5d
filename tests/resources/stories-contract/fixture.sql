-- tests/resources/stories-contract/fixture.sql -- stories made from the events of the
-- sample corpus store by plain SQL, in the contract's tables (schema.sql): one story per
-- (CAMEO root, source, target), its code and date the lowest, a disagreement on the code
-- and on the date where its mentions differ (five stories have reports in two documents); byte offsets of the coded words inside the document text; every
-- document's own source, and one syndicated copy (document 17 seen again at another
-- outlet) so that a story's outlets include its copies'.
INSERT INTO story_events(code, root, quad_class, goldstein, src, tgt, src_text, tgt_text, date, place,
                         n_mentions, n_sources, n_articles, added_at, updated_at, disagreements)
SELECT min(e.code), e.root, min(e.quad_class), min(e.goldstein), e.src, e.tgt, min(e.src_text), min(e.tgt_text),
       min(coalesce(e.date, d.pub_date)), max(e.place), count(*), 0,
       count(DISTINCT e.doc_id), '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z', '[]'
FROM events e JOIN documents d ON d.id = e.doc_id
WHERE e.src IS NOT NULL AND e.tgt IS NOT NULL
GROUP BY e.root, e.src, e.tgt ORDER BY min(e.id);

UPDATE events SET story_id = (SELECT s.id FROM story_events s
                              WHERE s.root = events.root AND s.src = events.src AND s.tgt = events.tgt);

UPDATE story_events SET disagreements = (
  SELECT json_group_array(json(x)) FROM (
    SELECT json_object('field', 'code', 'values', json_group_array(json(v))) AS x
    FROM (SELECT json_object('value', e.code, 'docs', json_group_array(DISTINCT e.doc_id)) AS v
          FROM events e WHERE e.story_id = story_events.id GROUP BY e.code ORDER BY e.code)
    HAVING count(*) > 1
    UNION ALL
    SELECT json_object('field', 'date', 'values', json_group_array(json(v)))
    FROM (SELECT json_object('value', e.date, 'docs', json_group_array(DISTINCT e.doc_id)) AS v
          FROM events e WHERE e.story_id = story_events.id GROUP BY e.date ORDER BY e.date)
    HAVING count(*) > 1));

-- offsets: bytes, from the sentence's start and the words' first place in it
UPDATE events SET
  src_off = (SELECT s.start FROM sentences s WHERE s.doc_id = events.doc_id AND s.idx = events.sentence_idx)
            + instr(CAST(evidence AS BLOB), CAST(src_text AS BLOB)) - 1,
  src_len = length(CAST(src_text AS BLOB))
WHERE instr(CAST(evidence AS BLOB), CAST(src_text AS BLOB)) > 0;
UPDATE events SET
  tgt_off = (SELECT s.start FROM sentences s WHERE s.doc_id = events.doc_id AND s.idx = events.sentence_idx)
            + instr(CAST(evidence AS BLOB), CAST(tgt_text AS BLOB)) - 1,
  tgt_len = length(CAST(tgt_text AS BLOB))
WHERE instr(CAST(evidence AS BLOB), CAST(tgt_text AS BLOB)) > 0;
UPDATE events SET
  verb_off = (SELECT s.start FROM sentences s WHERE s.doc_id = events.doc_id AND s.idx = events.sentence_idx)
             + instr(CAST(evidence AS BLOB), CAST(verb_text AS BLOB)) - 1,
  verb_len = length(CAST(verb_text AS BLOB))
WHERE instr(CAST(evidence AS BLOB), CAST(verb_text AS BLOB)) > 0;

INSERT INTO document_sources(doc_id, url, outlet, name, hash) SELECT id, url, outlet, name, hash FROM documents;
INSERT INTO document_sources(doc_id, url, outlet, name, hash)
  SELECT id, 'https://example.net/syndicated/doha', 'Example Syndicate', name || '-copy', NULL FROM documents WHERE id = 17;
-- sources: the outlets (else names) its reports and their copies were seen at
UPDATE story_events SET n_sources = (
  SELECT count(DISTINCT coalesce(ds.outlet, ds.name)) FROM document_sources ds
  WHERE ds.doc_id IN (SELECT doc_id FROM events WHERE story_id = story_events.id));
