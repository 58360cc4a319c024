import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  AwsIntegration,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  MockIntegration,
  Model,
  PassthroughBehavior,
  ResponseType,
  RestApi,
  type Method,
} from 'aws-cdk-lib/aws-apigateway';
import { AccountRecovery, FeaturePlan, Mfa, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { DatabaseConnection } from './database-connection.js';
import { nagRef } from './nag-ref.js';
import { LAMBDA_ENTRY_FILES, RagFunction } from './rag-function.js';
import { LAMBDA_ENV } from '#core/config/environment-contract.js';
import { CHAT_REQUEST_INVALID_MESSAGE, chatRequestSchema } from '#core/contract/chat-contract.js';
import { API_UPLOAD_PREFIX } from '#core/object-store/upload-name.js';
import { apiGatewayModelSchema } from './api-gateway-model.js';

/** The API Gateway stage; CloudFront's /api/* behaviour forwards to it. */
export const API_STAGE_NAME = 'prod';

/**
 * Maps `{message, conversationId?}` into the execution input (and nothing else: the local
 * stack starts the same workflow with the same input). `$input.json` yields JSON text, which
 * `escapeJavaScript` escapes again to sit inside the `input` string; its `\'` is not valid
 * JSON, hence the replaceAll.
 */
export function chatRequestTemplate(stateMachineArn: string): string {
  return [
    "#set($conversationId = $input.path('$.conversationId'))",
    '{',
    `  "stateMachineArn": "${stateMachineArn}",`,
    '  "name": "$context.requestId",',
    String.raw`  "input": "{\"message\": $util.escapeJavaScript($input.json('$.message')).replaceAll("\\'", "'")#if("$!conversationId" != ""), \"conversationId\": $util.escapeJavaScript($input.json('$.conversationId')).replaceAll("\\'", "'")#end}"`,
    '}',
  ].join('\n');
}

/** The error bodies of the API, in the product's `{"error": {"code", "message"}}` shape. */
export function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/**
 * Returns the workflow output as the body when the execution succeeded; otherwise a 502 (or
 * 504 on timeout) with an error body. StartSyncExecution itself answers 200 either way.
 */
export const CHAT_RESPONSE_TEMPLATE = [
  "#set($status = $input.path('$.status'))",
  "#if($status == 'SUCCEEDED')",
  "$input.path('$.output')",
  "#elseif($status == 'TIMED_OUT')",
  '#set($context.responseOverride.status = 504)',
  errorBody('chat_timeout', 'The answer took too long. Please try again.'),
  '#else',
  '#set($context.responseOverride.status = 502)',
  errorBody('chat_failed', 'The chat workflow could not answer. Please try again.'),
  '#end',
].join('\n');

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
  /** @default 20 */
  readonly throttlingRateLimit?: number;
  /** @default 40 */
  readonly throttlingBurstLimit?: number;
  /** @default 'optional' */
  readonly mfa?: 'off' | 'optional' | 'required';
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
 * The HTTPS API: Cognito users, a REST API with `/api/chat` (Step Functions), documents and
 * jobs (Lambdas) and an open `/api/health`.
 */
export class ChatApi extends Construct {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly api: RestApi;
  readonly documentsFunction: RagFunction;
  readonly jobsFunction: RagFunction;
  readonly healthMethod: Method;
  readonly chatMethod: Method;

  constructor(scope: Construct, id: string, props: ChatApiProps) {
    super(scope, id);
    const production = props.production ?? false;
    const mfa = props.mfa ?? 'optional';
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;
    const logRemovalPolicy = props.logRemovalPolicy ?? RemovalPolicy.DESTROY;

    this.userPool = new UserPool(this, 'UserPool', {
      // Operators invite people; nobody signs themselves up to a company's documents.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      mfa: mfa === 'required' ? Mfa.REQUIRED : mfa === 'optional' ? Mfa.OPTIONAL : Mfa.OFF,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: production,
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason: 'The Plus feature plan (threat protection) is billed per monthly active user; it is left to the operator. Sign-up is closed and the password policy is strict.',
    });
    if (mfa !== 'required') {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason: 'MFA is a deployment choice (auth.mfa in the config); TOTP is offered to every user, and prod configs set it to required.',
      });
    }
    this.userPoolClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    const authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [this.userPool] });
    const authorized = { authorizer, authorizationType: AuthorizationType.COGNITO };

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: logRetention, removalPolicy: logRemovalPolicy });
    this.api = new RestApi(this, 'Api', {
      restApiName: `${Stack.of(this).stackName}-api`,
      description: 'RAG document chatbot API',
      endpointTypes: [EndpointType.REGIONAL],
      // Method logging needs the account-level CloudWatch role; kept on stack deletion because
      // it is shared by every REST API in the account and region.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: API_STAGE_NAME,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        throttlingRateLimit: props.throttlingRateLimit ?? 20,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 40,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: true,
        }),
      },
    });
    Validations.of(this.api).acknowledge(
      {
        id: 'AwsSolutions-APIG3',
        reason: 'A WAF web ACL is billed monthly plus per rule; it is left to the operator. Every route but /api/health needs a Cognito token and the stage is throttled.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason: 'The account-level API Gateway logging role uses the AWS-managed policy made for it.',
      },
    );
    this.addErrorResponses();

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
      { id: 'AwsSolutions-APIG4', reason: 'The health check is public by design: load balancers and uptime monitors call it without credentials, and it returns a constant.' },
      { id: 'AwsSolutions-COG4', reason: 'The health check is public by design and touches no data.' },
    );

    // POST /api/chat → StartSyncExecution on the EXPRESS workflow.
    const chatRole = new Role(this, 'ChatIntegrationRole', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Lets API Gateway start synchronous chat workflow executions',
    });
    chatRole.addToPolicy(
      new PolicyStatement({ actions: ['states:StartSyncExecution'], resources: [props.stateMachine.stateMachineArn] }),
    );
    const chatRequestModel = this.api.addModel('ChatRequest', {
      contentType: 'application/json',
      modelName: 'ChatRequest',
      schema: apiGatewayModelSchema(chatRequestSchema, 'ChatRequest'),
    });
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
              responseTemplates: { 'application/json': errorBody('chat_unavailable', 'The chat workflow could not be started. Please try again.') },
            },
          ],
        },
      }),
      {
        ...authorized,
        requestValidator: bodyValidator,
        requestModels: { 'application/json': chatRequestModel },
        methodResponses: [
          { statusCode: '200', responseModels: { 'application/json': Model.EMPTY_MODEL } },
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
      environment: { [LAMBDA_ENV.rawBucket]: props.rawBucket.bucketName, ...props.modelEnvironment, [LAMBDA_ENV.dbConnectDeadlineMs]: '20000' },
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
    this.documentsFunction.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:DeleteObject'], resources: [props.rawBucket.arnForObjects('*')] }),
    );
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
  }

  /** API Gateway's own errors (auth, validation, throttling) in the product's error shape. */
  private addErrorResponses(): void {
    const json = (code: string, message: string) => ({ 'application/json': errorBody(code, message) });
    this.api.addGatewayResponse('BadRequestBody', {
      type: ResponseType.BAD_REQUEST_BODY,
      statusCode: '400',
      templates: json('invalid_request', CHAT_REQUEST_INVALID_MESSAGE),
    });
    this.api.addGatewayResponse('Unauthorized', {
      type: ResponseType.UNAUTHORIZED,
      statusCode: '401',
      templates: json('unauthorized', 'Sign in first: send a Cognito ID token in the Authorization header.'),
    });
    this.api.addGatewayResponse('AccessDenied', {
      type: ResponseType.ACCESS_DENIED,
      statusCode: '403',
      templates: json('forbidden', 'This token is not allowed to call this route.'),
    });
    this.api.addGatewayResponse('Throttled', {
      type: ResponseType.THROTTLED,
      statusCode: '429',
      templates: json('rate_limited', 'Too many requests. Please slow down and try again.'),
    });
    this.api.addGatewayResponse('IntegrationTimeout', {
      type: ResponseType.INTEGRATION_TIMEOUT,
      statusCode: '504',
      templates: json('timeout', 'The request took too long. Please try again.'),
    });
    // $context.error.messageString is already a quoted JSON string.
    this.api.addGatewayResponse('Default4xx', {
      type: ResponseType.DEFAULT_4XX,
      templates: { 'application/json': '{"error":{"code":"bad_request","message":$context.error.messageString}}' },
    });
    this.api.addGatewayResponse('Default5xx', {
      type: ResponseType.DEFAULT_5XX,
      templates: { 'application/json': '{"error":{"code":"internal_error","message":$context.error.messageString}}' },
    });
  }
}
