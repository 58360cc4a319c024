import { LAMBDA_ENV, LAMBDA_REQUIRED_ENV } from '#core/config/environment-contract.js';
import { ragFunctions, synthRagStack } from './synth-stack.js';

// What each function reads (the environment contract in the core) against what the CDK sets
// for that function in the synthesized template.

describe('the Lambda environment contract', () => {
  const { template } = synthRagStack();
  const variablesByService = new Map(
    Object.values(ragFunctions(template)).map((fn) => {
      const variables = fn.Properties!.Environment.Variables as Record<string, unknown>;
      return [variables[LAMBDA_ENV.serviceName] as string, variables];
    }),
  );

  test('every function of the contract is in the template', () => {
    // assess
    expect([...variablesByService.keys()].sort()).toEqual(Object.keys(LAMBDA_REQUIRED_ENV).sort());
  });

  test.each(Object.entries(LAMBDA_REQUIRED_ENV))('%s finds every variable it reads set', (service, required) => {
    // act
    const variables = variablesByService.get(service) ?? {};

    // assess
    expect(required.filter((name) => variables[name] === undefined || variables[name] === '')).toEqual([]);
  });

  test('the ingest function is told the queue receive limit, and no function gets the legacy LOG_LEVEL', () => {
    // prepare
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    const limits = queues.map((queue) => queue.Properties?.RedrivePolicy?.maxReceiveCount).filter((limit) => limit !== undefined);

    // act
    const ingest = variablesByService.get('rag-ingest')!;

    // assess
    expect(limits).toContain(Number(ingest[LAMBDA_ENV.maxReceiveCount]));
    for (const variables of variablesByService.values()) expect(variables.LOG_LEVEL).toBeUndefined();
  });
});
