import { RagError } from '../errors.js';
import type { Job } from './job.js';
import type { JobRepository } from './job-repository.js';

/** `GET /api/jobs/{id}` on AWS and locally: the job, or `not_found`. */
export async function findJob(jobs: Pick<JobRepository, 'get'>, id: string): Promise<Job> {
  const job = await jobs.get(id);
  if (!job) throw new RagError('not_found', `No job ${id}`);
  return job;
}
