import { describe, expect, it } from '@jest/globals';
import { CHAT_WORKFLOW_TIMEOUT } from '../../../../lib/constructs/chat-workflow.js';
import { CHAT_WORKFLOW_ERROR, buildChatWorkflowDefinition } from '../../../../layers/core/workflow/index.js';
import { type LambdaInvocation, type StateMachineResource, StatesClientError, SyncExecutionEngine } from './sync-execution-engine.js';

const ACCOUNT = '123456789012';
const fn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const MACHINE_ARN = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:Chat`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ChatStateMachineRole`;

/** The chat state machine as the ChatWorkflow construct writes it: placeholders plus substitutions. */
const chatMachine: StateMachineResource = {
  arn: MACHINE_ARN,
  StateMachineType: 'EXPRESS',
  RoleArn: ROLE_ARN,
  DefinitionString: JSON.stringify({
    ...buildChatWorkflowDefinition({
      improveFunctionArn: '${ImproveFunctionArn}',
      retrieveFunctionArn: '${RetrieveFunctionArn}',
      answerFunctionArn: '${AnswerFunctionArn}',
    }),
    TimeoutSeconds: CHAT_WORKFLOW_TIMEOUT.toSeconds(),
  }),
  DefinitionSubstitutions: { ImproveFunctionArn: fn('improve'), RetrieveFunctionArn: fn('retrieve'), AnswerFunctionArn: fn('answer') },
};

type Handler = (payload: Record<string, unknown>) => Promise<LambdaInvocation>;

function functions(handlers: Record<string, Handler>) {
  const calls: string[] = [];
  const invoke = async (arn: string, payload: unknown) => {
    const name = arn.split(':').pop() as string;
    calls.push(name);
    const handler = handlers[name];
    if (!handler) throw new Error(`no function ${arn}`);
    return handler(payload as Record<string, unknown>);
  };
  return { calls, invoke };
}

const chatSteps = (intent: string): Record<string, Handler> => ({
  improve: async (state) => ({ payload: { ...state, improve: { intent }, ...(intent === 'question' ? {} : { response: { answer: 'Hello!', intent } }) } }),
  retrieve: async (state) => ({ payload: { ...state, retrieve: { passages: ['p1'] } } }),
  answer: async (state) => ({ payload: { ...state, response: { answer: 'From the guide [1]', intent: 'question', message: state.message } } }),
});

const allowAll = () => true;

describe('SyncExecutionEngine', () => {
  it('runs a question through improve, retrieve and answer and returns the response as output', async () => {
    const { calls, invoke } = functions(chatSteps('question'));
    const engine = new SyncExecutionEngine([chatMachine], invoke, allowAll);

    const result = await engine.startSyncExecution({ stateMachineArn: MACHINE_ARN, name: 'req-1', input: JSON.stringify({ message: 'How do I upload?' }) });

    expect(result.status).toBe('SUCCEEDED');
    expect(calls).toEqual(['improve', 'retrieve', 'answer']);
    expect(JSON.parse(result.output as string)).toEqual({ answer: 'From the guide [1]', intent: 'question', message: 'How do I upload?' });
    expect(result).toMatchObject({ name: 'req-1', stateMachineArn: MACHINE_ARN, input: '{"message":"How do I upload?"}' });
    expect(result.executionArn).toContain(':express:Chat:req-1:');
  });

  it('answers a greeting from the improve step alone', async () => {
    const { calls, invoke } = functions(chatSteps('greeting'));
    const engine = new SyncExecutionEngine([chatMachine], invoke, allowAll);

    const result = await engine.startSyncExecution({ stateMachineArn: MACHINE_ARN, input: '{"message":"hola"}' });

    expect(result.status).toBe('SUCCEEDED');
    expect(calls).toEqual(['improve']);
    expect(JSON.parse(result.output as string)).toEqual({ answer: 'Hello!', intent: 'greeting' });
  });

  it('fails the execution when a function fails, through the workflow’s Fail state', async () => {
    const { invoke } = functions({
      ...chatSteps('question'),
      retrieve: async () => ({ functionError: 'Unhandled', payload: { errorType: 'DatabaseUnavailableError', errorMessage: 'connection refused', trace: [] } }),
    });
    const engine = new SyncExecutionEngine([chatMachine], invoke, allowAll);

    const result = await engine.startSyncExecution({ stateMachineArn: MACHINE_ARN, input: '{"message":"q?"}' });

    expect(result.status).toBe('FAILED');
    expect(result.error).toBe(CHAT_WORKFLOW_ERROR);
    expect(result.output).toBeUndefined();
  });

  it("refuses to invoke a function the state machine's role may not invoke", async () => {
    const machine: StateMachineResource = {
      arn: MACHINE_ARN,
      StateMachineType: 'EXPRESS',
      RoleArn: ROLE_ARN,
      DefinitionString: JSON.stringify({ StartAt: 'Step', States: { Step: { Type: 'Task', Resource: fn('improve'), End: true } } }),
    };
    const { calls, invoke } = functions(chatSteps('question'));
    const checked: string[] = [];
    const engine = new SyncExecutionEngine([machine], invoke, (role, action, resource) => {
      checked.push(`${role} ${action} ${resource}`);
      return false;
    });

    const result = await engine.startSyncExecution({ stateMachineArn: MACHINE_ARN, input: '{}' });

    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Lambda.AWSLambdaException');
    expect(result.cause).toContain('is not authorized to perform: lambda:InvokeFunction');
    expect(checked).toEqual([`${ROLE_ARN} lambda:InvokeFunction ${fn('improve')}`]);
    expect(calls).toEqual([]);
  });

  it("times out at the definition's TimeoutSeconds", async () => {
    const machine: StateMachineResource = {
      arn: MACHINE_ARN,
      StateMachineType: 'EXPRESS',
      RoleArn: ROLE_ARN,
      DefinitionString: JSON.stringify({ StartAt: 'Slow', TimeoutSeconds: 1, States: { Slow: { Type: 'Task', Resource: fn('slow'), End: true } } }),
    };
    let finishSlowFunction = () => {};
    const { invoke } = functions({
      slow: () =>
        new Promise((resolve) => {
          finishSlowFunction = () => resolve({ payload: {} });
        }),
    });
    const engine = new SyncExecutionEngine([machine], invoke, allowAll);

    const result = await engine.startSyncExecution({ stateMachineArn: MACHINE_ARN, input: '{}' });

    finishSlowFunction();
    expect(result.status).toBe('TIMED_OUT');
    expect(result.error).toBe('States.Timeout');
  });

  it('runs the lambda:invoke integration with FunctionName and Payload', async () => {
    const machine: StateMachineResource = {
      arn: MACHINE_ARN,
      StateMachineType: 'EXPRESS',
      RoleArn: ROLE_ARN,
      DefinitionString: JSON.stringify({
        StartAt: 'Invoke',
        States: {
          Invoke: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: '${Echo}', 'Payload.$': '$.body' },
            ResultSelector: { 'echoed.$': '$.Payload' },
            End: true,
          },
        },
      }),
      DefinitionSubstitutions: { Echo: fn('echo') },
    };
    const { calls, invoke } = functions({ echo: async (payload) => ({ payload: { got: payload } }) });
    const engine = new SyncExecutionEngine([machine], invoke, allowAll);

    const result = await engine.startSyncExecution({ stateMachineArn: MACHINE_ARN, input: '{"body":{"n":1}}' });

    expect(result.status).toBe('SUCCEEDED');
    expect(calls).toEqual(['echo']);
    expect(JSON.parse(result.output as string)).toEqual({ echoed: { got: { n: 1 } } });
  });

  it.each([
    { name: 'an unknown state machine', arn: `${MACHINE_ARN}Other`, type: 'EXPRESS' as const, code: 'StateMachineDoesNotExist' },
    { name: 'a STANDARD state machine', arn: MACHINE_ARN, type: 'STANDARD' as const, code: 'StateMachineTypeNotSupported' },
  ])('answers a client error for $name', async ({ arn, type, code }) => {
    const engine = new SyncExecutionEngine([{ ...chatMachine, StateMachineType: type }], functions({}).invoke, allowAll);

    const attempt = engine.startSyncExecution({ stateMachineArn: arn, input: '{}' });

    await expect(attempt).rejects.toBeInstanceOf(StatesClientError);
    await expect(attempt).rejects.toMatchObject({ code });
  });
});
