import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { connectLambdaDatabase } from '../layers/core/lambda/lambda-runtime.js';
import { logger } from '../layers/core/lambda/powertools.js';
import { withMiddleware } from '../layers/core/lambda/with-middleware.js';
import { applyMigrations } from '../layers/core/store/migrator.js';

/** Custom resource (provider framework onEvent): applies the versioned SQL migrations on every deploy; nothing on delete. */
export const handler = withMiddleware(async (event: CloudFormationCustomResourceEvent, _context, secrets) => {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const db = await connectLambdaDatabase(secrets);
  try {
    const report = await applyMigrations(db);
    logger.info('migrations applied', { applied: report.applied, alreadyApplied: report.alreadyApplied });
    return { PhysicalResourceId: 'rag-schema', Data: { applied: report.applied.join(','), count: report.applied.length + report.alreadyApplied } };
  } finally {
    await db.close();
  }
});
