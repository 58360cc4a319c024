import { isUuid } from '../store/stable-id.js';
import { randomUUID } from 'node:crypto';
import type { Database, SqlExecutor } from '../store/database.js';
import {
  finalJobStatus,
  type Job,
  type JobAction,
  type JobDocument,
  type JobDocumentStatus,
  type JobEvent,
  type JobEventType,
  type JobStatus,
  type JobSummary,
} from './job.js';

interface JobRow {
  id: string;
  status: JobStatus;
  origin: string;
  total: number;
  done: number;
  failed: number;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  uploader: string | null;
  collection: string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

const JOB_SELECT = `SELECT j.id, j.status, j.origin, j.total, j.created_at, j.updated_at, j.started_at, j.finished_at, j.uploader, j.collection,
  (SELECT count(*)::int FROM job_documents d WHERE d.job_id = j.id AND d.status <> 'pending') AS done,
  (SELECT count(*)::int FROM job_documents d WHERE d.job_id = j.id AND d.status = 'failed') AS failed
  FROM jobs j`;

function toSummary(row: JobRow): JobSummary {
  const summary: JobSummary = {
    id: row.id,
    status: row.status,
    origin: row.origin,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    progress: { total: Number(row.total), done: Number(row.done), failed: Number(row.failed) },
  };
  if (row.started_at) summary.startedAt = iso(row.started_at);
  if (row.finished_at) summary.finishedAt = iso(row.finished_at);
  if (row.uploader) summary.uploader = row.uploader;
  if (row.collection) summary.collection = row.collection;
  return summary;
}

/** One document's result on a job. */
export interface DocumentResult {
  source: string;
  status: JobDocumentStatus;
  documentId?: string;
  chunks?: number;
  errorCode?: string;
  error?: string;
}

/** Who started a job and where its documents go. */
export interface JobOwner {
  uploader?: string;
  collection?: string;
}

/** Whose jobs a caller may see: their own uploads and the jobs of the collections they edit. */
export interface JobVisibility {
  user: string;
  editableCollections: readonly string[];
}

/** Whether a job is visible to a caller; an undefined visibility sees every job (an admin). */
export function isJobVisible(job: Pick<JobSummary, 'uploader' | 'collection'>, visibility: JobVisibility | undefined): boolean {
  if (!visibility) return true;
  return job.uploader === visibility.user || (job.collection !== undefined && visibility.editableCollections.includes(job.collection));
}

export interface NewJobDocument {
  source: string;
  action?: JobAction;
}

/** Ingestion jobs: status, per-document results and the append-only audit trail. */
export class JobRepository {
  constructor(private readonly db: Database) {}

  async create(origin: string, documents: readonly NewJobDocument[], id: string = randomUUID(), owner: JobOwner = {}): Promise<string> {
    await this.db.transaction(async (tx) => {
      if (owner.collection) await tx.query('INSERT INTO collections (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [owner.collection]);
      await tx.query(`INSERT INTO jobs (id, status, origin, total, uploader, collection) VALUES ($1, 'queued', $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`, [
        id,
        origin,
        documents.length,
        owner.uploader ?? null,
        owner.collection ?? null,
      ]);
      if (documents.length > 0) {
        await tx.query(
          `INSERT INTO job_documents (job_id, source, action, status)
           SELECT $1, s, a, 'pending' FROM unnest($2::text[], $3::text[]) AS u(s, a)
           ON CONFLICT (job_id, source) DO NOTHING`,
          [id, documents.map((d) => d.source), documents.map((d) => d.action ?? 'upsert')],
        );
      }
      await appendEvent(tx, id, 'job_created', undefined, `${documents.length} document(s) from ${origin}`);
    });
    return id;
  }

  /** Adds documents to a job that already exists (a queue batch that grows a job). */
  async addDocuments(jobId: string, documents: readonly NewJobDocument[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO job_documents (job_id, source, action, status)
         SELECT $1, s, a, 'pending' FROM unnest($2::text[], $3::text[]) AS u(s, a)
         ON CONFLICT (job_id, source) DO NOTHING`,
        [jobId, documents.map((d) => d.source), documents.map((d) => d.action ?? 'upsert')],
      );
      await tx.query('UPDATE jobs SET total = (SELECT count(*) FROM job_documents WHERE job_id = $1), updated_at = now() WHERE id = $1', [jobId]);
    });
  }

  async markRunning(jobId: string): Promise<void> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE jobs SET status = 'running', started_at = coalesce(started_at, now()), updated_at = now()
       WHERE id = $1 AND status IN ('queued', 'running') AND started_at IS NULL RETURNING id`,
      [jobId],
    );
    if (rows.length > 0) await this.event(jobId, 'job_started', undefined, '');
  }

  async event(jobId: string, type: JobEventType, source: string | undefined, detail: string): Promise<void> {
    await appendEvent(this.db, jobId, type, source, detail);
  }

  /** Appends many audit events in one statement, in order, with the times they happened. */
  async appendEvents(events: readonly { jobId: string; type: JobEventType; source?: string; detail: string; at: Date }[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.query(
      `INSERT INTO job_events (job_id, type, source, detail, at)
       SELECT u.job_id, u.type, u.source, u.detail, u.at FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) WITH ORDINALITY AS u(job_id, type, source, detail, at, n)
       ORDER BY u.n`,
      [
        events.map((e) => e.jobId),
        events.map((e) => e.type),
        events.map((e) => e.source ?? null),
        events.map((e) => e.detail),
        events.map((e) => e.at.toISOString()),
      ],
    );
  }

  /**
   * Records many documents' results of one job. With `finish`, the job's final status is set in
   * the same transaction once nothing is pending: a crash can then never leave a job whose
   * documents all have results but which still says "running" (a redelivered message would no
   * longer find it as pending, so nobody would ever finish it).
   */
  async recordDocuments(jobId: string, results: readonly DocumentResult[], options: { finish?: boolean } = {}): Promise<JobStatus | undefined> {
    if (results.length === 0) return options.finish ? this.finishIfComplete(jobId) : undefined;
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO job_documents (job_id, source, status, document_id, chunks, error_code, error, updated_at)
         SELECT $1, u.source, u.status, u.document_id, u.chunks, u.error_code, u.error, now()
         FROM unnest($2::text[], $3::text[], $4::uuid[], $5::int[], $6::text[], $7::text[]) AS u(source, status, document_id, chunks, error_code, error)
         ON CONFLICT (job_id, source) DO UPDATE SET status = EXCLUDED.status, document_id = EXCLUDED.document_id,
           chunks = EXCLUDED.chunks, error_code = EXCLUDED.error_code, error = EXCLUDED.error, updated_at = now()`,
        [
          jobId,
          results.map((r) => r.source),
          results.map((r) => r.status),
          results.map((r) => r.documentId ?? null),
          results.map((r) => r.chunks ?? 0),
          results.map((r) => r.errorCode ?? null),
          results.map((r) => r.error ?? null),
        ],
      );
      await tx.query('UPDATE jobs SET updated_at = now() WHERE id = $1', [jobId]);
      return options.finish ? finishIfComplete(tx, jobId) : undefined;
    });
  }

  async recordDocument(
    jobId: string,
    source: string,
    result: Omit<DocumentResult, 'source'>,
    options: { finish?: boolean } = {},
  ): Promise<JobStatus | undefined> {
    return this.recordDocuments(jobId, [{ source, ...result }], options);
  }

  /** A document whose queue message was dead-lettered: the audit event, the failed result, and the final status once nothing is pending. */
  async recordDeadLetter(jobId: string, source: string, reason: string): Promise<void> {
    await this.event(jobId, 'dead_lettered', source, reason);
    await this.recordDocument(jobId, source, { status: 'failed', errorCode: 'dead_lettered', error: `${source}: ${reason}` }, { finish: true });
  }

  /** Sets the final status once no document is pending; returns it (or undefined while work remains). */
  async finishIfComplete(jobId: string): Promise<JobStatus | undefined> {
    return this.db.transaction((tx) => finishIfComplete(tx, jobId));
  }

  async get(jobId: string): Promise<Job | undefined> {
    if (!isUuid(jobId)) return undefined;
    const rows = await this.db.query<JobRow>(`${JOB_SELECT} WHERE j.id = $1`, [jobId]);
    if (!rows[0]) return undefined;
    const documents = await this.db.query<{
      source: string;
      action: JobAction;
      status: JobDocumentStatus;
      document_id: string | null;
      chunks: number;
      error_code: string | null;
      error: string | null;
    }>('SELECT source, action, status, document_id, chunks, error_code, error FROM job_documents WHERE job_id = $1 ORDER BY source', [jobId]);
    const events = await this.db.query<{ at: Date; type: JobEventType; source: string | null; detail: string }>(
      'SELECT at, type, source, detail FROM job_events WHERE job_id = $1 ORDER BY id',
      [jobId],
    );
    return {
      ...toSummary(rows[0]),
      documents: documents.map((d): JobDocument => {
        const document: JobDocument = { source: d.source, action: d.action, status: d.status, chunks: Number(d.chunks) };
        if (d.document_id) document.documentId = d.document_id;
        if (d.error_code) document.errorCode = d.error_code;
        if (d.error) document.error = d.error;
        return document;
      }),
      events: events.map((e): JobEvent => {
        const event: JobEvent = { at: iso(e.at), type: e.type, detail: e.detail };
        if (e.source) event.source = e.source;
        return event;
      }),
    };
  }

  /** The latest jobs, or those visible to a caller (their uploads and their editable collections'). */
  async list(limit = 50, visibility?: JobVisibility): Promise<JobSummary[]> {
    const rows = await this.db.query<JobRow>(
      `${JOB_SELECT} WHERE $2::text IS NULL OR j.uploader = $2 OR j.collection = ANY($3::text[])
       ORDER BY j.created_at DESC, j.id LIMIT $1`,
      [limit, visibility?.user ?? null, [...(visibility?.editableCollections ?? [])]],
    );
    return rows.map(toSummary);
  }

  /** Jobs still waiting for a document with this source, newest first. */
  async pendingJobsFor(source: string): Promise<string[]> {
    const rows = await this.db.query<{ job_id: string }>(
      `SELECT d.job_id FROM job_documents d JOIN jobs j ON j.id = d.job_id
       WHERE d.source = $1 AND d.status = 'pending' ORDER BY j.created_at DESC`,
      [source],
    );
    return rows.map((row) => row.job_id);
  }

  /** Documents still pending on unfinished jobs, oldest job first. */
  async pendingDocuments(): Promise<{ jobId: string; source: string; action: JobAction; jobCreatedAt: string }[]> {
    const rows = await this.db.query<{ job_id: string; source: string; action: JobAction; created_at: Date }>(
      `SELECT d.job_id, d.source, d.action, j.created_at FROM job_documents d JOIN jobs j ON j.id = d.job_id
       WHERE j.finished_at IS NULL AND d.status = 'pending' ORDER BY j.created_at, d.source`,
    );
    return rows.map((row) => ({ jobId: row.job_id, source: row.source, action: row.action, jobCreatedAt: iso(row.created_at) }));
  }

  /** Jobs left unfinished by a crash; the queue redelivers their work. */
  async unfinished(): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>('SELECT id FROM jobs WHERE finished_at IS NULL ORDER BY created_at');
    return rows.map((r) => r.id);
  }
}

async function finishIfComplete(tx: SqlExecutor, jobId: string): Promise<JobStatus | undefined> {
  const documents = await tx.query<{ status: JobDocumentStatus }>('SELECT status FROM job_documents WHERE job_id = $1 FOR UPDATE', [jobId]);
  if (documents.some((d) => d.status === 'pending')) return undefined;
  const status = finalJobStatus(documents);
  const updated = await tx.query<{ id: string }>(
    `UPDATE jobs SET status = $2, finished_at = now(), updated_at = now() WHERE id = $1 AND finished_at IS NULL RETURNING id`,
    [jobId, status],
  );
  if (updated.length > 0) {
    const failed = documents.filter((d) => d.status === 'failed').length;
    await appendEvent(tx, jobId, 'job_finished', undefined, `${status}: ${documents.length - failed} ok, ${failed} failed`);
  }
  return status;
}

async function appendEvent(db: SqlExecutor, jobId: string, type: JobEventType, source: string | undefined, detail: string) {
  await db.query('INSERT INTO job_events (job_id, type, source, detail) VALUES ($1, $2, $3, $4)', [jobId, type, source ?? null, detail]);
}
