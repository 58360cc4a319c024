import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { pathIdSchema } from '#core/contract/documents-contract.js';
import { jobsListQuerySchema } from '#core/contract/jobs-contract.js';
import { parseRequest } from '#core/contract/parse-request.js';
import { jobVisibility } from '#core/access/access-policy.js';
import { findJob } from '#core/ingestion/find-job.js';
import { groupAccessFromEnvironment, principalOfEvent } from '#aws/caller-principal.js';
import { errorResponse, json } from '#aws/api-response.js';
import { getLambdaRuntime } from '#aws/lambda-runtime.js';
import { withMiddleware } from '#aws/with-middleware.js';

/** GET /api/jobs and GET /api/jobs/{id}: the caller's own uploads and those of the collections they edit (all, for an admin). */
export const handler = withMiddleware(async (event: APIGatewayProxyEvent, _context, secrets): Promise<APIGatewayProxyResult> => {
  try {
    const runtime = await getLambdaRuntime(secrets, process.env, { models: 'catalog' });
    const visibility = jobVisibility(principalOfEvent(event, groupAccessFromEnvironment()));
    if (!event.pathParameters?.id) {
      const { limit } = parseRequest(jobsListQuerySchema, event.queryStringParameters ?? {});
      return json(200, await runtime.jobs.list(limit, visibility));
    }
    const { id } = parseRequest(pathIdSchema, { id: event.pathParameters.id });
    return json(200, await findJob(runtime.jobs, id, visibility));
  } catch (error) {
    return errorResponse(error);
  }
});
