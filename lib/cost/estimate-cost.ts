import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MODEL_TOKEN_PRICES_PER_MILLION } from '#core/insights/model-token-prices.js';
import { REPO_ROOT } from '../project-paths.js';

/** The checked-in, dated list-price table (us-east-1); see its `pricesAsOf`. */
export const PRICE_TABLE_FILE = path.join(REPO_ROOT, 'lib', 'cost', 'us-east-1-prices.json');

export interface PriceTable {
  region: string;
  pricesAsOf: string;
  currency: string;
  hoursPerMonth: number;
  idle: Record<
    | 'transferServerPerProtocolHour'
    | 'rdsProxyPerAcuHour'
    | 'rdsProxyMinimumAcu'
    | 'auroraServerlessV2PerAcuHour'
    | 'auroraMinimumAcuWhileProxied'
    | 'auroraStoragePerGbMonth'
    | 'assumedDatabaseGb'
    | 'interfaceEndpointPerAzHour'
    | 'natGatewayHour'
    | 'kmsKeyMonth'
    | 'secretMonth'
    | 'alarmMonth',
    number
  >;
  usage: Record<
    | 'lambdaArmPerGbSecond'
    | 'lambdaPerMillionRequests'
    | 'apiGatewayRestPerMillionRequests'
    | 'stepFunctionsExpressPerMillionRequests'
    | 'stepFunctionsExpressPerGbSecond'
    | 's3PutPerThousand'
    | 's3GetPerThousand'
    | 'sqsPerMillionRequests'
    | 'auroraActiveAcu',
    number
  >;
  modelsPerMillionTokens: Record<string, { input: number; output?: number }>;
  assumptions: Record<
    | 'questionChatInputTokens'
    | 'questionChatOutputTokens'
    | 'questionEmbeddingTokens'
    | 'questionLambdaGbSeconds'
    | 'questionWorkflowSeconds'
    | 'questionAuroraSeconds'
    | 'pageEmbeddingTokens'
    | 'pageLambdaGbSeconds'
    | 'pageAuroraSeconds'
    | 'pagesPerDocument',
    number
  >;
}

/** The service prices from the table file; model token prices are the core's, shared with the insights. */
export function loadPriceTable(file: string = PRICE_TABLE_FILE): PriceTable {
  return {
    ...(JSON.parse(readFileSync(file, 'utf8')) as Omit<PriceTable, 'modelsPerMillionTokens'>),
    modelsPerMillionTokens: { ...MODEL_TOKEN_PRICES_PER_MILLION },
  };
}

interface CfnResource {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties differ per resource type; the estimator reads the few it prices loosely.
  Properties?: Record<string, any>;
}
export interface CfnTemplate {
  Resources?: Record<string, CfnResource>;
}

export interface CostItem {
  /** Logical id in the template. */
  resource: string;
  type: string;
  idleMonthlyUsd: number;
  /** How the figure was reached. */
  basis: string;
}

export interface CostEstimate {
  region: string;
  pricesAsOf: string;
  /** What the stack costs per month with no traffic at all. */
  idleMonthlyUsd: number;
  items: CostItem[];
  perThousandQuestionsUsd: number;
  perThousandPagesIngestedUsd: number;
  /** Models the table has no price for (their share is missing from the per-use figures). */
  unpricedModels: string[];
  notes: string[];
}

const round = (usd: number) => Math.round(usd * 100) / 100;

/**
 * Prices a synthesized template from a list-price table: the idle monthly cost of each
 * resource that bills by the hour or month, and the per-use cost of questions and ingested
 * pages from the functions' memory and the configured models. Everything billed only per
 * request (S3, SQS, API Gateway, Lambda, CloudFront, Cognito's free tier) idles at $0.
 */
export function estimateCost(template: CfnTemplate, prices: PriceTable = loadPriceTable()): CostEstimate {
  const resources = Object.entries(template.Resources ?? {});
  const hours = prices.hoursPerMonth;
  const idle = prices.idle;
  const items: CostItem[] = [];
  const notes: string[] = [];
  const add = (resource: string, type: string, idleMonthlyUsd: number, basis: string) =>
    items.push({ resource, type, idleMonthlyUsd: round(idleMonthlyUsd), basis });
  const proxied = resources.some(([, r]) => r.Type === 'AWS::RDS::DBProxy');

  for (const [id, resource] of resources) {
    const props = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::Transfer::Server': {
        const protocols = (props.Protocols as string[] | undefined)?.length ?? 1;
        add(
          id,
          resource.Type,
          protocols * idle.transferServerPerProtocolHour * hours,
          `${protocols} protocol(s) × $${idle.transferServerPerProtocolHour}/h, billed while the endpoint exists`,
        );
        break;
      }
      case 'AWS::RDS::DBProxy':
        add(
          id,
          resource.Type,
          idle.rdsProxyMinimumAcu * idle.rdsProxyPerAcuHour * hours,
          `minimum ${idle.rdsProxyMinimumAcu} ACU × $${idle.rdsProxyPerAcuHour}/ACU-h for an Aurora Serverless v2 target`,
        );
        break;
      case 'AWS::RDS::DBCluster': {
        const configured = Number(props.ServerlessV2ScalingConfiguration?.MinCapacity ?? 0.5);
        // The proxy holds connections open, so the writer never reaches 0 ACU and never pauses.
        const floor = proxied ? Math.max(configured, idle.auroraMinimumAcuWhileProxied) : configured;
        const storage = idle.assumedDatabaseGb * idle.auroraStoragePerGbMonth;
        add(
          id,
          resource.Type,
          floor * idle.auroraServerlessV2PerAcuHour * hours + storage,
          floor === 0
            ? `pauses at 0 ACU when idle; ${idle.assumedDatabaseGb} GB storage`
            : `${floor} ACU floor${proxied ? ' (RDS Proxy keeps it awake)' : ''} × $${idle.auroraServerlessV2PerAcuHour}/ACU-h + ${idle.assumedDatabaseGb} GB storage`,
        );
        break;
      }
      case 'AWS::EC2::VPCEndpoint':
        if (props.VpcEndpointType === 'Interface') {
          const azs = (props.SubnetIds as unknown[] | undefined)?.length ?? 1;
          add(id, resource.Type, azs * idle.interfaceEndpointPerAzHour * hours, `interface endpoint in ${azs} AZ(s) × $${idle.interfaceEndpointPerAzHour}/h`);
        }
        break;
      case 'AWS::EC2::NatGateway':
        add(id, resource.Type, idle.natGatewayHour * hours, `$${idle.natGatewayHour}/h plus data processed`);
        break;
      case 'AWS::KMS::Key':
        add(id, resource.Type, idle.kmsKeyMonth, 'customer managed key');
        break;
      case 'AWS::SecretsManager::Secret':
        add(id, resource.Type, idle.secretMonth, 'secret');
        break;
      case 'AWS::CloudWatch::Alarm':
        add(id, resource.Type, idle.alarmMonth, 'standard-resolution alarm');
        break;
    }
  }

  const { perThousandQuestionsUsd, perThousandPagesIngestedUsd, unpricedModels } = perUse(resources, prices);
  if (proxied) notes.push('RDS Proxy keeps Aurora from pausing; turn it off (database.useRdsProxy) unless connections run short.');
  notes.push(`Aurora storage assumed at ${idle.assumedDatabaseGb} GB; CloudWatch Logs, X-Ray and data transfer are billed per use and not included.`);
  return {
    region: prices.region,
    pricesAsOf: prices.pricesAsOf,
    idleMonthlyUsd: round(items.reduce((sum, item) => sum + item.idleMonthlyUsd, 0)),
    items: items.sort((a, b) => b.idleMonthlyUsd - a.idleMonthlyUsd),
    perThousandQuestionsUsd: round(perThousandQuestionsUsd),
    perThousandPagesIngestedUsd: round(perThousandPagesIngestedUsd),
    unpricedModels,
    notes,
  };
}

function perUse(resources: [string, CfnResource][], prices: PriceTable) {
  const usage = prices.usage;
  const a = prices.assumptions;
  const models = prices.modelsPerMillionTokens;
  const unpriced = new Set<string>();
  const variables = resources
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
    .map(([, r]) => (r.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>);
  const modelId = (names: string[]) => {
    for (const vars of variables) for (const name of names) if (typeof vars[name] === 'string') return vars[name] as string;
    return undefined;
  };
  const tokenCost = (model: string | undefined, input: number, output = 0) => {
    if (!model) return 0;
    const price = models[model];
    if (!price) {
      unpriced.add(model);
      return 0;
    }
    return (input * price.input + output * (price.output ?? 0)) / 1_000_000;
  };
  const chatModel = modelId(['BEDROCK_CHAT_MODEL_ID', 'OPENAI_CHAT_MODEL']);
  const embeddingModel = modelId(['BEDROCK_EMBEDDING_MODEL_ID', 'OPENAI_EMBEDDING_MODEL']);
  const auroraSecond = (usage.auroraActiveAcu * prices.idle.auroraServerlessV2PerAcuHour) / 3600;

  const question =
    tokenCost(chatModel, a.questionChatInputTokens, a.questionChatOutputTokens) +
    tokenCost(embeddingModel, a.questionEmbeddingTokens) +
    a.questionLambdaGbSeconds * usage.lambdaArmPerGbSecond +
    (3 * usage.lambdaPerMillionRequests) / 1_000_000 +
    usage.apiGatewayRestPerMillionRequests / 1_000_000 +
    usage.stepFunctionsExpressPerMillionRequests / 1_000_000 +
    a.questionWorkflowSeconds * 0.0625 * usage.stepFunctionsExpressPerGbSecond +
    a.questionAuroraSeconds * auroraSecond;
  const page =
    tokenCost(embeddingModel, a.pageEmbeddingTokens) +
    a.pageLambdaGbSeconds * usage.lambdaArmPerGbSecond +
    a.pageAuroraSeconds * auroraSecond +
    (usage.s3PutPerThousand / 1000 + usage.s3GetPerThousand / 1000 + (3 * usage.sqsPerMillionRequests) / 1_000_000) / a.pagesPerDocument;
  return { perThousandQuestionsUsd: question * 1000, perThousandPagesIngestedUsd: page * 1000, unpricedModels: [...unpriced] };
}
