import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { connectLambdaDatabase } from '#aws/lambda-runtime.js';
import { logger } from '#aws/powertools.js';
import { withMiddleware } from '#aws/with-middleware.js';
import { decideMigration } from '#core/store/migration-event.js';
import { DEFAULT_MIGRATIONS_DIR, applyMigrations } from '#core/store/migrator.js';
import { type DatabaseLogin, applyDatabaseRoles } from '#core/store/database-roles.js';
import type { LambdaSecrets } from '#aws/lambda-runtime.js';
import { migrationsChecksum } from '#core/store/migrations-checksum.js';

/**
 * Custom resource (provider framework onEvent): applies the versioned SQL migrations on deploy, then
 * creates or updates the functions' database roles with their logins; nothing on delete (the roles
 * stay with the data) or rollback.
 */
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
    // After every run, so the grants cover the tables the migrations just created.
    const logins = databaseLogins(secrets.dbLogins ?? {});
    await applyDatabaseRoles(db, logins);
    logger.info('database roles applied', { logins: logins.map((login) => login.role) });
    return { PhysicalResourceId: 'rag-schema', Data: { applied: report.applied.join(','), count: report.applied.length + report.alreadyApplied } };
  } finally {
    await db.close();
  }
});

/** The logins from their secrets; a secret whose username is not its role's is refused rather than given another role's name. */
function databaseLogins(secrets: NonNullable<LambdaSecrets['dbLogins']>): DatabaseLogin[] {
  return Object.entries(secrets).map(([role, value]) => {
    const secret = typeof value === 'string' ? (JSON.parse(value) as { username?: string; password?: string }) : value;
    if (secret.username !== role || !secret.password) throw new Error(`The login secret of ${role} must hold username ${role} and a password`);
    return { role, password: secret.password };
  });
}
