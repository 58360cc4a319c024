import { StateMachine } from 'aws-local-stepfunctions';
import { buildChatWorkflowDefinition, CHAT_WORKFLOW_ERROR, CHAT_WORKFLOW_STATES as S, LOCAL_CHAT_WORKFLOW_RESOURCES } from '#core/workflow/index.js';

const resources = {
  improveFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:improve',
  retrieveFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:retrieve',
  answerFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:answer',
};

type AnyState = Record<string, unknown> & { Type: string };

function statesOf(definition: ReturnType<typeof buildChatWorkflowDefinition>): Record<string, AnyState> {
  return definition.States as unknown as Record<string, AnyState>;
}

describe('buildChatWorkflowDefinition', () => {
  test('starts at Improve and chains improve → choice → retrieve → answer → done', () => {
    // prepare / act
    const definition = buildChatWorkflowDefinition(resources);
    const states = statesOf(definition);

    // assess
    expect(definition.StartAt).toBe(S.improve);
    expect(states[S.improve]).toMatchObject({ Type: 'Task', Resource: resources.improveFunctionArn, Next: S.isQuestion });
    expect(states[S.retrieve]).toMatchObject({ Type: 'Task', Resource: resources.retrieveFunctionArn, Next: S.answer });
    expect(states[S.answer]).toMatchObject({ Type: 'Task', Resource: resources.answerFunctionArn, Next: S.done });
    expect(states[S.done]).toEqual(expect.objectContaining({ Type: 'Succeed', OutputPath: '$.response' }));
  });

  test('only the question intent goes to retrieval; every other intent gets the direct reply', () => {
    const states = statesOf(buildChatWorkflowDefinition(resources));

    expect(states[S.isQuestion]).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.improve.intent', StringEquals: 'question', Next: S.retrieve }],
      Default: S.directReply,
    });
    expect(states[S.directReply]).toEqual(expect.objectContaining({ Type: 'Succeed', OutputPath: '$.response' }));
  });

  test.each([S.improve, S.retrieve, S.answer])('%s retries transient Lambda faults and catches everything else', (name) => {
    const state = statesOf(buildChatWorkflowDefinition(resources))[name]!;

    expect(state.Retry).toEqual([
      {
        ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
        IntervalSeconds: expect.any(Number),
        MaxAttempts: 3,
        BackoffRate: 2,
      },
    ]);
    expect(state.Catch).toEqual([
      { ErrorEquals: ['RagError.not_found'], Next: S.notFound },
      { ErrorEquals: ['RagError.invalid_request'], Next: S.invalidRequest },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: S.failed },
    ]);
    // The whole state goes in and comes back: no path filtering that would drop earlier keys.
    expect(state).not.toHaveProperty('InputPath');
    expect(state).not.toHaveProperty('ResultPath');
    expect(state).not.toHaveProperty('OutputPath');
    expect(state).not.toHaveProperty('Parameters');
  });

  test('the failure state reports a stable error and cause', () => {
    const failed = statesOf(buildChatWorkflowDefinition(resources))[S.failed]!;

    expect(failed).toMatchObject({ Type: 'Fail', Error: CHAT_WORKFLOW_ERROR });
    expect(String(failed.Cause)).toMatch(/chat workflow step failed/i);
  });

  test.each([
    [S.notFound, 'RagError.not_found'],
    [S.invalidRequest, 'RagError.invalid_request'],
  ])('a refusal ends in %s, keeping the error name the chat route maps to a status', (name, error) => {
    expect(statesOf(buildChatWorkflowDefinition(resources))[name]).toMatchObject({ Type: 'Fail', Error: error });
  });

  test('every Next and Default points at a defined state, and every state is reachable', () => {
    const definition = buildChatWorkflowDefinition(resources);
    const states = statesOf(definition);
    const targets = (state: AnyState): string[] => [
      ...(typeof state.Next === 'string' ? [state.Next] : []),
      ...(typeof state.Default === 'string' ? [state.Default] : []),
      ...((state.Choices as { Next: string }[] | undefined) ?? []).map((c) => c.Next),
      ...((state.Catch as { Next: string }[] | undefined) ?? []).map((c) => c.Next),
    ];

    const reached = new Set<string>();
    const queue = [definition.StartAt];
    while (queue.length > 0) {
      const name = queue.shift()!;
      if (reached.has(name)) continue;
      expect(states).toHaveProperty([name]);
      reached.add(name);
      queue.push(...targets(states[name]!));
    }

    expect([...reached].sort()).toEqual(Object.keys(states).sort());
  });

  test('is plain JSON: it survives a JSON round trip unchanged', () => {
    const definition = buildChatWorkflowDefinition(resources);

    expect(JSON.parse(JSON.stringify(definition))).toEqual(definition);
  });

  test.each([
    ['deployed ARNs', resources],
    ['local placeholder ARNs', LOCAL_CHAT_WORKFLOW_RESOURCES],
  ])('passes the aws-local-stepfunctions validator with %s', (_label, arns) => {
    expect(() => new StateMachine(buildChatWorkflowDefinition(arns))).not.toThrow();
  });

  test('the validator is strict enough to reject a broken definition', () => {
    const definition = buildChatWorkflowDefinition(resources);
    const broken = { ...definition, StartAt: 'Nowhere' };

    expect(() => new StateMachine(broken)).toThrow();
  });
});
