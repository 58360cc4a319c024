import path from 'node:path';
import { estimateCost, loadPriceTable } from '../../../lib/cost/estimate-cost.js';
import { synthesizeTemplate } from '../../../lib/cost/synth-template.js';
import { SYNTH_HOOK_TIMEOUT_MS } from '../synth-stack.js';
import { REPO_ROOT } from '../../../lib/project-paths.js';

const prices = loadPriceTable();
const hours = prices.hoursPerMonth;

describe('estimateCost', () => {
  test.each([
    ['an SFTP endpoint', { T: { Type: 'AWS::Transfer::Server', Properties: { Protocols: ['SFTP'] } } }, 0.3 * hours],
    [
      'an interface endpoint in two AZs',
      { E: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface', SubnetIds: ['a', 'b'] } } },
      2 * 0.01 * hours,
    ],
    ['a gateway endpoint (free)', { E: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway' } } }, 0],
    ['Aurora that pauses at 0 ACU', { C: { Type: 'AWS::RDS::DBCluster', Properties: { ServerlessV2ScalingConfiguration: { MinCapacity: 0 } } } }, 0.1],
    [
      'Aurora at 0 ACU behind RDS Proxy, which keeps it awake',
      { C: { Type: 'AWS::RDS::DBCluster', Properties: { ServerlessV2ScalingConfiguration: { MinCapacity: 0 } } }, P: { Type: 'AWS::RDS::DBProxy' } },
      0.5 * 0.12 * hours + 0.1 + 8 * 0.015 * hours,
    ],
    ['a Lambda function (billed per use)', { F: { Type: 'AWS::Lambda::Function', Properties: {} } }, 0],
  ])('%s', (_case, resources, expected) => {
    expect(estimateCost({ Resources: resources }, prices).idleMonthlyUsd).toBeCloseTo(expected, 1);
  });

  test('per-use prices come from the models the functions are configured with', () => {
    const template = (chat: string) => ({
      Resources: {
        F: {
          Type: 'AWS::Lambda::Function',
          Properties: { Environment: { Variables: { OPENAI_CHAT_MODEL: chat, OPENAI_EMBEDDING_MODEL: 'text-embedding-3-large' } } },
        },
      },
    });

    const priced = estimateCost(template('gpt-4o-mini'), prices);
    const unknown = estimateCost(template('some-model-not-in-the-table'), prices);

    expect(priced.perThousandQuestionsUsd).toBeGreaterThan(unknown.perThousandQuestionsUsd);
    expect(unknown.unpricedModels).toEqual(['some-model-not-in-the-table']);
    expect(priced.perThousandPagesIngestedUsd).toBeGreaterThan(0);
  });
});

describe('shipped configs', () => {
  test(
    'the minimal config idles at $35/month or less, with neither SFTP nor RDS Proxy',
    () => {
      const estimate = estimateCost(synthesizeTemplate(path.join(REPO_ROOT, 'config', 'minimal.json')), prices);

      expect(estimate.idleMonthlyUsd).toBeLessThanOrEqual(35);
      expect(estimate.items.map((item) => item.type)).not.toEqual(expect.arrayContaining(['AWS::Transfer::Server']));
      expect(estimate.items.map((item) => item.type)).not.toEqual(expect.arrayContaining(['AWS::RDS::DBProxy']));
    },
    SYNTH_HOOK_TIMEOUT_MS,
  );

  test(
    'the default config keeps SFTP and lets Aurora pause (no proxy)',
    () => {
      const estimate = estimateCost(synthesizeTemplate(path.join(REPO_ROOT, 'config', 'example.json')), prices);
      const types = estimate.items.map((item) => item.type);

      expect(types).toContain('AWS::Transfer::Server');
      expect(types).not.toContain('AWS::RDS::DBProxy');
      expect(estimate.items.find((item) => item.type === 'AWS::RDS::DBCluster')!.basis).toMatch(/pauses at 0 ACU/);
    },
    SYNTH_HOOK_TIMEOUT_MS,
  );
});
