-- Asynchronous ingestion jobs with per-document results and an append-only audit trail.
CREATE TABLE jobs (
  id           uuid PRIMARY KEY,
  status       text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'partially_failed', 'failed')),
  origin       text NOT NULL,
  total        integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz
);
CREATE INDEX jobs_created_idx ON jobs (created_at DESC);

CREATE TABLE job_documents (
  job_id       uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  source       text NOT NULL,
  action       text NOT NULL DEFAULT 'upsert' CHECK (action IN ('upsert', 'delete')),
  status       text NOT NULL CHECK (status IN ('pending', 'indexed', 'unchanged', 'deleted', 'failed')),
  document_id  uuid,
  chunks       integer NOT NULL DEFAULT 0,
  error_code   text,
  error        text,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, source)
);

CREATE TABLE job_events (
  id       bigserial PRIMARY KEY,
  job_id   uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  type     text NOT NULL,
  source   text,
  detail   text NOT NULL DEFAULT ''
);
CREATE INDEX job_events_job_idx ON job_events (job_id, id);

-- The audit trail is append-only: events are never rewritten.
CREATE FUNCTION job_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'job_events is append-only';
END;
$$;
CREATE TRIGGER job_events_no_update BEFORE UPDATE ON job_events
  FOR EACH ROW EXECUTE FUNCTION job_events_append_only();
