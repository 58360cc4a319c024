import { JsonSchemaType, JsonSchemaVersion, type Model, type RestApi } from 'aws-cdk-lib/aws-apigateway';

/** Longest chat message the API accepts, in characters. */
export const MAX_CHAT_MESSAGE_LENGTH = 4000;

/** The request models API Gateway validates bodies against before any backend runs. */
export interface ChatApiModels {
  readonly chatRequest: Model;
}

export function addChatApiModels(api: RestApi): ChatApiModels {
  const chatRequest = api.addModel('ChatRequest', {
    contentType: 'application/json',
    modelName: 'ChatRequest',
    schema: {
      schema: JsonSchemaVersion.DRAFT4,
      title: 'ChatRequest',
      type: JsonSchemaType.OBJECT,
      required: ['message'],
      additionalProperties: false,
      properties: {
        message: { type: JsonSchemaType.STRING, minLength: 1, maxLength: MAX_CHAT_MESSAGE_LENGTH },
        conversationId: { type: JsonSchemaType.STRING, minLength: 1, maxLength: 128 },
      },
    },
  });
  return { chatRequest };
}
