import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AuthorizationType,
  AwsIntegration,
  LambdaIntegration,
  type Method,
  MockIntegration,
  Model,
  PassthroughBehavior,
  type RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { addChatApiModels } from './chat-api-models.js';
import { CHAT_RESPONSE_TEMPLATE, CHAT_UNAVAILABLE_BODY, chatRequestTemplate } from './chat-api-templates.js';
import type { DatabaseConnection } from './database-connection.js';
import { nagRef } from './nag-ref.js';
import { LAMBDA_ENTRY_FILES, RagFunction } from './rag-function.js';
import { LAMBDA_ENV } from '#core/config/environment-contract.js';
import { type GroupAccessInput, groupAccessSchema } from '#core/access/group-roles.js';
import { API_UPLOAD_PREFIX } from '#core/object-store/upload-name.js';
import { addRestApi } from './rest-api.js';
import { type UserDirectoryProps, addUserDirectory } from './user-directory.js';

/** The feedback function's service name: the `service` dimension of the rating metrics it emits. */
export const FEEDBACK_SERVICE_NAME = 'rag-feedback-api';

export interface ChatApiProps {
  readonly stateMachine: IStateMachine;
  readonly database: DatabaseConnection;
  readonly rawBucket: IBucket;
  /**
   * Which embedding model the documents were indexed with (provider, model, dimensions), so
   * the documents and jobs functions open the store the ingest function writes. No secrets:
   * these functions never call a model. @default - none (the local hashing model)
   */
  readonly modelEnvironment?: Record<string, string>;
  /** How Cognito groups map to collection roles. @default - the naming rule, and everyone edits `default` */
  readonly access?: GroupAccessInput;
  /** Days questions, answers and ratings are kept; a daily schedule deletes older ones. @default 90 */
  readonly insightsRetentionDays?: number;
  /** @default 20 */
  readonly throttlingRateLimit?: number;
  /** @default 40 */
  readonly throttlingBurstLimit?: number;
  /** @default 'optional' */
  readonly mfa?: 'off' | 'optional' | 'required';
  /** Federated sign-in through OIDC or SAML identity providers. @default - none */
  readonly federation?: UserDirectoryProps['federation'];
  /** prod: the user pool is retained and protected from deletion. @default false */
  readonly production?: boolean;
  /** @default 'INFO' */
  readonly logLevel?: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The HTTPS API: Cognito users, a REST API with `/api/chat` (Step Functions), documents,
 * jobs, feedback and insights (Lambdas) and an open `/api/health`. The user directory, the REST API and its gateway
 * responses, the request models and the chat templates each have their own file; this
 * construct wires the routes.
 */
export class ChatApi extends Construct {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly api: RestApi;
  readonly documentsFunction: RagFunction;
  readonly jobsFunction: RagFunction;
  readonly feedbackFunction: RagFunction;
  readonly healthMethod: Method;
  readonly chatMethod: Method;

  constructor(scope: Construct, id: string, props: ChatApiProps) {
    super(scope, id);
    const production = props.production ?? false;
    const mfa = props.mfa ?? 'optional';
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;
    const logRemovalPolicy = props.logRemovalPolicy ?? RemovalPolicy.DESTROY;

    const users = addUserDirectory(this, { mfa, production, ...(props.federation ? { federation: props.federation } : {}) });
    this.userPool = users.userPool;
    this.userPoolClient = users.userPoolClient;
    const authorized = users.authorized;

    this.api = addRestApi(this, {
      throttlingRateLimit: props.throttlingRateLimit ?? 20,
      throttlingBurstLimit: props.throttlingBurstLimit ?? 40,
      logRetention,
      logRemovalPolicy,
    });

    const apiRoot = this.api.root.addResource('api');

    // GET /api/health: open, no backend, so it answers even while the database sleeps.
    this.healthMethod = apiRoot.addResource('health').addMethod(
      'GET',
      new MockIntegration({
        passthroughBehavior: PassthroughBehavior.NEVER,
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        integrationResponses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"status":"ok"}' } }],
      }),
      { authorizationType: AuthorizationType.NONE, methodResponses: [{ statusCode: '200' }] },
    );
    Validations.of(this.healthMethod).acknowledge(
      {
        id: 'AwsSolutions-APIG4',
        reason: 'The health check is public by design: load balancers and uptime monitors call it without credentials, and it returns a constant.',
      },
      { id: 'AwsSolutions-COG4', reason: 'The health check is public by design and touches no data.' },
    );

    // POST /api/chat → StartSyncExecution on the EXPRESS workflow.
    const chatRole = new Role(this, 'ChatIntegrationRole', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Lets API Gateway start synchronous chat workflow executions',
    });
    chatRole.addToPolicy(new PolicyStatement({ actions: ['states:StartSyncExecution'], resources: [props.stateMachine.stateMachineArn] }));
    const models = addChatApiModels(this.api);
    const bodyValidator = this.api.addRequestValidator('BodyValidator', {
      requestValidatorName: 'body-and-parameters',
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const jsonError = { 'application/json': Model.ERROR_MODEL };
    this.chatMethod = apiRoot.addResource('chat').addMethod(
      'POST',
      new AwsIntegration({
        service: 'states',
        action: 'StartSyncExecution',
        integrationHttpMethod: 'POST',
        options: {
          credentialsRole: chatRole,
          passthroughBehavior: PassthroughBehavior.NEVER,
          requestTemplates: { 'application/json': chatRequestTemplate(props.stateMachine.stateMachineArn) },
          integrationResponses: [
            { statusCode: '200', responseTemplates: { 'application/json': CHAT_RESPONSE_TEMPLATE } },
            {
              statusCode: '502',
              selectionPattern: '4\\d{2}|5\\d{2}',
              responseTemplates: { 'application/json': CHAT_UNAVAILABLE_BODY },
            },
          ],
        },
      }),
      {
        ...authorized,
        requestValidator: bodyValidator,
        requestModels: { 'application/json': models.chatRequest },
        methodResponses: [
          { statusCode: '200', responseModels: { 'application/json': Model.EMPTY_MODEL } },
          { statusCode: '400', responseModels: jsonError },
          { statusCode: '404', responseModels: jsonError },
          { statusCode: '502', responseModels: jsonError },
          { statusCode: '504', responseModels: jsonError },
        ],
      },
    );

    const common = {
      database: props.database,
      logLevel: props.logLevel ?? 'INFO',
      logRetention,
      logRemovalPolicy,
      // Under API Gateway's 29 s: the connect retries while a paused Aurora resumes (about 15 s).
      environment: {
        [LAMBDA_ENV.rawBucket]: props.rawBucket.bucketName,
        ...props.modelEnvironment,
        [LAMBDA_ENV.dbConnectDeadlineMs]: '20000',
        [LAMBDA_ENV.groupAccess]: JSON.stringify(groupAccessSchema.parse(props.access ?? {})),
      },
      timeout: Duration.seconds(25),
    };
    this.documentsFunction = new RagFunction(this, 'DocumentsFunction', {
      ...common,
      entryFile: LAMBDA_ENTRY_FILES.documentsApi,
      description: 'Documents API: presigned uploads, list, delete',
      serviceName: 'rag-documents-api',
      memorySize: 512,
    });
    // The presigned PUT URL is signed with this role, so it may only write under api-uploads/.
    // Deleting a document removes its raw object wherever it was dropped (SFTP or API).
    this.documentsFunction.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [props.rawBucket.arnForObjects(`${API_UPLOAD_PREFIX}*`)] }),
    );
    this.documentsFunction.addToRolePolicy(new PolicyStatement({ actions: ['s3:DeleteObject'], resources: [props.rawBucket.arnForObjects('*')] }));
    const bucketRef = nagRef(this, props.rawBucket.bucketArn);
    Validations.of(this.documentsFunction.role!).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${bucketRef}/${API_UPLOAD_PREFIX}*]`,
        reason: 'Uploads get fresh keys under api-uploads/; the wildcard is that prefix only, and the action is PutObject.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${bucketRef}/*]`,
        reason: 'Deleting a document removes its raw object, whose key may be under any SFTP user folder or api-uploads/; the action is DeleteObject only.',
      },
    );
    this.jobsFunction = new RagFunction(this, 'JobsFunction', {
      ...common,
      entryFile: LAMBDA_ENTRY_FILES.jobsApi,
      description: 'Jobs API: ingestion jobs and their documents and events',
      serviceName: 'rag-jobs-api',
      memorySize: 256,
    });

    const documents = apiRoot.addResource('documents');
    const documentsIntegration = new LambdaIntegration(this.documentsFunction);
    documents.addMethod('GET', documentsIntegration, authorized);
    documents.addMethod('POST', documentsIntegration, authorized);
    documents.addResource('{id}').addMethod('DELETE', documentsIntegration, authorized);

    const jobs = apiRoot.addResource('jobs');
    const jobsIntegration = new LambdaIntegration(this.jobsFunction);
    jobs.addMethod('GET', jobsIntegration, authorized);
    jobs.addResource('{id}').addMethod('GET', jobsIntegration, authorized);

    // Database access only, like the jobs function: it never calls a model nor touches the bucket.
    this.feedbackFunction = new RagFunction(this, 'FeedbackFunction', {
      ...common,
      environment: {
        ...common.environment,
        [LAMBDA_ENV.insightsRetentionDays]: String(props.insightsRetentionDays ?? 90),
      },
      entryFile: LAMBDA_ENTRY_FILES.feedbackApi,
      description: "Feedback and insights API: ratings of answers, admins' figures, the daily retention purge",
      serviceName: FEEDBACK_SERVICE_NAME,
      memorySize: 256,
    });
    const feedbackIntegration = new LambdaIntegration(this.feedbackFunction);
    apiRoot.addResource('feedback').addMethod('POST', feedbackIntegration, authorized);
    apiRoot.addResource('insights').addMethod('GET', feedbackIntegration, authorized);
    // The local stack purges at start and every six hours; once a day is enough for a retention counted in days.
    new Rule(this, 'InsightsRetentionSchedule', {
      description: 'Deletes questions, answers and ratings older than the insights retention',
      schedule: Schedule.rate(Duration.days(1)),
      targets: [new LambdaFunction(this.feedbackFunction, { retryAttempts: 2 })],
    });
  }
}
