/** The parts of a CloudFormation custom resource event the migration decides on. */
export interface MigrationEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  ResourceProperties?: Record<string, unknown>;
}

export type MigrationDecision = 'apply' | 'skip-delete' | 'skip-other-version';

/**
 * What the migration custom resource does with an event. Delete leaves the schema (the data
 * belongs to the cluster's own life cycle). An Update whose checksum names other migrations
 * than this bundle ships is a rollback to the previous template: the bundle that failed is
 * still deployed, and running its migrations again would fail the rollback too and leave the
 * stack in UPDATE_ROLLBACK_FAILED; applied migrations are never undone, so nothing is to do.
 */
export function decideMigration(event: MigrationEvent, bundledChecksum: string): MigrationDecision {
  if (event.RequestType === 'Delete') return 'skip-delete';
  const requested = event.ResourceProperties?.MigrationsChecksum as string | undefined;
  if (event.RequestType === 'Update' && requested !== undefined && requested !== bundledChecksum) return 'skip-other-version';
  return 'apply';
}
