import '../../../../layers/core/polyfills.js';
import { randomUUID } from 'node:crypto';
import { ExecutionTimeoutError, type RunOptions, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

/** Lambda's Invoke answer as the harness's function runner gives it. */
export interface LambdaInvocation {
  /** The handler's return value, or `{errorType, errorMessage, trace}` when it failed. */
  payload: unknown;
  /** `Unhandled` when the function threw, crashed or timed out (Lambda's X-Amz-Function-Error). */
  functionError?: string;
}

export type InvokeFunction = (functionArn: string, payload: unknown) => Promise<LambdaInvocation>;

/** Whether a role's policies allow an action on a resource (the harness's IAM evaluator). */
export type AuthorizeCall = (roleArn: string, action: string, resource: string) => boolean | Promise<boolean>;

/** An `AWS::StepFunctions::StateMachine`, its intrinsics resolved. */
export interface StateMachineResource {
  arn: string;
  DefinitionString: string;
  DefinitionSubstitutions?: Record<string, string>;
  RoleArn: string;
  StateMachineType?: 'STANDARD' | 'EXPRESS';
}

export interface StartSyncExecutionRequest {
  stateMachineArn: string;
  name?: string;
  input?: string;
}

/** StartSyncExecution's response body (AWS JSON 1.0), as the integration response template reads it. */
export interface StartSyncExecutionResponse {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  startDate: number;
  stopDate: number;
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  input: string;
  inputDetails: { included: boolean };
  output?: string;
  outputDetails?: { included: boolean };
  error?: string;
  cause?: string;
  billingDetails: { billedDurationInMilliseconds: number; billedMemoryUsedInMB: number };
}

/** A client error StartSyncExecution answers with (400), before any execution starts. */
export class StatesClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
    this.name = code;
  }
}

const LAMBDA_INVOKE = /^arn:aws[\w-]*:states:::lambda:invoke(\.waitForTaskToken)?$/;
const LAMBDA_FUNCTION = /^arn:aws[\w-]*:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/;

/**
 * Step Functions' StartSyncExecution for the template's EXPRESS state machines: the
 * definition string with CloudFormation's `${…}` substitutions applied, run by
 * aws-local-stepfunctions, each Task's Lambda called through the function runner after the
 * state machine's role is checked for lambda:InvokeFunction. The definition's own
 * TimeoutSeconds (whole execution and per state) apply; the answer is always 200 with a
 * status, as on AWS.
 */
export class SyncExecutionEngine {
  private readonly machines = new Map<string, { resource: StateMachineResource; definition: StateMachineDefinition; engine: StateMachine }>();

  constructor(
    machines: readonly StateMachineResource[],
    private readonly invoke: InvokeFunction,
    private readonly authorize: AuthorizeCall,
  ) {
    for (const resource of machines) {
      const definition = substitute(resource);
      // Validating a definition takes a while: once per machine, as AWS does when it is created.
      this.machines.set(resource.arn, { resource, definition, engine: new StateMachine(definition) });
    }
  }

  /** The definition a machine runs, after substitution (for tests and diagnostics). */
  definitionOf(stateMachineArn: string): StateMachineDefinition | undefined {
    return this.machines.get(stateMachineArn)?.definition;
  }

  async startSyncExecution(request: StartSyncExecutionRequest): Promise<StartSyncExecutionResponse> {
    const machine = this.machines.get(request.stateMachineArn);
    if (!machine) throw new StatesClientError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    if (machine.resource.StateMachineType !== 'EXPRESS') {
      throw new StatesClientError('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine');
    }
    const inputText = request.input ?? '{}';
    let input: unknown;
    try {
      input = JSON.parse(inputText);
    } catch {
      throw new StatesClientError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not valid JSON');
    }
    const name = request.name ?? randomUUID();
    const executionArn = `${request.stateMachineArn.replace(':stateMachine:', ':express:')}:${name}:${randomUUID()}`;
    const startDate = Date.now();
    const base = { executionArn, stateMachineArn: request.stateMachineArn, name, startDate, input: inputText, inputDetails: { included: true } };
    const finish = (outcome: Pick<StartSyncExecutionResponse, 'status' | 'output' | 'error' | 'cause'>): StartSyncExecutionResponse => {
      const stopDate = Date.now();
      return {
        ...base,
        ...outcome,
        ...(outcome.output !== undefined ? { outputDetails: { included: true } } : {}),
        stopDate,
        billingDetails: { billedDurationInMilliseconds: Math.max(100, Math.ceil((stopDate - startDate) / 100) * 100), billedMemoryUsedInMB: 64 },
      };
    };

    const execution = machine.engine.run(input as never, {
      overrides: { taskResourceLocalHandlers: this.taskHandlers(machine.resource, machine.definition) },
      context: { Execution: { Id: executionArn, Name: name, StartTime: new Date(startDate).toISOString(), RoleArn: machine.resource.RoleArn } },
    });
    try {
      const output = await execution.result;
      return finish({ status: 'SUCCEEDED', output: JSON.stringify(output) });
    } catch (error) {
      if (error instanceof ExecutionTimeoutError) {
        // No further state starts; a function already running goes on, as a Lambda does.
        execution.abort();
        return finish({ status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution reached its TimeoutSeconds.' });
      }
      const caught = (error as { cause?: { name?: string; message?: string } }).cause;
      return finish({ status: 'FAILED', error: caught?.name ?? 'States.Runtime', cause: caught?.message ?? (error as Error).message });
    }
  }

  private taskHandlers(resource: StateMachineResource, definition: StateMachineDefinition): LocalHandlers {
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, state] of allStates(definition)) {
      if (state.Type !== 'Task') continue;
      const taskResource = String(state.Resource);
      if (LAMBDA_FUNCTION.test(taskResource)) {
        handlers[stateName] = async (payload) => this.callLambda(resource.RoleArn, taskResource, payload);
      } else if (LAMBDA_INVOKE.test(taskResource)) {
        handlers[stateName] = async (parameters) => {
          const { FunctionName, Payload } = parameters as { FunctionName?: string; Payload?: unknown };
          if (!FunctionName) throw taskError('States.Runtime', `Task ${stateName}: lambda:invoke without FunctionName`);
          const result = await this.callLambda(resource.RoleArn, FunctionName, Payload ?? {});
          return { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 };
        };
      } else {
        handlers[stateName] = async () => {
          throw taskError('States.Runtime', `Task ${stateName}: the harness has no service for ${taskResource}`);
        };
      }
    }
    return handlers as unknown as LocalHandlers;
  }

  private async callLambda(roleArn: string, functionArn: string, payload: unknown): Promise<unknown> {
    if (!(await this.authorize(roleArn, 'lambda:InvokeFunction', functionArn))) {
      // What Step Functions reports when its role may not invoke the function.
      throw taskError(
        'Lambda.AWSLambdaException',
        `User: ${roleArn} is not authorized to perform: lambda:InvokeFunction on resource: ${functionArn} because no identity-based policy allows the lambda:InvokeFunction action (Service: Lambda, Status Code: 403, Request ID: ${randomUUID()})`,
      );
    }
    const result = await this.invoke(functionArn, payload);
    if (result.functionError) {
      const failure = (result.payload ?? {}) as { errorType?: string; errorMessage?: string };
      // The step's Error is the function's errorType and its Cause the whole error payload, as on AWS.
      throw taskError(failure.errorType ?? 'Lambda.Unknown', JSON.stringify(result.payload));
    }
    return result.payload;
  }
}

function taskError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** CloudFormation's DefinitionSubstitutions: each `${Name}` in the definition string replaced by its value. */
function substitute(resource: StateMachineResource): StateMachineDefinition {
  const substitutions = resource.DefinitionSubstitutions ?? {};
  const text = resource.DefinitionString.replace(/\$\{([^}]+)\}/g, (whole, key: string) => substitutions[key] ?? whole);
  return JSON.parse(text) as StateMachineDefinition;
}

type AnyState = {
  Type: string;
  Resource?: string;
  Branches?: StateMachineDefinition[];
  Iterator?: StateMachineDefinition;
  ItemProcessor?: StateMachineDefinition;
};

function* allStates(definition: Pick<StateMachineDefinition, 'States'>): Generator<[string, AnyState]> {
  for (const [name, state] of Object.entries(definition.States) as [string, AnyState][]) {
    yield [name, state];
    for (const nested of [...(state.Branches ?? []), ...(state.Iterator ? [state.Iterator] : []), ...(state.ItemProcessor ? [state.ItemProcessor] : [])]) {
      yield* allStates(nested);
    }
  }
}
