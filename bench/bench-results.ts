import type { AnswersResult } from './answers-section.js';
import type { ChatLatencyResult } from './sections/chat-latency.js';
import type { CliStartupResult } from './sections/cli-startup.js';
import type { FormatIngestRow } from './sections/format-ingest.js';
import type { IngestStages } from './sections/ingest-stages.js';
import type { ThroughputResult } from './sections/ingest-throughput.js';
import type { MemoryRow } from './sections/memory.js';
import type { NetworkedResult } from './sections/networked-database.js';
import type { LatencyResult } from './sections/retrieval-latency.js';
import type { QualityResult } from './sections/retrieval-quality.js';

export type SectionName = 'ingest' | 'startup' | 'quality' | 'latency' | 'chat' | 'memory' | 'answers' | 'networked';
export const SECTIONS: readonly SectionName[] = ['ingest', 'startup', 'quality', 'latency', 'chat', 'memory', 'answers', 'networked'];

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
}

/** Everything one `npm run bench` measured; written as docs/benchmarks/results.json. */
export interface BenchResults {
  generatedAt: string;
  command: string;
  durationSeconds: number;
  machine: MachineInfo;
  settings: Record<string, unknown>;
  ingest?: {
    results: ThroughputResult[];
    ratios: { corpus: string; vsLangChain: number; vsNaive: number }[];
    stages: IngestStages[];
    /** Parse, clean and chunk time of one generated file per format. */
    formats?: FormatIngestRow[];
  };
  /** `rag ingest` and `rag ask` as a user runs them, process start included. */
  startup?: CliStartupResult;
  quality?: QualityResult[];
  latency?: LatencyResult;
  chat?: ChatLatencyResult & { requests: number };
  memory?: { rows: MemoryRow[]; growth?: number; corpusGrowth?: number };
  answers?: AnswersResult;
  /** The same ingest and chat against the engine served over TCP from another process. */
  networked?: NetworkedResult;
  /** Later runs of some sections that replaced those sections' figures. */
  reruns?: { command: string; sections: SectionName[]; generatedAt: string; durationSeconds: number; machine: MachineInfo }[];
}
