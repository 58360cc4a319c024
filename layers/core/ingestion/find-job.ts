import { RagError } from '../errors.js';
import type { Job } from './job.js';
import { type JobRepository, type JobVisibility, isJobVisible } from './job-repository.js';

/** `GET /api/jobs/{id}` on AWS and locally: the job, or `not_found` (also for a job the caller may not see). */
export async function findJob(jobs: Pick<JobRepository, 'get'>, id: string, visibility?: JobVisibility): Promise<Job> {
  const job = await jobs.get(id);
  if (!job || !isJobVisible(job, visibility)) throw new RagError('not_found', `No job ${id}`);
  return job;
}
