import { extractiveLabel } from '#core/chat/extractive-answer.js';
import { LocalChatWorkflow } from '#local/local-chat-workflow.js';
import { type RagRuntime, chatDependencies } from '#core/runtime/index.js';
import { printJson, printLine } from './output.js';

/** `rag ask "<message>"`: one chat turn through improve → retrieve → answer. */
export async function askCommand(
  runtime: RagRuntime,
  message: string,
  options: { json?: boolean; conversation?: string; k?: number; collection?: string[] },
): Promise<number> {
  // The same workflow definition the local stack and Step Functions run.
  const workflow = new LocalChatWorkflow({ ...chatDependencies(runtime), topK: options.k ?? runtime.config.retrieval.topK });
  const response = await workflow.run({
    message,
    conversationId: options.conversation,
    ...(options.collection?.length ? { scope: { collections: options.collection } } : {}),
  });
  if (options.json) {
    printJson(response);
    return 0;
  }
  printLine(renderAnswer(response.answer, Boolean(process.stdout.isTTY)));
  if (response.citations.length > 0) {
    printLine();
    for (const citation of response.citations) {
      const where = [citation.heading, citation.page ? `p. ${citation.page}` : undefined].filter(Boolean).join(', ');
      printLine(`[${citation.n}] ${citation.title}${where ? ` — ${where}` : ''} (${citation.source}, score ${citation.score.toFixed(2)})`);
    }
  }
  const spanish = response.language === 'es';
  if (response.notFound && response.sources && response.sources.length > 0) {
    printLine();
    printLine(spanish ? 'Pasajes más cercanos:' : 'Closest passages:');
    response.sources.forEach((source, index) => {
      const where = [source.heading, source.page ? `p. ${source.page}` : undefined].filter(Boolean).join(', ');
      printLine(`${index + 1}. ${source.title}${where ? ` — ${where}` : ''} (${source.source})`);
      printLine(`   ${source.excerpt}`);
    });
  }
  // The label says what was quoted; a not-found reply quotes nothing.
  if (response.answerMode === 'extractive' && !response.notFound) {
    printLine();
    printLine(`(${extractiveLabel(spanish ? 'es' : 'en')})`);
  }
  printLine();
  printLine(`conversation ${response.conversationId} · ${response.intent} · ${response.timingsMs.total} ms`);
  return 0;
}

/** The answer for a terminal: `**span**` in bold when it is one, plain text otherwise. */
export function renderAnswer(answer: string, terminal: boolean): string {
  return answer.replace(/\*\*([^*]+)\*\*/g, terminal ? '\u001b[1m$1\u001b[22m' : '$1');
}
