import type { Model, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { chatRequestSchema } from '#core/contract/chat-contract.js';
import { apiGatewayModelSchema } from './api-gateway-model.js';

/** The request models API Gateway validates bodies against before any backend runs, generated from the contract's schemas. */
export interface ChatApiModels {
  readonly chatRequest: Model;
}

export function addChatApiModels(api: RestApi): ChatApiModels {
  const chatRequest = api.addModel('ChatRequest', {
    contentType: 'application/json',
    modelName: 'ChatRequest',
    schema: apiGatewayModelSchema(chatRequestSchema, 'ChatRequest'),
  });
  return { chatRequest };
}
