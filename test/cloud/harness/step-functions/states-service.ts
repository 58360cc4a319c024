import { randomUUID } from 'node:crypto';
import { type AuthorizeCall, type StartSyncExecutionRequest, StatesClientError, type SyncExecutionEngine } from './sync-execution-engine.js';

/**
 * The Step Functions API as an API Gateway AWS integration reaches it: the action called with
 * the integration's credentials role, authorized against that role's policies, answering in
 * AWS JSON 1.0 (`{"__type", "message"}` with a 400 for client errors, AccessDenied included).
 */
export function statesService(engine: SyncExecutionEngine, authorize: AuthorizeCall) {
  return async (action: string, roleArn: string | undefined, body: string): Promise<{ status: number; body: string }> => {
    const clientError = (type: string, message: string, status = 400) => ({ status, body: JSON.stringify({ __type: type, message }) });
    if (action !== 'StartSyncExecution') return clientError('UnknownOperationException', `The harness does not serve states:${action}`);
    let request: StartSyncExecutionRequest;
    try {
      request = JSON.parse(body) as StartSyncExecutionRequest;
    } catch {
      return clientError('SerializationException', 'Start of structure or map found where not expected');
    }
    if (!roleArn) return clientError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
    if (!(await authorize(roleArn, 'states:StartSyncExecution', request.stateMachineArn))) {
      return clientError(
        'AccessDeniedException',
        `User: ${roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/${randomUUID()} is not authorized to perform: states:StartSyncExecution on resource: ${request.stateMachineArn} because no identity-based policy allows the states:StartSyncExecution action`,
      );
    }
    try {
      return { status: 200, body: JSON.stringify(await engine.startSyncExecution(request)) };
    } catch (error) {
      if (error instanceof StatesClientError) return clientError(error.code, error.message, error.httpStatus);
      throw error;
    }
  };
}
