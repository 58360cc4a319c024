import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { errorResponse, json } from '#aws/api-response.js';
import { getLambdaRuntime } from '#aws/lambda-runtime.js';
import { withMiddleware } from '#aws/with-middleware.js';

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
    return job ? json(200, job) : json(404, { error: { code: 'not_found', message: `No job ${id}` } });
  } catch (error) {
    return errorResponse(error);
  }
});
