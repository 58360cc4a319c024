import { extractiveLabel } from '../../layers/core/chat/extractive-answer.js';
import { ConversationRepository } from '../../layers/core/chat-workflow/index.js';
import { LocalChatWorkflow } from '../../layers/local/local-chat-workflow.js';
import type { RagRuntime } from '../../layers/core/runtime/index.js';
import { printJson, printLine } from './output.js';

/** `rag ask "<message>"`: one chat turn through improve → retrieve → answer. */
export async function askCommand(
  runtime: RagRuntime,
  message: string,
  options: { json?: boolean; conversation?: string; k?: number },
): Promise<number> {
  // The same workflow definition the local stack and Step Functions run.
  const workflow = new LocalChatWorkflow({
    store: runtime.store,
    embedder: runtime.embedder,
    conversations: new ConversationRepository(runtime.db),
    chatModel: runtime.chatModel,
    topK: options.k ?? runtime.config.retrieval.topK,
  });
  const response = await workflow.run({ message, conversationId: options.conversation });
  if (options.json) {
    printJson(response);
    return 0;
  }
  printLine(response.answer);
  if (response.citations.length > 0) {
    printLine();
    for (const citation of response.citations) {
      const where = [citation.heading, citation.page ? `p. ${citation.page}` : undefined].filter(Boolean).join(', ');
      printLine(`[${citation.n}] ${citation.title}${where ? ` — ${where}` : ''} (${citation.source}, score ${citation.score.toFixed(2)})`);
    }
  }
  // A not-found reply quotes nothing, so the label would describe an answer that is not there.
  if (response.answerMode === 'extractive' && response.citations.length > 0) {
    printLine();
    printLine(`(${extractiveLabel(response.language === 'es' ? 'es' : 'en')})`);
  }
  printLine();
  printLine(`conversation ${response.conversationId} · ${response.intent} · ${response.timingsMs.total} ms`);
  return 0;
}
