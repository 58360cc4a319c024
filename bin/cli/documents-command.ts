import type { RagRuntime } from '#core/runtime/index.js';
import { formatTable, printJson, printLine } from './output.js';

/** `rag documents`: the indexed documents. */
export async function documentsCommand(runtime: RagRuntime, options: { json?: boolean; collection?: string[] }): Promise<number> {
  const documents = await runtime.store.listDocuments(options.collection?.length ? options.collection : undefined);
  if (options.json) {
    printJson(documents);
    return 0;
  }
  if (documents.length === 0) {
    printLine('No documents indexed yet. Run `rag ingest <file|folder>`.');
    return 0;
  }
  printLine(
    formatTable(
      ['id', 'collection', 'source', 'title', 'lang', 'chunks', 'updated'],
      documents.map((d) => [
        d.id,
        d.collection,
        d.source,
        d.title.length > 40 ? `${d.title.slice(0, 39)}…` : d.title,
        d.language,
        String(d.chunkCount),
        d.updatedAt,
      ]),
    ),
  );
  printLine(`${documents.length} document(s), ${documents.reduce((sum, d) => sum + d.chunkCount, 0)} chunk(s)`);
  return 0;
}

/** `rag delete <documentId|source>`: removes a document and its chunks. */
export async function deleteCommand(runtime: RagRuntime, idOrSource: string, options: { json?: boolean; collection?: string }): Promise<number> {
  const found = (await runtime.store.getDocument(idOrSource)) ?? (await runtime.store.findDocumentBySource(idOrSource));
  // With --collection, a document of another collection is left alone, as if it were not there.
  const inScope = found && (options.collection === undefined || found.collection === options.collection);
  const removed = inScope ? await runtime.store.deleteDocument(found.id) : undefined;
  if (options.json)
    printJson(removed ? { deleted: true, document: removed } : { deleted: false, error: { code: 'not_found', message: `No document ${idOrSource}` } });
  else if (removed) printLine(`Deleted ${removed.source} (${removed.chunkCount} chunk(s)).`);
  else process.stderr.write(`No document with id or source ${idOrSource}\n`);
  return removed ? 0 : 1;
}
