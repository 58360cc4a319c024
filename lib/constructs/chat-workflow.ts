import path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { type GroupAccessInput, groupAccessSchema } from '#core/access/group-roles.js';
import { LAMBDA_ENV } from '#core/config/environment-contract.js';
import { buildChatWorkflowDefinition } from '#core/workflow/index.js';
import type { DatabaseConnection } from './database-connection.js';
import type { ModelProvider } from './model-provider.js';
import { LEXICON_DIR } from '../project-paths.js';
import { nagRef } from './nag-ref.js';
import { LAMBDA_ENTRY_FILES, RagFunction } from './rag-function.js';

/** The answer function's service name: the `service` dimension of the chat metrics it emits. */
export const ANSWER_SERVICE_NAME = 'rag-chat-answer';

/** API Gateway ends an integration after 29 seconds; the workflow must answer before that. */
export const API_GATEWAY_TIMEOUT = Duration.seconds(29);

/**
 * How long a paused Aurora Serverless v2 may refuse connections while it resumes (about 15 s
 * measured, with margin). The first step of a chat turn keeps trying to connect at least this
 * long, so the question that wakes the database is answered instead of failing.
 */
export const DATABASE_RESUME_ALLOWANCE = Duration.seconds(20);

/** Time past the resume for the attempt that connects: more than the pause between attempts (CONNECT_RETRY_MAX_DELAY_MS). */
const CONNECT_MARGIN = Duration.seconds(2);

/**
 * Each step's function timeout. The first step opens the turn's first database connection,
 * which waits while a paused Aurora resumes: its connect deadline covers the resume plus a
 * margin for the attempt that connects. The later steps find the database awake. The steps' timeouts add up to more
 * than API Gateway's 29 s; the workflow's own limit (CHAT_WORKFLOW_TIMEOUT) bounds the whole
 * turn, so a turn that would take longer still ends as a 504 with the product's error body.
 */
export const CHAT_STEP_TIMEOUTS = {
  improve: Duration.seconds(DATABASE_RESUME_ALLOWANCE.toSeconds() + CONNECT_MARGIN.toSeconds() + 2),
  retrieve: Duration.seconds(6),
  answer: Duration.seconds(10),
} as const;

/** The whole execution: under API Gateway's limit, so the API answers 504 with the product's error body. */
export const CHAT_WORKFLOW_TIMEOUT = Duration.seconds(28);

/**
 * Run-time budgets of one chat step: model calls stop before the step's timeout, and the
 * database connect keeps retrying (Aurora resuming from pause) until two seconds before it.
 */
export function chatStepEnvironment(timeout: Duration): Record<string, string> {
  const budgetMs = timeout.toMilliseconds() - 2000;
  return {
    RAG_PROVIDER_TIMEOUT_MS: String(Math.min(4000, budgetMs)),
    RAG_CHAT_TIMEOUT_MS: String(budgetMs),
    RAG_DB_CONNECT_DEADLINE_MS: String(budgetMs),
  };
}

/** Where the improve function finds the es↔en lexicon: beside its bundle, not beside the module it was built from. */
export const BUNDLED_LEXICON_DIR = '/var/task/lexicon';

/** Copies the lexicon files next to the improve bundle, where RAG_LEXICON_DIR points, so offline query translation works on Lambda. */
export function lexiconBundlingHooks() {
  return {
    beforeBundling: (): string[] => [],
    beforeInstall: (): string[] => [],
    afterBundling: (_inputDir: string, outputDir: string): string[] => [
      `mkdir -p "${path.join(outputDir, 'lexicon')}"`,
      `cp "${LEXICON_DIR}"/*.tsv.gz "${path.join(outputDir, 'lexicon')}/"`,
    ],
  };
}

export interface ChatWorkflowProps {
  readonly database: DatabaseConnection;
  readonly modelProvider: ModelProvider;
  /** How Cognito groups map to collection roles, for the improve step that scopes each turn. @default - the naming rule, and everyone edits `default` */
  readonly access?: GroupAccessInput;
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
    };
    const environment = (timeout: Duration) => ({ ...props.modelProvider.environment, ...chatStepEnvironment(timeout) });
    // API Gateway gives a synchronous request 29 seconds; the workflow stops at 28. The first
    // step may spend most of that waiting for a resuming database (CHAT_STEP_TIMEOUTS).
    this.improveFunction = new RagFunction(this, 'ImproveFunction', {
      ...common,
      entryFile: LAMBDA_ENTRY_FILES.improve,
      description: 'Chat step 1: classify the message, detect its language, rewrite questions for retrieval',
      serviceName: 'rag-chat-improve',
      memorySize: 512,
      timeout: CHAT_STEP_TIMEOUTS.improve,
      environment: {
        ...environment(CHAT_STEP_TIMEOUTS.improve),
        RAG_LEXICON_DIR: BUNDLED_LEXICON_DIR,
        [LAMBDA_ENV.groupAccess]: JSON.stringify(groupAccessSchema.parse(props.access ?? {})),
      },
      commandHooks: lexiconBundlingHooks(),
    });
    this.retrieveFunction = new RagFunction(this, 'RetrieveFunction', {
      ...common,
      entryFile: LAMBDA_ENTRY_FILES.retrieve,
      description: 'Chat step 2: embed the query and run the hybrid top-k search',
      serviceName: 'rag-chat-retrieve',
      memorySize: 1024,
      timeout: CHAT_STEP_TIMEOUTS.retrieve,
      environment: environment(CHAT_STEP_TIMEOUTS.retrieve),
    });
    this.answerFunction = new RagFunction(this, 'AnswerFunction', {
      ...common,
      entryFile: LAMBDA_ENTRY_FILES.answer,
      description: 'Chat step 3: write the grounded answer with citations',
      serviceName: ANSWER_SERVICE_NAME,
      memorySize: 1024,
      timeout: CHAT_STEP_TIMEOUTS.answer,
      environment: environment(CHAT_STEP_TIMEOUTS.answer),
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
      // The execution's time limit lives in the definition (a string body ignores `timeout`).
      definitionBody: DefinitionBody.fromString(JSON.stringify({ ...definition, TimeoutSeconds: CHAT_WORKFLOW_TIMEOUT.toSeconds() })),
      definitionSubstitutions: {
        ImproveFunctionArn: this.improveFunction.functionArn,
        RetrieveFunctionArn: this.retrieveFunction.functionArn,
        AnswerFunctionArn: this.answerFunction.functionArn,
      },
      // Execution data holds every question, excerpt and answer: only failures are logged, without it.
      logs: { destination: logGroup, level: LogLevel.ERROR, includeExecutionData: false },
      tracingEnabled: true,
    });
    for (const fn of [this.improveFunction, this.retrieveFunction, this.answerFunction]) {
      fn.grantInvoke(this.stateMachine);
    }

    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions-SF1',
      reason:
        'Logging ALL events with execution data would write every question, document excerpt and answer to CloudWatch; failures are logged (level ERROR) and X-Ray traces every execution.',
    });
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
