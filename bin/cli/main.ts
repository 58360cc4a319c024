import '#core/polyfills.js';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig } from '#core/config/index.js';
import { RagError, describeError } from '#core/errors.js';
import type { RagRuntime } from '#core/runtime/index.js';
import { UsageError } from './collect-files.js';
import type { EvalCommandOptions } from './eval-command.js';

// Each command's module, and the runtime, are imported when that command runs: `rag ask` then
// loads neither the HTTP server, the SFTP drop, the document parsers nor the evaluation code,
// which took most of its start-up (docs/BENCHMARKS.md, "Start-up").
const access = () => import('./access-commands.js');
const deadLetters = () => import('./dead-letters-command.js');
const documents = () => import('./documents-command.js');

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/** Runs one `rag` invocation and returns its exit code (0 ok, 1 work failed, 2 usage error). */
export async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const withRuntime = (purpose: string, work: (runtime: RagRuntime) => Promise<number>) => async () => {
    const { openRagRuntime } = await import('#core/runtime/index.js');
    const runtime = await openRagRuntime(loadConfig(), { purpose });
    try {
      exitCode = await work(runtime);
    } finally {
      await runtime.close();
    }
  };

  const program = new Command()
    .name('rag')
    .description('Grounded answers with citations from your documents. Runs offline on an embedded PostgreSQL by default.')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showHelpAfterError();

  program
    .command('ingest')
    .description('Ingest files and folders (txt, md, html, pdf, docx) through the same pipeline as the service')
    .argument('<paths...>', 'files or folders')
    .option('--json', 'print one JSON document')
    .option('--prefix <prefix>', 'prefix for document sources, e.g. a team or project name')
    .option('--collection <name>', 'the collection the documents go to (default: default)')
    .action((paths: string[], options: { json?: boolean; prefix?: string; collection?: string }) => {
      // The command's code loads while the database opens.
      const command = import('./ingest-command.js');
      command.catch(() => {}); // reported where it is awaited
      return withRuntime('rag ingest', async (runtime) => (await command).ingestCommand(runtime, paths, options))();
    });

  program
    .command('ask')
    .description('Ask one question and get an answer with citations')
    .argument('<message>', 'the question')
    .option('--conversation <id>', 'continue a conversation')
    .addOption(new Option('--k <k>', 'passages to retrieve').argParser((value) => parsePositiveInt(value, '--k')))
    .option('--json', 'print the chat response as JSON')
    .option('--collection <name...>', 'search only these collections')
    .action((message: string, options: { json?: boolean; conversation?: string; k?: number; collection?: string[] }) => {
      if (!message.trim()) throw new UsageError('the question is empty; for example: rag ask "What is the travel policy?"');
      const command = import('./ask-command.js');
      command.catch(() => {}); // reported where it is awaited
      return withRuntime('rag ask', async (runtime) => (await command).askCommand(runtime, message, options))();
    });

  program
    .command('jobs')
    .description('List recent ingestion jobs, or show one with its documents and audit events')
    .argument('[jobId]', 'a job id')
    .option('--json', 'print JSON')
    .action((jobId: string | undefined, options: { json?: boolean }) =>
      withRuntime('rag jobs', async (runtime) => (await import('./jobs-command.js')).jobsCommand(runtime, jobId, options))(),
    );

  program
    .command('documents')
    .description('List indexed documents')
    .option('--json', 'print JSON')
    .option('--collection <name...>', 'only these collections')
    .action((options: { json?: boolean; collection?: string[] }) =>
      withRuntime('rag documents', async (runtime) => (await documents()).documentsCommand(runtime, options))(),
    );

  program
    .command('delete')
    .description('Remove a document and its chunks')
    .argument('<documentIdOrSource>', 'a document id or source')
    .option('--json', 'print JSON')
    .option('--collection <name>', 'only if the document is in this collection')
    .action((idOrSource: string, options: { json?: boolean; collection?: string }) =>
      withRuntime('rag delete', async (runtime) => (await documents()).deleteCommand(runtime, idOrSource, options))(),
    );

  program
    .command('collections')
    .description('List the collections with their document and chunk counts')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => withRuntime('rag collections', async (runtime) => (await access()).collectionsCommand(runtime, options))());

  program
    .command('users')
    .description('List, add or remove the users of the local server (a users file the server re-reads; RAG_USERS=<file>)')
    .argument('<action>', 'list, add or remove')
    .argument('[user]', 'the user name')
    .option('--file <path>', 'the users file (default: RAG_USERS)')
    .option('--collection <grant...>', 'with add: <collection>[:reader|:editor], repeatable')
    .option('--admin', 'with add: the user may do everything')
    .option('--json', 'print JSON')
    .action((action: string, user: string | undefined, options: { file?: string; collection?: string[]; admin?: boolean; json?: boolean }) =>
      access()
        .then(({ usersCommand }) => usersCommand(action, user, options))
        .then((code) => {
          exitCode = code;
        }),
    );

  program
    .command('eval')
    .description(
      'Measure retrieval and answer quality on a SQuAD/XQuAD JSON file or a CMU QA folder (uses a temporary index), or on a feedback export (asked of your index)',
    )
    .option('--dataset <path>', 'SQuAD/XQuAD .json file, a CMU QA folder (S08/, or the folder holding S08 S09 S10), or a --from-feedback export')
    .option('--from-feedback <file.json>', 'write the questions rated down or answered "not found" as a dataset for --dataset, instead of evaluating')
    .addOption(new Option('--days <n>', 'with --from-feedback: the last n days (default 90)').argParser((value) => parsePositiveInt(value, '--days', 3650)))
    .addOption(new Option('--k <k>', 'passages the answer uses; recall is also reported at k').argParser((value) => parsePositiveInt(value, '--k')))
    .addOption(new Option('--limit <n>', 'ask only the first n questions').argParser((value) => parsePositiveInt(value, '--limit', 1_000_000)))
    .addOption(
      new Option('--sample <n>', 'ask a deterministic sample of n questions (the same on every run)').argParser((value) =>
        parsePositiveInt(value, '--sample', 1_000_000),
      ),
    )
    .option('--questions <file>', "ask this file's questions, matched by question id, over the dataset's documents (e.g. xquad.es.json over xquad.en.json)")
    .option('--unanswerable', "index the corpus without the asked questions' gold passages and report the false-answer rate (default --sample 100)")
    .option('--details <file.jsonl>', 'write one JSON line per question: answer, span, scores, ranks')
    .option('--json', 'print the metrics as JSON')
    .action(async (options: { dataset?: string; fromFeedback?: string; days?: number } & EvalCommandOptions, command: Command) => {
      if (options.fromFeedback && !options.dataset) exitCode = await (await import('./eval-command.js')).exportFeedbackCommand(options.fromFeedback, options);
      else if (options.dataset && !options.fromFeedback) exitCode = await (await import('./eval-command.js')).evalCommand(options.dataset, options);
      else command.error('error: give either --dataset <path> or --from-feedback <file.json>');
    });

  program
    .command('dead-letters')
    .description('List ingest messages that failed too often, with their reasons')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => withRuntime('rag dead-letters', async (runtime) => (await deadLetters()).deadLettersCommand(runtime, options))());

  program
    .command('redrive')
    .description('Move dead letters (all, or the given ids) back to the ingest queue')
    .argument('[ids...]', 'dead-letter ids')
    .option('--json', 'print JSON')
    .action((ids: string[], options: { json?: boolean }) =>
      withRuntime('rag redrive', async (runtime) => (await deadLetters()).redriveCommand(runtime, ids, options))(),
    );

  program
    .command('serve')
    .description('Run the whole product locally: HTTP API and web site, SFTP drop, queue worker (same as npm start)')
    .option('--verbose', 'log every HTTP request')
    .action(async (options: { verbose?: boolean }) => {
      exitCode = await (await import('./serve-command.js')).serveCommand(loadConfig(), options);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`rag: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const json = argv.includes('--json');
    const code = error instanceof RagError ? error.code : 'internal_error';
    if (json) process.stdout.write(`${JSON.stringify({ error: { code, message: describeError(error) } })}\n`);
    process.stderr.write(`rag: ${describeError(error)}\n`);
    return EXIT_FAILED;
  }
}

function parsePositiveInt(value: string, name: string, max = 50): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) throw new UsageError(`${name} must be an integer from 1 to ${max}`);
  return parsed;
}
