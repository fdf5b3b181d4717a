-- Full-text search over follower messages and our replies, Chinese included.
--
-- Two indexes per table:
-- * <table>_fts: FTS5 trigram, external content (the text is not stored
--   twice). Finds any substring of three characters or more, in any script,
--   ignoring case.
-- * <table>_grams: FTS5 over the "grams" of the text (search.Grams): every
--   pair of adjacent letters, digits or CJK characters and every CJK
--   character alone, so that 退款, 发货, 好 or "ok" are found too, which
--   trigrams cannot do. Contentless, positions not kept (detail=none): a
--   gram query is one token.
--
-- Neither is written by the callback's commit: measured on this machine,
-- indexing in triggers made CommitInbound 2-3 times slower. The search
-- indexer (sqlstore.IndexSearch, run by search.Indexer) follows each table
-- by id from a cursor, in batches, so that a message is searchable about
-- a second after it is stored. SQLite's single writer assigns ids in
-- commit order, so a cursor never passes a row still being written.
-- Deleting (retention, a removed account) or changing a row that is
-- already indexed removes it here in the same transaction; a changed row
-- is queued to be indexed again. A delete also keeps the cursor at or
-- below the highest id left: SQLite gives a new row the highest id + 1,
-- which must land above the cursor to be indexed.

CREATE VIRTUAL TABLE messages_fts USING fts5 (
    content, content = 'messages', content_rowid = 'id', tokenize = 'trigram'
);
CREATE VIRTUAL TABLE messages_grams USING fts5 (
    grams, content = '', contentless_delete = 1, tokenize = 'ascii', detail = 'none'
);
CREATE VIRTUAL TABLE replies_fts USING fts5 (
    content, content = 'replies', content_rowid = 'id', tokenize = 'trigram'
);
CREATE VIRTUAL TABLE replies_grams USING fts5 (
    grams, content = '', contentless_delete = 1, tokenize = 'ascii', detail = 'none'
);

-- Rows whose text changed after they were indexed, to index again.
CREATE TABLE search_reindex (
    tbl TEXT    NOT NULL CHECK (tbl IN ('messages', 'replies')),
    id  INTEGER NOT NULL,
    PRIMARY KEY (tbl, id)
) STRICT;

-- The indexer starts from the beginning: history is searchable too.
INSERT INTO cursors (name, position) VALUES ('search.messages', 0), ('search.replies', 0)
ON CONFLICT (name) DO NOTHING;

CREATE TRIGGER messages_search_delete AFTER DELETE ON messages
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) SELECT 'delete', old.id, old.content
        WHERE old.content <> '' AND old.id <= (SELECT position FROM cursors WHERE name = 'search.messages')
        AND NOT EXISTS (SELECT 1 FROM search_reindex WHERE tbl = 'messages' AND id = old.id);
    DELETE FROM messages_grams WHERE rowid = old.id AND old.id <= (SELECT position FROM cursors WHERE name = 'search.messages');
    DELETE FROM search_reindex WHERE tbl = 'messages' AND id = old.id;
    UPDATE cursors SET position = (SELECT COALESCE(MAX(id), 0) FROM messages)
        WHERE name = 'search.messages' AND position > (SELECT COALESCE(MAX(id), 0) FROM messages);
END;

CREATE TRIGGER messages_search_update AFTER UPDATE OF content ON messages
WHEN old.content IS NOT new.content AND old.id <= (SELECT position FROM cursors WHERE name = 'search.messages')
    AND NOT EXISTS (SELECT 1 FROM search_reindex WHERE tbl = 'messages' AND id = old.id)
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) SELECT 'delete', old.id, old.content WHERE old.content <> '';
    DELETE FROM messages_grams WHERE rowid = old.id;
    INSERT INTO search_reindex (tbl, id) VALUES ('messages', old.id);
END;

CREATE TRIGGER replies_search_delete AFTER DELETE ON replies
BEGIN
    INSERT INTO replies_fts (replies_fts, rowid, content) SELECT 'delete', old.id, old.content
        WHERE old.content <> '' AND old.id <= (SELECT position FROM cursors WHERE name = 'search.replies')
        AND NOT EXISTS (SELECT 1 FROM search_reindex WHERE tbl = 'replies' AND id = old.id);
    DELETE FROM replies_grams WHERE rowid = old.id AND old.id <= (SELECT position FROM cursors WHERE name = 'search.replies');
    DELETE FROM search_reindex WHERE tbl = 'replies' AND id = old.id;
    UPDATE cursors SET position = (SELECT COALESCE(MAX(id), 0) FROM replies)
        WHERE name = 'search.replies' AND position > (SELECT COALESCE(MAX(id), 0) FROM replies);
END;

CREATE TRIGGER replies_search_update AFTER UPDATE OF content ON replies
WHEN old.content IS NOT new.content AND old.id <= (SELECT position FROM cursors WHERE name = 'search.replies')
    AND NOT EXISTS (SELECT 1 FROM search_reindex WHERE tbl = 'replies' AND id = old.id)
BEGIN
    INSERT INTO replies_fts (replies_fts, rowid, content) SELECT 'delete', old.id, old.content WHERE old.content <> '';
    DELETE FROM replies_grams WHERE rowid = old.id;
    INSERT INTO search_reindex (tbl, id) VALUES ('replies', old.id);
END;
