// A benchmark section: measures something, returns its printed text and its figures for BENCH_JSON.
// Later sections may read the figures of earlier ones from ctx.results.
import type { BenchData } from './data.js';
import type { NormalizerResult } from './sections/normalizer.js';
import type { NluResult } from './sections/nlu.js';
import type { TargetResult } from './sections/targets.js';

export interface BenchResults {
  normalizer?: NormalizerResult;
  nlu?: NluResult[];
  targets?: TargetResult[];
  /** Sections added later (e.g. the engine) keep their figures under their id. */
  [id: string]: unknown;
}

export interface BenchContext {
  data: BenchData;
  results: BenchResults;
}

export interface SectionReport {
  title: string;
  /** The section's table(s) and notes, as printed. */
  text: string;
  /** The figures, stored in ctx.results[section.id] and in the BENCH_JSON line. */
  json: unknown;
}

export interface Section {
  id: string;
  run(ctx: BenchContext): Promise<SectionReport>;
}
