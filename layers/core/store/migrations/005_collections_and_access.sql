-- Collections and access control: every document belongs to one collection, conversations to
-- one user, jobs record who uploaded into which collection.
CREATE TABLE collections (
  -- Lower-case names without commas: the row-level-security setting lists them comma-separated.
  name        text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO collections (name) VALUES ('default');

-- Existing documents go to the `default` collection, so nothing is lost on upgrade.
ALTER TABLE documents ADD COLUMN collection text NOT NULL DEFAULT 'default' REFERENCES collections (name);
ALTER TABLE documents ALTER COLUMN collection DROP DEFAULT;
CREATE INDEX documents_collection_idx ON documents (collection);

-- Conversations from before owners existed belong to the anonymous local user.
ALTER TABLE conversations ADD COLUMN user_id text NOT NULL DEFAULT 'anonymous';
ALTER TABLE conversations ALTER COLUMN user_id DROP DEFAULT;

-- Who uploaded a job and into which collection (unknown for older jobs).
ALTER TABLE jobs ADD COLUMN uploader text;
ALTER TABLE jobs ADD COLUMN collection text REFERENCES collections (name);

-- Defence in depth for retrieval. Reads on behalf of a user switch to the rag_reader role for
-- their transaction (SET LOCAL ROLE) and list the collections they may read in the
-- transaction-scoped setting rag.collections; the policies show rag_reader only those rows, and
-- nothing when the setting is missing. The owner that runs migrations and writes keeps
-- bypassing row-level security (no FORCE), so ingestion is unaffected.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rag_reader') THEN
    CREATE ROLE rag_reader NOLOGIN;
  END IF;
END
$$;
GRANT rag_reader TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO rag_reader;
GRANT SELECT ON documents, chunks, collections TO rag_reader;

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE chunks ENABLE ROW LEVEL SECURITY;

CREATE POLICY documents_readable ON documents FOR SELECT TO rag_reader
  USING (collection = ANY (string_to_array(current_setting('rag.collections', true), ',')));
-- A chunk is visible when its document is; the subquery is itself filtered by the policy above.
CREATE POLICY chunks_readable ON chunks FOR SELECT TO rag_reader
  USING (EXISTS (SELECT 1 FROM documents d WHERE d.id = chunks.document_id));
