import { RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Placeholder stored in the OpenAI key secret until an operator puts the real key in. */
export const OPENAI_KEY_PLACEHOLDER = 'REPLACE_WITH_OPENAI_API_KEY';

export interface ModelProviderProps {
  readonly provider: 'openai' | 'bedrock';
  /** Embedding model id: an OpenAI model name or a Bedrock model id. */
  readonly embeddingModel: string;
  /** Chat model id: an OpenAI model name, or a Bedrock model or inference profile id. */
  readonly chatModel: string;
  readonly embeddingDimensions: number;
  /** OpenAI-compatible endpoint. @default - api.openai.com */
  readonly openAiBaseUrl?: string;
  /** @default RemovalPolicy.DESTROY */
  readonly removalPolicy?: RemovalPolicy;
}

// Cross-region inference profile ids start with a geography (us., eu., apac., global. …).
const INFERENCE_PROFILE_PREFIX = /^([a-z]{2,6})\.(.+)$/;
const MODEL_PROVIDER_NAMES = new Set([
  'amazon',
  'anthropic',
  'cohere',
  'meta',
  'mistral',
  'ai21',
  'deepseek',
  'writer',
  'openai',
  'qwen',
  'stability',
  'twelvelabs',
]);

/**
 * The model provider the functions call, and the secret or permissions that go with it:
 * for OpenAI a Secrets Manager secret holding the API key (read at run time, never put in
 * environment variables); for Bedrock, InvokeModel on exactly the configured models.
 */
export class ModelProvider extends Construct {
  readonly provider: 'openai' | 'bedrock';
  /** The OpenAI API key secret; only when the provider is OpenAI. */
  readonly openAiApiKeySecret?: Secret;
  /** Environment variables every model-calling function gets. */
  readonly environment: Record<string, string>;
  /**
   * The model settings without the key secret: for functions that must know which embedding
   * model indexed the documents (to check the index) but never call a model.
   */
  get catalogEnvironment(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.environment).filter(([name]) => !name.endsWith('_SECRET_ARN')));
  }
  private readonly bedrockModelArns: string[];
  /** Foundation models reached through cross-region inference profiles (any region). */
  private readonly crossRegionModelIds: string[];

  constructor(scope: Construct, id: string, props: ModelProviderProps) {
    super(scope, id);
    this.provider = props.provider;
    const stack = Stack.of(this);

    this.environment = {
      EMBEDDINGS_PROVIDER: props.provider,
      CHAT_PROVIDER: props.provider,
      EMBEDDING_DIMENSIONS: String(props.embeddingDimensions),
    };

    if (props.provider === 'openai') {
      this.openAiApiKeySecret = new Secret(this, 'OpenAiApiKey', {
        description: 'OpenAI API key for the RAG document chatbot. Put the real key in with `aws secretsmanager put-secret-value`.',
        // A recognisable placeholder rather than a generated value: deploy works before the key
        // exists, and CloudFormation leaves a value put in later alone until this text changes.
        secretStringValue: SecretValue.unsafePlainText(OPENAI_KEY_PLACEHOLDER),
        removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
      });
      Validations.of(this.openAiApiKeySecret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: 'A third-party API key: it is rotated at OpenAI and put here by an operator; Secrets Manager cannot rotate it.',
      });
      Object.assign(this.environment, {
        OPENAI_API_KEY_SECRET_ARN: this.openAiApiKeySecret.secretArn,
        OPENAI_EMBEDDING_MODEL: props.embeddingModel,
        OPENAI_CHAT_MODEL: props.chatModel,
        ...(props.openAiBaseUrl ? { OPENAI_BASE_URL: props.openAiBaseUrl } : {}),
      });
      this.bedrockModelArns = [];
      this.crossRegionModelIds = [];
    } else {
      Object.assign(this.environment, {
        BEDROCK_EMBEDDING_MODEL_ID: props.embeddingModel,
        BEDROCK_CHAT_MODEL_ID: props.chatModel,
      });
      const modelIds = [...new Set([props.embeddingModel, props.chatModel])];
      this.bedrockModelArns = modelIds.flatMap((modelId) => bedrockResourceArns(stack, modelId));
      this.crossRegionModelIds = modelIds.map(inferenceProfileModel).filter((modelId): modelId is string => modelId !== undefined);
    }
  }

  /** Lets a function call the configured models: read the key secret, or invoke the Bedrock models. */
  grantInvoke(grantee: IGrantable & Construct): void {
    if (this.openAiApiKeySecret) {
      this.openAiApiKeySecret.grantRead(grantee);
      return;
    }
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: this.bedrockModelArns,
      }),
    );
    for (const modelId of this.crossRegionModelIds) {
      // cdk-nag names the finding by the ARN as rendered in the template.
      Validations.of(grantee).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*::foundation-model/${modelId}]`,
        reason:
          'A cross-region inference profile routes each call to any region of its geography, so the foundation model must be allowed in every region; the model id itself is fixed.',
      });
    }
  }
}

/**
 * IAM resources for one Bedrock model id: the foundation model in this region, or for an
 * inference profile the profile plus its foundation model in every region it may route to.
 */
export function bedrockResourceArns(stack: Stack, modelId: string): string[] {
  const foundationModel = inferenceProfileModel(modelId);
  if (foundationModel !== undefined) {
    return [
      `arn:${stack.partition}:bedrock:${stack.region}:${stack.account}:inference-profile/${modelId}`,
      `arn:${stack.partition}:bedrock:*::foundation-model/${foundationModel}`,
    ];
  }
  return [`arn:${stack.partition}:bedrock:${stack.region}::foundation-model/${modelId}`];
}

/** The foundation model behind a cross-region inference profile id, or undefined for a plain model id. */
export function inferenceProfileModel(modelId: string): string | undefined {
  const profile = INFERENCE_PROFILE_PREFIX.exec(modelId);
  return profile && !MODEL_PROVIDER_NAMES.has(profile[1]!) ? profile[2] : undefined;
}
