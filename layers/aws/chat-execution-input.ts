import { narrowScope } from '#core/access/access-policy.js';
import type { GroupAccess } from '#core/access/group-roles.js';
import { chatScopeSchema } from '#core/contract/chat-scope-contract.js';
import { parseRequest } from '#core/contract/parse-request.js';
import type { ChatTurnInput } from '#core/chat-workflow/chat-state.js';
import { RagError } from '#core/errors.js';
import { type AuthorizerIdentity, principalOfIdentity } from './caller-principal.js';

/** The execution input the chat route's mapping template builds: the body's fields it copies, and the authorizer's identity. */
export interface ChatExecutionInput {
  message: string;
  conversationId?: string;
  collections?: unknown;
  filters?: unknown;
  identity?: AuthorizerIdentity;
}

/**
 * The chat turn of an execution on AWS, scoped as the local chat route scopes it: the caller
 * (from `identity`, which only the template writes) owns the conversation, another user's
 * conversation is not found, and retrieval is limited to the caller's readable collections
 * narrowed by the request's `collections` and `filters`. Any other field of the input (a
 * `userId`, a `scope`, a `history`) is ignored, so nothing the client sends can set them.
 */
export async function chatTurnOfExecution(
  input: ChatExecutionInput,
  access: GroupAccess,
  ownerOf: (conversationId: string) => Promise<string | undefined>,
): Promise<ChatTurnInput> {
  const principal = principalOfIdentity(input.identity, access);
  const { collections, filters } = parseRequest(chatScopeSchema, { collections: input.collections, filters: input.filters });
  if (input.conversationId !== undefined) {
    const owner = await ownerOf(input.conversationId);
    // Another user's conversation is answered exactly like one that does not exist.
    if (owner !== undefined && owner !== principal.user) throw new RagError('not_found', `No conversation ${input.conversationId}`);
  }
  return {
    message: input.message,
    ...(input.conversationId !== undefined ? { conversationId: input.conversationId } : {}),
    userId: principal.user,
    scope: narrowScope(principal, { ...(filters ?? {}), ...(collections ? { collections } : {}) }),
  };
}
