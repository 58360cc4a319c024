-- Documents and their chunks: the vector store.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE documents (
  id            uuid PRIMARY KEY,
  source        text NOT NULL UNIQUE,
  content_hash  text NOT NULL,
  title         text NOT NULL,
  format        text NOT NULL,
  language      text NOT NULL,
  metadata      jsonb NOT NULL DEFAULT '{}'::jsonb,
  byte_size     integer NOT NULL,
  chunk_count   integer NOT NULL,
  embedding_model text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The embedding column has no fixed dimension: the model (and so the dimension) is a
-- deployment choice recorded in index_settings, and the ANN index is an expression index
-- that casts to the configured dimension (halfvec above 2,000 dimensions).
CREATE TABLE chunks (
  id            uuid PRIMARY KEY,
  document_id   uuid NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal       integer NOT NULL,
  header        text NOT NULL,
  body          text NOT NULL,
  heading_path  text[] NOT NULL DEFAULT '{}',
  page          integer,
  token_count   integer NOT NULL,
  text_config   regconfig NOT NULL,
  embedding     vector NOT NULL,
  tsv           tsvector NOT NULL,
  UNIQUE (document_id, ordinal)
);

CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv);

-- Which embedding model built the index, so a mismatched configuration is refused
-- instead of silently mixing vector spaces.
CREATE TABLE index_settings (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);
