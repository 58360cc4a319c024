-- Building or dropping the HNSW index needs the owner of chunks. On AWS the ingest function
-- connects as rag_ingest, which owns nothing, so these two operations run as their owner
-- (SECURITY DEFINER) and take only what the index code varies: the cast (vector or halfvec of
-- n dimensions), the two build parameters, the memory for this build and the signature written
-- on the index. EXECUTE is granted per role (database-roles.ts).
CREATE FUNCTION rag_create_vector_index(
  index_cast text,
  m integer,
  ef_construction integer,
  build_memory_mb integer,
  signature text
) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF index_cast !~ '^(vector|halfvec)\(\d{1,5}\)$' THEN
    RAISE EXCEPTION 'not a vector cast: %', index_cast;
  END IF;
  IF build_memory_mb NOT BETWEEN 64 AND 4096 THEN
    RAISE EXCEPTION 'build memory out of range: % MB', build_memory_mb;
  END IF;
  -- An index built with other settings (or by an older release) is replaced in place.
  DROP INDEX IF EXISTS chunks_embedding_hnsw;
  -- Only for this transaction: pgvector builds far faster when the graph fits in memory.
  PERFORM set_config('maintenance_work_mem', build_memory_mb || 'MB', true);
  EXECUTE format(
    'CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw ((embedding::%s) %s) WITH (m = %s, ef_construction = %s)',
    index_cast,
    CASE WHEN index_cast LIKE 'halfvec%' THEN 'halfvec_ip_ops' ELSE 'vector_ip_ops' END,
    m,
    ef_construction
  );
  EXECUTE format('COMMENT ON INDEX chunks_embedding_hnsw IS %L', signature);
END
$$;

CREATE FUNCTION rag_drop_vector_index() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  DROP INDEX IF EXISTS chunks_embedding_hnsw;
END
$$;

REVOKE EXECUTE ON FUNCTION rag_create_vector_index(text, integer, integer, integer, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION rag_drop_vector_index() FROM PUBLIC;
