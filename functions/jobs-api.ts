import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { RagError } from '../layers/core/errors.js';
import { errorResponse, json } from '../layers/core/lambda/api-response.js';
import { getLambdaRuntime } from '../layers/core/lambda/lambda-runtime.js';
import { withMiddleware } from '../layers/core/lambda/with-middleware.js';

/** GET /api/jobs and GET /api/jobs/{id}. */
export const handler = withMiddleware(async (event: APIGatewayProxyEvent, _context, secrets): Promise<APIGatewayProxyResult> => {
  try {
    const runtime = await getLambdaRuntime(secrets, process.env, { models: 'catalog' });
    const id = event.pathParameters?.id;
    if (!id) {
      const limit = Math.min(200, Math.max(1, Number(event.queryStringParameters?.limit ?? 50) || 50));
      return json(200, await runtime.jobs.list(limit));
    }
    const job = await runtime.jobs.get(id);
    if (!job) throw new RagError('not_found', `No job ${id}`);
    return json(200, job);
  } catch (error) {
    return errorResponse(error);
  }
});
