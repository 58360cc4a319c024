// Child process of the memory benchmark: ingests the film plots N times over with this
// project's pipeline into a fresh data folder and prints one JSON line with its peak RSS.
import '#core/polyfills.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readFilmPlots, writeFilmPlotFiles } from './corpora.js';
import { ingestWithProject, openProjectRuntime } from './pipelines/project-pipeline.js';

const { values } = parseArgs({ options: { data: { type: 'string' }, copies: { type: 'string', default: '1' }, limit: { type: 'string' } } });
const copies = Number(values.copies);
const work = await mkdtemp(path.join(os.tmpdir(), 'bench-memory-'));
try {
  const films = await readFilmPlots(values.data!);
  const files = await writeFilmPlotFiles(values.limit ? films.slice(0, Number(values.limit)) : films, path.join(work, 'files'), copies);
  const runtime = await openProjectRuntime(path.join(work, 'data'));
  try {
    const run = await ingestWithProject(runtime, files);
    // maxRSS is in KiB on Linux and macOS.
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify({ copies, documents: run.documents, chunks: run.chunks, seconds: run.seconds, peakRssMiB })}\n`);
  } finally {
    await runtime.close();
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
