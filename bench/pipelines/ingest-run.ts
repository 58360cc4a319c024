/** What one ingest of a corpus produced, and how long it took from files to indexed chunks. */
export interface IngestRun {
  documents: number;
  chunks: number;
  failed: number;
  seconds: number;
  /** Whether the run finished with an HNSW index over the chunks. */
  hnsw: boolean;
}
