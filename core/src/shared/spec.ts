// A checked model: every value resolved against the schema, defaults filled in,
// inferred sizes computed. Keys keep the language's own spelling (snake_case)
// so there is no second naming layer between the schema and the engine. The
// members' types are generated from the schema (spec.generated.ts); this file
// adds what the checker adds. The engine trains only specs whose file checked
// without errors.
import type { EmbeddingSpec, GenerateSpec, ModelMembersSpec } from './spec.generated';

export type * from './spec.generated';

/** What a model learns, from its data source (and what a loss is for). */
export type Task = 'regression' | 'classification';

export interface ModelSpec extends Omit<ModelMembersSpec, 'generate' | 'embedding'> {
  name: string;
  /** Absolute directory of the .rnn file; data paths are resolved against it. */
  baseDir: string;
  /** The model's source text, saved with every run (model.rnn); a model that extends others has its bases' first, so the copy checks on its own. */
  source: string;
  task: Task;
  /** The checker's choice: stream the data file from disk instead of loading it whole (the source's `stream`, the memory budget). */
  streamData?: boolean;
  /** Only for data that generates (text); elsewhere the block is ignored, with a warning. */
  generate?: GenerateSpec;
  /** Only when the block is written (token data): without it, tokens are one-hot. */
  embedding?: EmbeddingSpec;
}
