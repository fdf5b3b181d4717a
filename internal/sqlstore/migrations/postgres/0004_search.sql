-- Full-text search over follower messages and our replies, Chinese included.
--
-- Two GIN indexes per table, maintained by PostgreSQL on every write:
-- * content gin_trgm_ops (pg_trgm): ILIKE '%term%' for terms of three
--   characters or more. pg_trgm keeps only "word" characters, as the
--   database's LC_CTYPE classifies them: under C.UTF-8 (glibc), CJK
--   characters are alphanumeric, so Chinese text yields trigrams. Under
--   LC_CTYPE=C they would not (the search still answers, by scanning).
-- * search_grams (array GIN): every pair of adjacent letters, digits or CJK
--   characters and every CJK character alone (search.Grams), so that 退款,
--   发货, 好 or "ok" are found too, which trigrams cannot do. The array is
--   a stored generated column, not an expression index: computing it takes
--   tens of microseconds, and for a common term the best plan walks the
--   primary key backwards testing each row, which must be cheap.

-- pg_trgm goes into public (created once per database, shared by every
-- schema); the operator class is named with its schema below, so this
-- works whatever the search_path and wherever the extension already is.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public') THEN
            CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
        ELSE
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
        END IF;
    END IF;
END
$$;

-- The short-term index entries of a text; the character ranges are those
-- of search.class (internal/search/grams.go): keep them in step. Entries
-- may repeat; GIN keeps each once.
CREATE FUNCTION fanbase_grams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    grams text[] := '{}';
    c text;
    prev text;
    u integer;
    k integer;
    pk integer := 0;
BEGIN
    FOREACH c IN ARRAY string_to_array(t, NULL) LOOP
        u := ascii(c);
        k := CASE
            WHEN u BETWEEN 48 AND 57 OR u BETWEEN 65 AND 90 OR u BETWEEN 97 AND 122 THEN 1
            WHEN u BETWEEN 19968 AND 40959 OR u BETWEEN 12352 AND 12543 OR u BETWEEN 13312 AND 19903
              OR u BETWEEN 44032 AND 55215 OR u BETWEEN 63744 AND 64255 OR u BETWEEN 131072 AND 196607 THEN 2
            ELSE 0 END;
        IF k > 0 AND pk > 0 THEN
            grams := grams || lower(prev || c);
        END IF;
        IF k = 2 THEN
            grams := grams || c;
        END IF;
        prev := c;
        pk := k;
    END LOOP;
    RETURN grams;
END
$$;

DO $$
DECLARE
    ext text;
BEGIN
    SELECT n.nspname INTO ext FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX messages_content_trgm ON messages USING gin (content %I.gin_trgm_ops)', ext);
    EXECUTE format('CREATE INDEX replies_content_trgm ON replies USING gin (content %I.gin_trgm_ops)', ext);
END
$$;

ALTER TABLE messages ADD COLUMN search_grams text[] GENERATED ALWAYS AS (fanbase_grams(content)) STORED;
ALTER TABLE replies ADD COLUMN search_grams text[] GENERATED ALWAYS AS (fanbase_grams(content)) STORED;
CREATE INDEX messages_search_grams ON messages USING gin (search_grams);
CREATE INDEX replies_search_grams ON replies USING gin (search_grams);
