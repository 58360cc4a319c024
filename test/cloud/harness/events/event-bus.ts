import type { Authorizer } from '../iam/authorizer.js';
import type { SqsQueue } from '../queues/sqs-queue.js';
import type { IntrinsicResolver } from '../template/resolve-intrinsics.js';
import { matchesEventPattern } from './event-pattern.js';

interface RuleTarget {
  readonly arn: string;
  readonly deadLetterArn?: string;
}

interface Rule {
  readonly logicalId: string;
  readonly arn: string;
  readonly pattern: Record<string, unknown>;
  readonly targets: RuleTarget[];
}

export interface Delivery {
  readonly rule: string;
  readonly target: string;
  readonly delivered: boolean;
  readonly reason?: string;
}

/**
 * The default event bus with the template's enabled rules: an event that matches a rule's pattern is sent to each
 * SQS target as EventBridge does, authorized by the queue's policy for events.amazonaws.com with the rule as source;
 * a refused delivery goes to the target's dead-letter queue.
 */
export class EventBus {
  readonly deliveries: Delivery[] = [];
  private readonly rules: Rule[] = [];

  constructor(
    private readonly resolver: IntrinsicResolver,
    private readonly authorizer: Authorizer,
    private readonly queues: (arn: string) => SqsQueue | undefined,
  ) {
    for (const [logicalId, resource] of Object.entries(resolver.template.Resources)) {
      if (resource.Type !== 'AWS::Events::Rule') continue;
      const properties = resolver.resolve(resource.Properties) as {
        EventPattern?: Record<string, unknown>;
        State?: string;
        EventBusName?: string;
        Targets?: Array<{ Arn: string; DeadLetterConfig?: { Arn: string } }>;
      };
      if (!properties.EventPattern || properties.State === 'DISABLED' || (properties.EventBusName && properties.EventBusName !== 'default')) continue;
      this.rules.push({
        logicalId,
        arn: String(resolver.getAtt(logicalId, 'Arn')),
        pattern: properties.EventPattern,
        targets: (properties.Targets ?? []).map((target) => ({ arn: target.Arn, deadLetterArn: target.DeadLetterConfig?.Arn })),
      });
    }
  }

  /** Puts an event on the bus (as an AWS service does for its own events). */
  put(event: Record<string, unknown>): void {
    for (const rule of this.rules) {
      if (!matchesEventPattern(rule.pattern, event)) continue;
      for (const target of rule.targets) this.deliver(rule, target, event);
    }
  }

  private deliver(rule: Rule, target: RuleTarget, event: Record<string, unknown>): void {
    const context = { 'aws:SourceArn': rule.arn, 'aws:SourceAccount': this.resolver.accountId };
    const queue = this.queues(target.arn);
    const decision = this.authorizer.authorizeService('events.amazonaws.com', 'sqs:SendMessage', target.arn, context);
    if (queue && decision.allowed) {
      queue.send(JSON.stringify(event));
      this.deliveries.push({ rule: rule.logicalId, target: target.arn, delivered: true });
      return;
    }
    const reason = queue ? decision.message : `no queue ${target.arn}`;
    this.deliveries.push({ rule: rule.logicalId, target: target.arn, delivered: false, reason });
    const deadLetter = target.deadLetterArn ? this.queues(target.deadLetterArn) : undefined;
    if (deadLetter && this.authorizer.authorizeService('events.amazonaws.com', 'sqs:SendMessage', deadLetter.arn, context).allowed) {
      deadLetter.send(JSON.stringify(event));
    }
  }
}
