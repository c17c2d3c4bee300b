// pasokh normalize | classify | intents | eval
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadDotEnv, readModelCacheDir } from '../config.js';
import { createModelCache, evaluate, loadIntents, loadNlu as trainNlu, normalize, parentsOf, type Labelled, type Nlu } from '../nlu/index.js';
import { print, stdinLines, UsageError } from './io.js';

/** The NLU from the model cache (MODEL_CACHE_DIR), trained only when its data changed. */
function loadNlu(intentsDir?: string): Nlu {
  loadDotEnv();
  const dir = readModelCacheDir();
  return trainNlu(intentsDir, {}, dir ? createModelCache(dir) : undefined);
}

export async function normalizeCommand(options: { key: boolean }): Promise<number> {
  for await (const line of stdinLines()) {
    const { display, key } = normalize(line);
    print(options.key ? key : display);
  }
  return 0;
}

export function classifyCommand(text: string | undefined, intentsDir: string | undefined): number {
  if (text === undefined || text.trim() === '') throw new UsageError('classify needs the message text: pasokh classify "قیمتش چنده؟"');
  const nlu = loadNlu(intentsDir);
  print(JSON.stringify(nlu.understand(text), null, 2));
  return 0;
}

export function intentsCommand(options: { json: boolean }, intentsDir: string | undefined): number {
  const intents = intentsDir ? loadIntents(intentsDir) : loadNlu().intents;
  if (options.json) {
    print(JSON.stringify(intents.map(({ intent, description, examples }) => ({ intent, description, examples })), null, 2));
  } else {
    for (const i of intents) print(`${i.intent.padEnd(22)} ${String(i.examples.length).padStart(4)} examples  ${i.description.split('\n')[0]}`);
  }
  return 0;
}

const Line = z.object({ text: z.string(), intent: z.string() });

/** A JSONL file of {"text", "intent"}; every bad line is reported with its number. */
export function readLabelled(file: string): Labelled[] {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const rows: Labelled[] = [];
  const problems: string[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      const parsed = Line.safeParse(JSON.parse(raw));
      if (parsed.success) rows.push(parsed.data);
      else problems.push(`${file}:${i + 1}: expected {"text": string, "intent": string}`);
    } catch {
      problems.push(`${file}:${i + 1}: not valid JSON`);
    }
  });
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  if (rows.length === 0) throw new UsageError(`${file}: no examples`);
  return rows;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function evalCommand(options: { data?: string; json: boolean }, intentsDir: string | undefined): number {
  if (!options.data) throw new UsageError('eval needs --data FILE.jsonl');
  const data = readLabelled(options.data);
  const nlu = loadNlu(intentsDir);
  const result = evaluate(data, (text) => nlu.classifier.classify(text).intent, { parents: parentsOf(nlu.intents) });
  if (options.json) {
    print(JSON.stringify(result));
    return 0;
  }
  print(`examples  ${result.n}`);
  print(`accuracy  ${pct(result.accuracy)}`);
  print(`macro-F1  ${pct(result.macro_f1)}`);
  print('');
  print(`${'intent'.padEnd(22)} ${'n'.padStart(4)} ${'precision'.padStart(10)} ${'recall'.padStart(8)} ${'F1'.padStart(7)}`);
  for (const s of result.per_intent) {
    const unknown = nlu.classifier.intents.includes(s.intent) ? '' : '  (unknown to the model)';
    print(`${s.intent.padEnd(22)} ${String(s.support).padStart(4)} ${pct(s.precision).padStart(10)} ${pct(s.recall).padStart(8)} ${pct(s.f1).padStart(7)}${unknown}`);
  }
  if (result.confusions.length > 0) {
    print('');
    print('most confused (expected → predicted):');
    for (const c of result.confusions) print(`  ${String(c.count).padStart(3)}  ${c.expected} → ${c.predicted}   e.g. ${c.examples[0]}`);
  }
  return 0;
}
