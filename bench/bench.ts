// Runs benchmark sections one after another on the same data, prints each, then one
// machine-readable line: BENCH_JSON {...}.
import { loadBenchData, type BenchData } from './data.js';
import { hasGc } from './measure.js';
import type { BenchContext, BenchResults, Section } from './section.js';

export type { BenchContext, BenchResults, Section, SectionReport } from './section.js';

export async function runBench(sections: readonly Section[], data: BenchData = loadBenchData()): Promise<BenchResults> {
  const ctx: BenchContext = { data, results: {} };
  const started = Date.now();
  console.log(`pasokh bench: node ${process.version}, ${process.platform}/${process.arch}, gc ${hasGc ? 'exposed' : 'NOT exposed'}\n`);
  for (const section of sections) {
    const report = await section.run(ctx);
    ctx.results[section.id] = report.json;
    console.log(`== ${report.title} ==\n${report.text}\n`);
  }
  const meta = { node: process.version, gc: hasGc, seconds: (Date.now() - started) / 1000 };
  console.log(`BENCH_JSON ${JSON.stringify({ ...ctx.results, meta })}`);
  return ctx.results;
}
