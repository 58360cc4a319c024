import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { connectLambdaDatabase } from '#aws/lambda-runtime.js';
import { logger } from '#aws/powertools.js';
import { withMiddleware } from '#aws/with-middleware.js';
import { decideMigration } from '#core/store/migration-event.js';
import { DEFAULT_MIGRATIONS_DIR, applyMigrations } from '#core/store/migrator.js';
import { migrationsChecksum } from '#core/store/migrations-checksum.js';

/** Custom resource (provider framework onEvent): applies the versioned SQL migrations on deploy; nothing on delete or rollback. */
export const handler = withMiddleware(async (event: CloudFormationCustomResourceEvent, _context, secrets) => {
  const physicalResourceId = event.RequestType === 'Create' ? 'rag-schema' : event.PhysicalResourceId;
  const decision = decideMigration(event, migrationsChecksum(DEFAULT_MIGRATIONS_DIR));
  if (decision !== 'apply') {
    logger.info('migrations not run', { requestType: event.RequestType, decision });
    return { PhysicalResourceId: physicalResourceId, Data: { applied: '', count: 0 } };
  }
  const db = await connectLambdaDatabase(secrets);
  try {
    const report = await applyMigrations(db);
    logger.info('migrations applied', { applied: report.applied, alreadyApplied: report.alreadyApplied });
    return { PhysicalResourceId: 'rag-schema', Data: { applied: report.applied.join(','), count: report.applied.length + report.alreadyApplied } };
  } finally {
    await db.close();
  }
});
