/** One document of an evaluation corpus, ingested through the normal pipeline. */
export interface EvalDocument {
  /** Unique source key; retrieved chunks are matched to gold by it. */
  source: string;
  bytes: Uint8Array;
}

/** One question with its gold passage(s) and gold answer(s). */
export interface EvalQuestion {
  id: string;
  question: string;
  /** ISO 639-1 code of the question. */
  language: string;
  /** A retrieved chunk is relevant when its document's source is one of these. */
  goldSources: string[];
  /** Every accepted answer (human answers, SQuAD spans). */
  answers: string[];
}

/** `rag-feedback`: questions people rated down or left unanswered, asked of the current index (no documents of its own). */
export type EvalDatasetFormat = 'squad' | 'cmu-qa' | 'rag-feedback';

/** A corpus and the questions asked of it. */
export interface EvalDataset {
  name: string;
  format: EvalDatasetFormat;
  documents: EvalDocument[];
  questions: EvalQuestion[];
}
