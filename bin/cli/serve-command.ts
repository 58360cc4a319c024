import type { RagConfig } from '#core/config/index.js';
import { startLocalStack } from '#local/local-stack.js';

/** `rag serve` (= `npm start`): the whole product on this machine until Ctrl-C. */
export async function serveCommand(config: RagConfig, options: { verbose?: boolean }): Promise<number> {
  const stack = await startLocalStack(config, { requestLog: options.verbose });
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`RAG document chatbot is running (data in ${config.dataDir})`);
  out(`  Web site and API  ${stack.httpUrl}   (health: ${stack.httpUrl}/api/health)`);
  if (stack.sftpPort !== undefined) {
    out(`  SFTP drop         sftp -P ${stack.sftpPort} <user>@${config.host}`);
    out(`  SFTP host key     ${stack.sftpHostFingerprint}   (ED25519; ssh shows the same on first connection)`);
    out(`                    ${stack.sftpHostPublicKey}`);
  } else {
    out('  SFTP drop         off (set RAG_SFTP_USERS to enable it)');
  }
  out(`  Embeddings        ${stack.runtime.embedder.id}`);
  out(`  Answers           ${stack.runtime.chatModel?.id ?? 'local extractive (quotes from your documents)'}`);
  out(`  Auth              ${config.apiToken ? 'bearer token required (RAG_API_TOKEN)' : 'none (loopback only)'}`);
  out('Press Ctrl-C to stop.');

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  out('Stopping…');
  await stack.close();
  return 0;
}
