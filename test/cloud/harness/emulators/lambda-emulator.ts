import type { FunctionRunner } from '../functions/function-runner.js';
import type { Authorizer } from '../iam/authorizer.js';
import { type AwsServer, startAwsServer } from './aws-server.js';
import type { HarnessTls } from './harness-tls.js';
import { sendJson, sendJsonError } from './json-protocol.js';

/**
 * The AWS Lambda API over its REST/JSON protocol, for functions that invoke others (the custom resource provider
 * framework invokes the migration function): Invoke runs the function in the runner; GetFunction reports it active.
 */
export class LambdaEmulator {
  private server?: AwsServer;

  constructor(
    private readonly runner: FunctionRunner,
    private readonly authorizer: Authorizer,
  ) {}

  get url(): string {
    if (!this.server) throw new Error('Lambda emulator not started');
    return this.server.url;
  }

  async start(tls: HarnessTls): Promise<void> {
    const json = 'application/json';
    this.server = await startAwsServer(
      tls,
      'lambda',
      async (request, res) => {
        const match = /^\/2015-03-31\/functions\/([^/]+)(\/invocations|\/configuration)?\/?$/.exec(request.rawPath);
        const name = match ? decodeURIComponent(match[1]!) : '';
        const logicalId = match ? this.runner.logicalIdOf(name) : undefined;
        if (!match || !logicalId) {
          sendJsonError(res, 404, 'ResourceNotFoundException', `Function not found: ${name}`, json, { 'x-amzn-errortype': 'ResourceNotFoundException' });
          return;
        }
        const arn = this.runner.definition(logicalId).arn;
        const invoking = match[2] === '/invocations';
        const decision = this.authorizer.authorize(request.accessKeyId, invoking ? 'lambda:InvokeFunction' : 'lambda:GetFunction', arn);
        if (!decision.allowed) {
          sendJsonError(res, 403, 'AccessDeniedException', decision.message, json, { 'x-amzn-errortype': 'AccessDeniedException' });
          return;
        }
        if (!invoking) {
          const configuration = { FunctionName: this.runner.definition(logicalId).name, FunctionArn: arn, State: 'Active', LastUpdateStatus: 'Successful' };
          sendJson(res, 200, match[2] === '/configuration' ? configuration : { Configuration: configuration }, json);
          return;
        }
        const event = JSON.parse(request.body.toString() || '{}');
        const outcome = await this.runner.invoke(logicalId, event);
        if (outcome.error) {
          sendJson(res, 200, outcome.error, json, { 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' });
          return;
        }
        sendJson(res, 200, outcome.result ?? null, json, { 'x-amz-executed-version': '$LATEST' });
      },
      (res, code, message) =>
        sendJsonError(res, 403, code === 'InvalidAccessKeyId' ? 'UnrecognizedClientException' : 'InvalidSignatureException', message, json),
    );
  }

  async close(): Promise<void> {
    await this.server?.close();
  }
}
