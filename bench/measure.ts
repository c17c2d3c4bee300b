// Timing, percentile and memory helpers.
import { performance } from 'node:perf_hooks';

export const now = (): number => performance.now();

/** The q-th quantile (0..1) of sorted values, by linear interpolation. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

export interface LatencyStats {
  calls: number;
  p50Us: number;
  p99Us: number;
  meanUs: number;
  perSecond: number;
}

export interface LoopOptions {
  warmupMs: number;
  durationMs: number;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

/**
 * Calls fn one input at a time, cycling through inputs: a warm-up for warmupMs, then a measured
 * run of at least durationMs (and at least one full pass). Async results are awaited per call.
 */
export async function measureLatency(
  fn: (input: string) => unknown,
  inputs: readonly string[],
  { warmupMs, durationMs }: LoopOptions,
): Promise<LatencyStats> {
  if (inputs.length === 0) throw new Error('measureLatency: no inputs');
  for (let i = 0, end = now() + warmupMs; i < inputs.length || now() < end; i++) {
    const r = fn(inputs[i % inputs.length]!);
    if (isThenable(r)) await r;
  }
  let samples = new Float64Array(4096);
  let n = 0;
  const start = now();
  const end = start + durationMs;
  for (let t = start; n < inputs.length || t < end; ) {
    const t0 = now();
    const r = fn(inputs[n % inputs.length]!);
    if (isThenable(r)) await r;
    t = now();
    if (n === samples.length) {
      const grown = new Float64Array(samples.length * 2);
      grown.set(samples);
      samples = grown;
    }
    samples[n++] = t - t0;
  }
  const elapsed = now() - start;
  const sorted = samples.subarray(0, n).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    calls: n,
    p50Us: quantile(sorted, 0.5) * 1000,
    p99Us: quantile(sorted, 0.99) * 1000,
    meanUs: (sum / n) * 1000,
    perSecond: n / (elapsed / 1000),
  };
}

/** Runs fn over and over for warmupMs, then for durationMs; returns calls per second of the second run. */
export function measureThroughput(fn: (i: number) => void, { warmupMs, durationMs }: LoopOptions): number {
  for (let i = 0, end = now() + warmupMs; now() < end; i++) fn(i);
  let n = 0;
  const start = now();
  const end = start + durationMs;
  // Check the clock every 64 calls so that reading it does not dominate fast functions.
  while (now() < end) for (let k = 0; k < 64; k++) fn(n++);
  return n / ((now() - start) / 1000);
}

const gc = (globalThis as { gc?: () => void }).gc;
export const hasGc = typeof gc === 'function';

/** Heap in use, in bytes, after a full collection when node runs with --expose-gc. */
export function heapUsed(): number {
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

export const MB = 1024 * 1024;
