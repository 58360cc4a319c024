import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { DatabaseCluster } from 'aws-cdk-lib/aws-rds';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface AlertsProps {
  /** Who gets every alarm by email (confirm the subscription mail once). @default - no subscription */
  readonly email?: string;
  /** Dead-letter queues by name; any message in one means a document or event was given up on. */
  readonly deadLetterQueues: Record<string, IQueue>;
  /** Functions by name; alarms on their errors and throttles. */
  readonly functions: Record<string, IFunction>;
  readonly stateMachine: IStateMachine;
  /** The API stage whose 5xx responses raise an alarm. */
  readonly apiStage: Stage;
  readonly databaseCluster: DatabaseCluster;
  /** The cluster's maximum ACU, to alarm when it runs at the ceiling. */
  readonly databaseMaxCapacityAcu: number;
  /** The ingest queue: an alarm when its oldest message waits over a day (messages expire after four). @default - no alarm */
  readonly ingestQueue?: IQueue;
  /** Not-found answers as a percentage of questions: an alarm when it stays over `notFoundPercentThreshold` for three hours. @default - no alarm */
  readonly notFoundRate?: IMetric;
  /** @default 50 */
  readonly notFoundPercentThreshold?: number;
  /** What happens to the topic's KMS key when the stack is deleted. @default RemovalPolicy.DESTROY */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * CloudWatch alarms on everything that means "a person should look", all sent to one SNS
 * topic with an email subscription, as the original system mailed every error.
 */
export class Alerts extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);

    // CloudWatch can only publish to an encrypted topic whose key lets it, so not aws/sns.
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the RAG alarm topic',
      enableKeyRotation: true,
      // A dev stack leaves nothing behind; deletion waits the shortest window KMS allows.
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      displayName: 'RAG document chatbot alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));

    const fiveMinutes = Duration.minutes(5);
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(`${name}NotEmpty`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), {
        description: `${name}: messages were given up on and wait in the dead-letter queue`,
      });
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${name}Errors`, fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }), {
        description: `${name}: the function failed`,
      });
      this.alarm(`${name}Throttles`, fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }), {
        description: `${name}: invocations were throttled`,
      });
    }
    this.alarm('ChatWorkflowFailed', props.stateMachine.metricFailed({ period: fiveMinutes, statistic: 'Sum' }), {
      description: 'Chat workflow executions failed',
    });
    this.alarm('ChatWorkflowTimedOut', props.stateMachine.metricTimedOut({ period: fiveMinutes, statistic: 'Sum' }), {
      description: 'Chat workflow executions timed out',
    });
    if (props.ingestQueue) {
      this.alarm('IngestQueueMessageAge', props.ingestQueue.metricApproximateAgeOfOldestMessage({ period: fiveMinutes, statistic: 'Maximum' }), {
        description: 'An ingest message has waited over a day; the queue drops messages after four days',
        threshold: Duration.days(1).toSeconds(),
      });
    }
    if (props.notFoundRate) {
      const threshold = props.notFoundPercentThreshold ?? 50;
      this.alarm('NotFoundSpike', props.notFoundRate, {
        description: `Over ${threshold}% of questions were answered "not found" for three hours: documents missing, or retrieval broken`,
        threshold,
        evaluationPeriods: 3,
      });
    }
    this.alarm('Api5xx', props.apiStage.metricServerError({ period: fiveMinutes, statistic: 'Sum' }), {
      description: 'The API answered with 5xx errors',
    });
    // Sustained capacity near the ceiling means slow answers and ingest; raise maxCapacityAcu.
    this.alarm('DatabaseCapacityAtCeiling', props.databaseCluster.metricServerlessDatabaseCapacity({ period: fiveMinutes, statistic: 'Average' }), {
      description: `The database has run near its ${props.databaseMaxCapacityAcu} ACU ceiling for 15 minutes`,
      threshold: props.databaseMaxCapacityAcu * 0.9,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
    });
    this.alarm('DatabaseAcuUtilizationHigh', props.databaseCluster.metricACUUtilization({ period: fiveMinutes, statistic: 'Average' }), {
      description: 'The database has used over 90% of its maximum ACUs for 15 minutes',
      threshold: 90,
      evaluationPeriods: 3,
    });
  }

  private alarm(
    id: string,
    metric: IMetric,
    options: { description: string; threshold?: number; comparisonOperator?: ComparisonOperator; evaluationPeriods?: number },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      alarmDescription: options.description,
      threshold: options.threshold ?? 0,
      comparisonOperator: options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
