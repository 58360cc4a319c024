import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { detectLanguage } from '#core/chat/detect-language.js';
import { chunkDocument, contextualText } from '#core/chunking/index.js';
import { cleanDocument } from '#core/cleaning/index.js';
import type { JobEventType } from '#core/ingestion/index.js';
import { DEFAULT_INGEST_GROUP_SIZE } from '#core/ingestion/ingest-document.js';
import { parseDocument } from '#core/parsing/index.js';
import { sha256Hex } from '#core/store/stable-id.js';
import type { DocumentReplacement } from '#core/store/vector-store.js';
import type { CorpusFile } from '../corpora.js';
import { openProjectRuntime } from '../pipelines/project-pipeline.js';

export interface IngestStages {
  corpus: string;
  documents: number;
  chunks: number;
  /** Milliseconds spent in each step over the whole corpus. */
  ms: { read: number; parseAndClean: number; chunk: number; embed: number; store: number; jobAudit: number };
}

const EMBEDDING_BATCH = 128;

/**
 * Where this project's ingest time goes: the steps `runIngestJob` runs — per group of
 * documents: read, parse and clean, chunk, embed the group's chunks together, write the group
 * in one transaction, then its audit events and results — each timed on its own, one step
 * after another (no overlap), so the parts add up.
 */
export async function measureIngestStages(corpus: string, files: readonly CorpusFile[]): Promise<IngestStages> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-stages-'));
  const runtime = await openProjectRuntime(dataDir);
  const ms = { read: 0, parseAndClean: 0, chunk: 0, embed: 0, store: 0, jobAudit: 0 };
  const timed = async <T>(step: keyof typeof ms, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      ms[step] += performance.now() - started;
    }
  };
  let chunks = 0;
  try {
    const jobId = await timed('jobAudit', async () => {
      const id = await runtime.jobs.create(
        'bench',
        files.map((file) => ({ source: file.source })),
      );
      await runtime.jobs.markRunning(id);
      return id;
    });
    for (let start = 0; start < files.length; start += DEFAULT_INGEST_GROUP_SIZE) {
      const group = files.slice(start, start + DEFAULT_INGEST_GROUP_SIZE);
      await timed('store', () => runtime.store.findDocumentsBySources(group.map((file) => file.source)));
      const events: { jobId: string; type: JobEventType; source: string; detail: string; at: Date }[] = [];
      const replacements: DocumentReplacement[] = [];
      const texts: string[] = [];
      for (const file of group) {
        const bytes = await timed('read', async () => new Uint8Array(await readFile(file.path)));
        const { parsed, language } = await timed('parseAndClean', async () => {
          const document = cleanDocument(await parseDocument({ source: file.source, bytes }));
          return {
            parsed: document,
            language: detectLanguage(
              `${document.title}\n${document.sections
                .map((s) => s.text)
                .join('\n')
                .slice(0, 4000)}`,
            ),
          };
        });
        const pieces = await timed('chunk', () => chunkDocument(parsed, runtime.config.chunking));
        texts.push(...pieces.map(contextualText));
        replacements.push({
          document: {
            source: file.source,
            contentHash: sha256Hex(bytes),
            title: parsed.title,
            format: parsed.format,
            language,
            metadata: parsed.metadata,
            byteSize: bytes.byteLength,
          },
          chunks: pieces.map((piece) => ({ ...piece, embedding: [] })),
          textConfig: language === 'es' ? 'spanish' : language === 'en' ? 'english' : 'simple',
        });
        for (const type of ['received', 'parsed', 'chunked', 'stored'] as const)
          events.push({ jobId, type, source: file.source, detail: type, at: new Date() });
      }
      const vectors = await timed('embed', async () => {
        const all: number[][] = [];
        for (let i = 0; i < texts.length; i += EMBEDDING_BATCH)
          all.push(...(await runtime.embedder.embed(texts.slice(i, i + EMBEDDING_BATCH), 'document')).vectors);
        return all;
      });
      let next = 0;
      for (const replacement of replacements) for (const chunk of replacement.chunks) chunk.embedding = vectors[next++]!;
      await timed('store', () => runtime.store.replaceDocuments(replacements));
      await timed('jobAudit', async () => {
        await runtime.jobs.appendEvents(events);
        await runtime.jobs.recordDocuments(
          jobId,
          replacements.map((r) => ({ source: r.document.source, status: 'indexed' as const, chunks: r.chunks.length })),
        );
      });
      chunks += next;
    }
    return { corpus, documents: files.length, chunks, ms };
  } finally {
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
