import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { buildChatWorkflowDefinition } from '../../layers/core/workflow/index.js';
import type { DatabaseConnection } from './database-connection.js';
import type { ModelProvider } from './model-provider.js';
import { nagRef } from './nag-ref.js';
import { LAMBDA_ENTRY_FILES, RagFunction } from './rag-function.js';

export interface ChatWorkflowProps {
  readonly database: DatabaseConnection;
  readonly modelProvider: ModelProvider;
  /** @default 'INFO' */
  readonly logLevel?: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The chat turn as an EXPRESS state machine over three functions (improve → retrieve →
 * answer), built from the same definition the local stack runs.
 */
export class ChatWorkflow extends Construct {
  readonly improveFunction: RagFunction;
  readonly retrieveFunction: RagFunction;
  readonly answerFunction: RagFunction;
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: ChatWorkflowProps) {
    super(scope, id);
    const common = {
      database: props.database,
      logLevel: props.logLevel ?? 'INFO',
      logRetention: props.logRetention ?? RetentionDays.ONE_MONTH,
      logRemovalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
      environment: props.modelProvider.environment,
    };
    // API Gateway gives a synchronous request 29 seconds, so the three steps share that
    // budget; a step that cannot finish in time fails fast instead of running on unseen.
    this.improveFunction = new RagFunction(this, 'ImproveFunction', {
      ...common,
      entryFile: LAMBDA_ENTRY_FILES.improve,
      description: 'Chat step 1: classify the message, detect its language, rewrite questions for retrieval',
      serviceName: 'rag-chat-improve',
      memorySize: 512,
      timeout: Duration.seconds(15),
    });
    this.retrieveFunction = new RagFunction(this, 'RetrieveFunction', {
      ...common,
      entryFile: LAMBDA_ENTRY_FILES.retrieve,
      description: 'Chat step 2: embed the query and run the hybrid top-k search',
      serviceName: 'rag-chat-retrieve',
      memorySize: 1024,
      timeout: Duration.seconds(15),
    });
    this.answerFunction = new RagFunction(this, 'AnswerFunction', {
      ...common,
      entryFile: LAMBDA_ENTRY_FILES.answer,
      description: 'Chat step 3: write the grounded answer with citations',
      serviceName: 'rag-chat-answer',
      memorySize: 1024,
      timeout: Duration.seconds(25),
    });
    for (const fn of [this.improveFunction, this.retrieveFunction, this.answerFunction]) {
      props.modelProvider.grantInvoke(fn);
    }

    const logGroup = new LogGroup(this, 'StateMachineLogs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    // The definition names the functions through substitutions, so the template shows the
    // shared definition verbatim with ${…} placeholders for the ARNs.
    const definition = buildChatWorkflowDefinition({
      improveFunctionArn: '${ImproveFunctionArn}',
      retrieveFunctionArn: '${RetrieveFunctionArn}',
      answerFunctionArn: '${AnswerFunctionArn}',
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.EXPRESS,
      definitionBody: DefinitionBody.fromString(JSON.stringify(definition)),
      definitionSubstitutions: {
        ImproveFunctionArn: this.improveFunction.functionArn,
        RetrieveFunctionArn: this.retrieveFunction.functionArn,
        AnswerFunctionArn: this.answerFunction.functionArn,
      },
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    for (const fn of [this.improveFunction, this.retrieveFunction, this.answerFunction]) {
      fn.grantInvoke(this.stateMachine);
    }

    const role = Validations.of(this.stateMachine.role);
    role.acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Step Functions log delivery (logs:CreateLogDelivery and related) and X-Ray tracing actions do not support resource-level permissions.',
      },
      ...[this.improveFunction, this.retrieveFunction, this.answerFunction].map((fn) => ({
        id: `AwsSolutions-IAM5[Resource::${nagRef(this, fn.functionArn)}:*]`,
        reason: 'grantInvoke also allows the qualified ARN (versions and aliases) of this one function.',
      })),
    );
  }
}
