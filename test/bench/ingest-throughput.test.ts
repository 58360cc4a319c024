import { cmuArticleFiles } from '../../bench/corpora.js';
import { ingestOnce } from '../../bench/sections/ingest-throughput.js';
import { sharedDataPath, testWithSharedData } from '../support/shared-data.js';

// A smoke run of the three ingest pipelines on three real articles: it checks that each one
// turns files into stored chunks, never how fast.
const dataRoot = sharedDataPath();
testWithSharedData('cmu-wikipedia-qa')(
  'this project, the naive writer and LangChain.js each index every file',
  async () => {
    // prepare
    const files = (await cmuArticleFiles(dataRoot)).slice(0, 3);

    // act
    const project = await ingestOnce('project', files);
    const naive = await ingestOnce('naive', files);
    const langchain = await ingestOnce('langchain', files);

    // assess: same parser and chunker for this project and the naive writer, so the same chunks
    expect(project).toMatchObject({ documents: 3, failed: 0 });
    expect(naive).toMatchObject({ documents: 3, failed: 0, chunks: project.chunks });
    expect(project.chunks).toBeGreaterThan(3);
    // LangChain's 1,000-character pieces are smaller than 350-token chunks
    expect(langchain.documents).toBe(3);
    expect(langchain.chunks).toBeGreaterThan(project.chunks);
    for (const run of [project, naive, langchain]) expect(run.seconds).toBeGreaterThan(0);
  },
  300_000,
);
