import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Worker } from 'tesseract.js';
import { ConfigError } from '../errors.js';
import { type OcrOptions, type OcrProvider, type OcrResult, OcrTimeoutError } from './ocr-provider.js';

/** An idle worker is ended after this long, so a process that has finished reading scans can exit. */
const IDLE_MS = 5_000;

interface RunningWorker {
  language: string;
  ready: Promise<Worker>;
  /** Rejects when the worker is ended, so the pages it was reading fail instead of waiting. */
  ended: Promise<never>;
  end(): void;
}

/**
 * The English traineddata shipped by `@tesseract.js-data/eng` (the "best_int" LSTM model that
 * tesseract.js picks for its default engine mode).
 */
export function bundledLangDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

/**
 * Offline OCR with tesseract.js (WebAssembly, on a worker thread). Everything it loads comes from
 * node_modules or `langDir`: the worker script and core from their packages, traineddata from
 * disk, and nothing is cached to the working directory. tesseract.js is imported on first use.
 */
export class TesseractOcr implements OcrProvider {
  readonly name = 'tesseract';
  private worker?: RunningWorker;
  private idleTimer?: NodeJS.Timeout;
  // Pages being read, of any document: the idle timer may end the worker only when none is.
  private inFlight = 0;

  /** @param idleMs how long an idle worker lives. @default IDLE_MS */
  constructor(
    private readonly langDir?: string,
    private readonly idleMs: number = IDLE_MS,
  ) {}

  async recognise(image: Uint8Array, options: OcrOptions): Promise<OcrResult> {
    this.inFlight += 1;
    this.cancelIdle();
    let timer: NodeJS.Timeout | undefined;
    try {
      const running = this.workerFor(options.language);
      const worker = await running.ready;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new OcrTimeoutError(options.timeoutMs)), options.timeoutMs);
      });
      // A worker ended under a page (another page's time limit) never answers it: fail the page now.
      const { data } = await Promise.race([worker.recognize(Buffer.from(image), {}, { text: true, blocks: true }), timeout, running.ended]);
      const words = (data.blocks ?? []).flatMap((block) =>
        block.paragraphs.flatMap((paragraph) =>
          paragraph.lines.flatMap((line) => line.words.map((word) => ({ text: word.text, confidence: word.confidence }))),
        ),
      );
      return { text: data.text.trim(), confidence: data.confidence, words };
    } catch (error) {
      // A page that timed out leaves the worker busy: end it and start afresh next time.
      if (error instanceof OcrTimeoutError) await this.close();
      throw error;
    } finally {
      clearTimeout(timer);
      this.inFlight -= 1;
      if (this.inFlight === 0) this.scheduleIdle();
    }
  }

  async close(): Promise<void> {
    this.cancelIdle();
    const current = this.worker;
    this.worker = undefined;
    if (!current) return;
    current.end();
    await (await current.ready.catch(() => undefined))?.terminate().catch(() => undefined);
  }

  private workerFor(language: string): RunningWorker {
    if (this.worker?.language === language) return this.worker;
    void this.close();
    const ready = this.start(language);
    let end!: () => void;
    const ended = new Promise<never>((_, reject) => {
      end = () => reject(new Error('the OCR worker was stopped while it read this page'));
    });
    ended.catch(() => undefined);
    const running: RunningWorker = { language, ready, ended, end };
    this.worker = running;
    ready.catch(() => {
      if (this.worker === running) this.worker = undefined;
    });
    return running;
  }

  private async start(language: string): Promise<Worker> {
    const langPath = this.langDir ?? bundledLangDir();
    const languages = language.split('+');
    const missing = languages.filter(
      (code) => !existsSync(path.join(langPath, `${code}.traineddata.gz`)) && !existsSync(path.join(langPath, `${code}.traineddata`)),
    );
    if (missing.length > 0) {
      throw new ConfigError(
        `OCR language data for ${missing.join(', ')} is not in ${langPath}; set RAG_OCR_LANG_DIR to a folder holding <lang>.traineddata for every language in RAG_OCR_LANG`,
      );
    }
    const gzip = languages.every((code) => existsSync(path.join(langPath, `${code}.traineddata.gz`)));
    const { createWorker, OEM } = await import('tesseract.js');
    return createWorker(languages, OEM.LSTM_ONLY, { langPath, gzip, cacheMethod: 'none', logger: () => {}, errorHandler: () => {} });
  }

  private scheduleIdle(): void {
    this.cancelIdle();
    this.idleTimer = setTimeout(() => void this.close(), this.idleMs);
    this.idleTimer.unref();
  }

  private cancelIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
