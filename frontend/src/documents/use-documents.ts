import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../api/api-client.js';
import { ApiError } from '../api/api-error.js';
import { type Job, type RefusedFile, type StoredDocument, isFinalJobStatus } from '../api/api-types.js';

/** How often a running job is asked for its progress. */
export const JOB_POLL_MS = 700;

export interface UploadError {
  code?: string;
  message: string;
}

export interface TrackedJob {
  id: string;
  /** File names as uploaded (the job's own sources once it is known). */
  files: string[];
  job?: Job;
  /** The last polling failure, shown until the next poll succeeds. */
  error?: string;
  /** Files of the same upload that the server refused, with its reason. */
  refused?: RefusedFile[];
}

export interface Documents {
  documents: StoredDocument[] | undefined;
  loadError: string | undefined;
  jobs: TrackedJob[];
  uploading: number;
  /** Why the last upload was refused whole: the server's error code, when it sent one, and its text. */
  uploadError: UploadError | undefined;
  deleteError: string | undefined;
  refresh(): Promise<void>;
  /** Uploads into `collection` when given (else the server's choice: the user's only editable collection). */
  upload(files: readonly File[], collection?: string): Promise<void>;
  remove(id: string): Promise<void>;
  dismissJob(id: string): void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const isActive = (tracked: TrackedJob) => !tracked.job || !isFinalJobStatus(tracked.job.status);

/** The document library and its ingestion jobs: list, upload, live progress and delete. */
export function useDocuments(api: ApiClient): Documents {
  const [documents, setDocuments] = useState<StoredDocument[] | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [jobs, setJobs] = useState<TrackedJob[]>([]);
  const [uploading, setUploading] = useState(0);
  const [uploadError, setUploadError] = useState<UploadError | undefined>(undefined);
  const [deleteError, setDeleteError] = useState<string | undefined>(undefined);
  const jobsRef = useRef(jobs);
  jobsRef.current = jobs;

  const refresh = useCallback(async () => {
    try {
      setDocuments(await api.listDocuments());
      setLoadError(undefined);
    } catch (error) {
      setLoadError(message(error));
    }
  }, [api]);

  // The list, plus whatever was already being ingested (the sample corpus, an SFTP drop).
  useEffect(() => {
    void refresh();
    api
      .listJobs(10)
      .then((recent) => {
        const running = recent.filter((job) => !isFinalJobStatus(job.status));
        if (running.length === 0) return;
        setJobs((current) => [...current, ...running.filter((job) => !current.some((t) => t.id === job.id)).map((job) => ({ id: job.id, files: [], job }))]);
      })
      .catch(() => {
        // Progress of other people's jobs is a nicety; the list above reports real failures.
      });
  }, [api, refresh]);

  const anyActive = jobs.some(isActive);
  useEffect(() => {
    if (!anyActive) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let finished = false;
      for (const tracked of jobsRef.current.filter(isActive)) {
        try {
          const job = await api.getJob(tracked.id);
          if (stopped) return;
          if (isFinalJobStatus(job.status)) finished = true;
          setJobs((current) => current.map((t) => (t.id === job.id ? { id: t.id, files: t.files, job } : t)));
        } catch (error) {
          if (stopped) return;
          setJobs((current) => current.map((t) => (t.id === tracked.id ? { ...t, error: message(error) } : t)));
        }
      }
      if (finished) await refresh();
      if (!stopped) timer = setTimeout(poll, JOB_POLL_MS);
    };
    timer = setTimeout(poll, JOB_POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [anyActive, api, refresh]);

  const upload = useCallback(
    async (files: readonly File[], collection?: string) => {
      if (files.length === 0) return;
      setUploading((n) => n + files.length);
      setUploadError(undefined);
      try {
        const accepted = await api.uploadDocuments(files, collection);
        const refused = accepted.refused ?? [];
        const taken = files.map((file) => file.name).filter((name) => !refused.some((file) => file.name === name));
        setJobs((current) => [{ id: accepted.jobId, files: taken, ...(refused.length > 0 ? { refused } : {}) }, ...current]);
      } catch (error) {
        setUploadError(error instanceof ApiError ? { code: error.code, message: error.message } : { message: message(error) });
      } finally {
        setUploading((n) => n - files.length);
      }
    },
    [api],
  );

  const remove = useCallback(
    async (id: string) => {
      setDeleteError(undefined);
      try {
        await api.deleteDocument(id);
        setDocuments((current) => current?.filter((document) => document.id !== id));
      } catch (error) {
        setDeleteError(message(error));
      }
    },
    [api],
  );

  const dismissJob = useCallback((id: string) => setJobs((current) => current.filter((t) => t.id !== id)), []);

  return { documents, loadError, jobs, uploading, uploadError, deleteError, refresh, upload, remove, dismissJob };
}
