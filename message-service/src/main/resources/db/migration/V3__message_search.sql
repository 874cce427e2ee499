-- Full-text search: a generated tsvector (always in step with content, no trigger) and its GIN index. The text
-- search configuration is chosen once per deployment (chat.search.config, default 'simple': no stemming, no stop
-- words, every language treated alike); changing it later needs a new migration that recreates the column.
ALTER TABLE messages
    ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('${search_config}'::regconfig, content)) STORED;

CREATE INDEX messages_search_vector_idx ON messages USING gin (search_vector);

-- Substring fallback for what the parser cannot split (CJK runs, partial words): ILIKE uses this trigram index
-- for patterns of three or more characters. pg_trgm is a trusted extension (CREATE on the database suffices).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX messages_content_trgm_idx ON messages USING gin (content public.gin_trgm_ops);
