import type { IAspect, RemovalPolicy } from 'aws-cdk-lib';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';

/**
 * Gives every log group of the stack the configured retention and removal policy, including
 * those aws-cdk-lib creates for its own functions (site deployment, custom resource
 * providers), which otherwise keep logs for two years and outlive a dev stack.
 */
export class LogRetentionAspect implements IAspect {
  constructor(
    private readonly retentionDays: number,
    private readonly removalPolicy: RemovalPolicy,
  ) {}

  visit(node: IConstruct): void {
    if (!(node instanceof CfnLogGroup)) return;
    node.retentionInDays = this.retentionDays;
    node.applyRemovalPolicy(this.removalPolicy);
  }
}
