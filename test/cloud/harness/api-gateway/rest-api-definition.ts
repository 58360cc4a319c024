import type { GatewayResponseDefinition } from './gateway-responses.js';

/** What the API reader needs from the template: its resources, and the harness's intrinsic resolver. */
export interface TemplateView {
  readonly template: { readonly Resources: Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }> };
  resolve(value: unknown): unknown;
}

export interface IntegrationResponseDefinition {
  StatusCode: string;
  SelectionPattern?: string;
  ResponseTemplates?: Record<string, string>;
  ResponseParameters?: Record<string, string>;
}

/** An `AWS::ApiGateway::Method`'s Integration, its intrinsics resolved. */
export interface IntegrationDefinition {
  Type: 'AWS' | 'AWS_PROXY' | 'MOCK' | 'HTTP' | 'HTTP_PROXY';
  Uri?: string;
  Credentials?: string;
  IntegrationHttpMethod?: string;
  PassthroughBehavior?: 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER';
  RequestTemplates?: Record<string, string>;
  IntegrationResponses?: IntegrationResponseDefinition[];
  TimeoutInMillis?: number;
}

export interface MethodDefinition {
  logicalId: string;
  httpMethod: string;
  /** The resource path with its `{param}` parts, e.g. `/api/documents/{id}`. */
  resourcePath: string;
  resourceId: string;
  authorizationType: string;
  authorizerLogicalId?: string;
  validator?: { validateRequestBody: boolean; validateRequestParameters: boolean };
  /** Content type → JSON Schema of the request body. */
  requestModels: Record<string, Record<string, unknown>>;
  /** `method.request.header.X` (and querystring, path) → required. */
  requestParameters: Record<string, boolean>;
  integration: IntegrationDefinition;
}

export interface RestApiDefinition {
  restApiLogicalId: string;
  methods: MethodDefinition[];
  authorizers: Record<string, { Type: string; IdentitySource: string; ProviderARNs: string[] }>;
  gatewayResponses: GatewayResponseDefinition[];
}

type Ref = { Ref?: string; 'Fn::GetAtt'?: [string, string] };

/** Reads one REST API's methods, authorizers, validators, models and gateway responses from the template. */
export function readRestApi(view: TemplateView, restApiLogicalId: string): RestApiDefinition {
  const resources = view.template.Resources;
  const ofApi = (type: string) =>
    Object.entries(resources).filter(([, resource]) => resource.Type === type && (resource.Properties?.RestApiId as Ref | undefined)?.Ref === restApiLogicalId);

  const pathOf = (parent: unknown): string => {
    const ref = parent as Ref;
    if (ref['Fn::GetAtt']?.[0] === restApiLogicalId && ref['Fn::GetAtt'][1] === 'RootResourceId') return '';
    const id = ref.Ref;
    const resource = id ? resources[id] : undefined;
    if (!id || resource?.Type !== 'AWS::ApiGateway::Resource') throw new Error(`Unsupported resource parent ${JSON.stringify(parent)}`);
    return `${pathOf(resource.Properties?.ParentId)}/${String(resource.Properties?.PathPart)}`;
  };

  const models = new Map(ofApi('AWS::ApiGateway::Model').map(([id, resource]) => [id, view.resolve(resource.Properties?.Schema) as Record<string, unknown>]));
  const validators = new Map(
    ofApi('AWS::ApiGateway::RequestValidator').map(([id, resource]) => [
      id,
      {
        validateRequestBody: Boolean(resource.Properties?.ValidateRequestBody),
        validateRequestParameters: Boolean(resource.Properties?.ValidateRequestParameters),
      },
    ]),
  );

  const methods = ofApi('AWS::ApiGateway::Method').map(([logicalId, resource]): MethodDefinition => {
    const properties = resource.Properties ?? {};
    const resourceRef = properties.ResourceId as Ref;
    const requestModels: Record<string, Record<string, unknown>> = {};
    for (const [contentType, model] of Object.entries((properties.RequestModels ?? {}) as Record<string, unknown>)) {
      const schema = typeof model === 'object' && model && 'Ref' in model ? models.get(String((model as Ref).Ref)) : undefined;
      // Built-in models (Empty, Error) validate nothing a client sends.
      if (schema) requestModels[contentType] = schema;
    }
    const validatorId = (properties.RequestValidatorId as Ref | undefined)?.Ref;
    return {
      logicalId,
      httpMethod: String(properties.HttpMethod),
      resourcePath: pathOf(resourceRef) || '/',
      resourceId: String(view.resolve(resourceRef)),
      authorizationType: String(properties.AuthorizationType ?? 'NONE'),
      ...(properties.AuthorizerId ? { authorizerLogicalId: String((properties.AuthorizerId as Ref).Ref) } : {}),
      ...(validatorId ? { validator: validators.get(validatorId) } : {}),
      requestModels,
      requestParameters: (view.resolve(properties.RequestParameters) ?? {}) as Record<string, boolean>,
      integration: view.resolve(properties.Integration) as IntegrationDefinition,
    };
  });

  const authorizers = Object.fromEntries(
    ofApi('AWS::ApiGateway::Authorizer').map(([id, resource]) => [id, view.resolve(resource.Properties) as RestApiDefinition['authorizers'][string]]),
  );
  const gatewayResponses = ofApi('AWS::ApiGateway::GatewayResponse').map(([, resource]) => view.resolve(resource.Properties) as GatewayResponseDefinition);
  return { restApiLogicalId, methods, authorizers, gatewayResponses };
}
