import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat, EndpointType, LogGroupLogDestination, MethodLoggingLevel, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { addGatewayErrorResponses } from './gateway-responses.js';

/** The API Gateway stage; CloudFront's /api/* behaviour forwards to it. */
export const API_STAGE_NAME = 'prod';

export interface RestApiProps {
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

/**
 * The regional REST API with its stage (tracing, metrics, JSON access logs, throttling) and
 * API Gateway's own errors in the product's shape. Built in the caller's scope, so the
 * resources keep their logical ids.
 */
export function addRestApi(scope: Construct, props: RestApiProps): RestApi {
  const accessLogs = new LogGroup(scope, 'AccessLogs', { retention: props.logRetention, removalPolicy: props.logRemovalPolicy });
  const api = new RestApi(scope, 'Api', {
    restApiName: `${Stack.of(scope).stackName}-api`,
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
      throttlingRateLimit: props.throttlingRateLimit,
      throttlingBurstLimit: props.throttlingBurstLimit,
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
  Validations.of(api).acknowledge(
    {
      id: 'AwsSolutions-APIG3',
      reason:
        'A WAF web ACL is billed monthly plus per rule; it is left to the operator. Every route but /api/health needs a Cognito token and the stage is throttled.',
    },
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason: 'The account-level API Gateway logging role uses the AWS-managed policy made for it.',
    },
  );
  addGatewayErrorResponses(api);
  return api;
}
