-- Building or dropping the HNSW index needs the owner of chunks. On AWS the ingest function
-- connects as rag_ingest, which owns nothing, so these two operations run as their owner
-- (SECURITY DEFINER) and take only what the index code varies: the cast (vector or halfvec of
-- n dimensions) and the two build parameters. EXECUTE is granted per role (database-roles.ts).
CREATE FUNCTION rag_create_vector_index(index_cast text, m integer, ef_construction integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF index_cast !~ '^(vector|halfvec)\(\d{1,5}\)$' THEN
    RAISE EXCEPTION 'not a vector cast: %', index_cast;
  END IF;
  EXECUTE format(
    'CREATE INDEX IF NOT EXISTS chunks_embedding_hnsw ON chunks USING hnsw ((embedding::%s) %s) WITH (m = %s, ef_construction = %s)',
    index_cast,
    CASE WHEN index_cast LIKE 'halfvec%' THEN 'halfvec_ip_ops' ELSE 'vector_ip_ops' END,
    m,
    ef_construction
  );
END
$$;

CREATE FUNCTION rag_drop_vector_index() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  DROP INDEX IF EXISTS chunks_embedding_hnsw;
END
$$;

REVOKE EXECUTE ON FUNCTION rag_create_vector_index(text, integer, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION rag_drop_vector_index() FROM PUBLIC;
