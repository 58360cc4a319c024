import type { Model, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { chatRequestSchema } from '#core/contract/chat-contract.js';
import { chatScopeSchema } from '#core/contract/chat-scope-contract.js';
import { apiGatewayModelSchema } from './api-gateway-model.js';

/** The request models API Gateway validates bodies against before any backend runs, generated from the contract's schemas. */
export interface ChatApiModels {
  readonly chatRequest: Model;
}

/** The chat body API Gateway accepts: the contract's request plus the scope fields that narrow the search; any other field (a `user`, an `identity`) is refused, as identity comes from the token alone. */
export const CHAT_REQUEST_MODEL_SCHEMA = chatRequestSchema.extend(chatScopeSchema.shape);

export function addChatApiModels(api: RestApi): ChatApiModels {
  const chatRequest = api.addModel('ChatRequest', {
    contentType: 'application/json',
    modelName: 'ChatRequest',
    schema: apiGatewayModelSchema(CHAT_REQUEST_MODEL_SCHEMA, 'ChatRequest'),
  });
  return { chatRequest };
}
