// Trained models on disk, named by a hash of what they were trained on: a start whose intents,
// shop FAQ questions and model code are unchanged reads the model (milliseconds) instead of
// training it again (seconds). A file that is corrupt, truncated or of another format is ignored
// and replaced; writes go to a temporary file renamed into place, so several processes sharing
// the directory never read a half-written model.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PasokhError } from '../../errors.js';
import { loadIntents, type IntentData } from '../intents/index.js';
import {
  classifierFromModel,
  DEFAULT_CLASSIFIER_OPTIONS,
  trainClassifier,
  trainClassifierAsync,
  type ClassifierModel,
  type ClassifierOptions,
  type IntentClassifier,
} from './classifier.js';

/**
 * Bump when features, training or the file layout change: models cached by an older pasokh are
 * then trained again instead of being served with features they were not trained on.
 */
export const MODEL_VERSION = 2;

const MAGIC = 'PSKM';
const SUFFIX = '.model';
const INTENTS_SUFFIX = '.intents.json';
// Bump when IntentData or loadIntents' reading of the files changes.
const INTENTS_FORMAT = 1;
// Each distinct training set leaves one file (a shop's FAQ edits, other intents): keep the newest.
const KEEP = 8;

/** A name for the training set: the intents' names, parents and examples, the options and MODEL_VERSION. */
export function trainingHash(data: readonly IntentData[], options: Partial<ClassifierOptions> = {}): string {
  const opts = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options };
  const hash = createHash('sha256');
  hash.update(JSON.stringify([MODEL_VERSION, opts, data.map((d) => [d.intent, d.counts_as ?? null, d.examples])]));
  return hash.digest('hex').slice(0, 32);
}

interface Header {
  hash: string;
  intents: string[];
  families: string[];
  threshold: number;
  words: string[];
  wordCounts: number[];
  features: number;
}

/** The model as one buffer: magic, header length, JSON header, then the typed arrays, 8-byte aligned. */
export function serializeModel(model: ClassifierModel, hash: string): Buffer {
  const header: Header = {
    hash,
    intents: model.intents,
    families: model.families,
    threshold: model.threshold,
    words: model.words,
    wordCounts: model.wordCounts,
    features: model.featureHashes.length,
  };
  const json = Buffer.from(JSON.stringify(header));
  const start = align(8 + json.length);
  const arrays = [model.featureHashes, model.idf, model.bias, model.weights];
  const out = Buffer.alloc(arrays.reduce((at, a) => align(at + a.byteLength), start));
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  let at = start;
  for (const a of arrays) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, at);
    at = align(at + a.byteLength);
  }
  return out;
}

/** The model in a buffer from serializeModel, or undefined when it is not one (or not for `hash`). */
export function deserializeModel(buffer: Buffer, hash: string): ClassifierModel | undefined {
  try {
    if (buffer.length < 8 || buffer.toString('latin1', 0, 4) !== MAGIC) return undefined;
    const length = buffer.readUInt32LE(4);
    const header = JSON.parse(buffer.toString('utf8', 8, 8 + length)) as Header;
    if (header.hash !== hash || !Array.isArray(header.intents) || !Number.isInteger(header.features)) return undefined;
    const classes = header.intents.length;
    const features = header.features;
    if (header.families.length !== classes || header.words.length !== header.wordCounts.length) return undefined;
    // Copied out of the file's buffer: typed arrays need aligned offsets, and the file may be reused.
    let at = align(8 + length);
    const take = <T>(Type: { new (n: number): T; BYTES_PER_ELEMENT: number }, n: number): T => {
      const bytes = n * Type.BYTES_PER_ELEMENT;
      if (at + bytes > buffer.length) throw new PasokhError('PASOKH_ERR_INTERNAL', { message: 'truncated model file' });
      const array = new Type(n);
      buffer.copy(Buffer.from((array as unknown as Uint8Array).buffer), 0, at, at + bytes);
      at = align(at + bytes);
      return array;
    };
    const featureHashes = take(Uint32Array, features);
    const idf = take(Float64Array, features);
    const bias = take(Float64Array, classes);
    const weights = take(Float32Array, features * classes);
    if (at !== buffer.length) return undefined;
    return { intents: header.intents, families: header.families, threshold: header.threshold, words: header.words, wordCounts: header.wordCounts, featureHashes, idf, weights, bias };
  } catch {
    return undefined;
  }
}

const align = (n: number) => Math.ceil(n / 8) * 8;

export interface ModelCache {
  /** The cached model for this training hash, if a sound one is there. */
  load(hash: string): ClassifierModel | undefined;
  /** Stores a model; a directory that cannot be written is not an error (the model is just not cached). */
  save(hash: string, model: ClassifierModel): void;
  /**
   * loadIntents(dir), parsed once per content of its files: YAML parsing and validation are most of
   * what reading the intents costs. Broken files are reported by loadIntents as always.
   */
  loadIntents(dir: string): IntentData[];
}

/** Models in `dir` (created when needed), one file per training hash, the newest KEEP kept. */
export function createModelCache(dir: string): ModelCache {
  const file = (hash: string) => join(dir, `${hash}${SUFFIX}`);
  const write = (path: string, data: string | Buffer) => {
    try {
      mkdirSync(dir, { recursive: true });
      const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temporary, data);
      renameSync(temporary, path);
      prune(dir);
    } catch {
      // A read-only install still works: it trains at every start.
    }
  };
  return {
    loadIntents(intentsDir) {
      const hash = intentFilesHash(intentsDir);
      if (!hash) return loadIntents(intentsDir);
      const path = join(dir, `${hash}${INTENTS_SUFFIX}`);
      try {
        const cached = JSON.parse(readFileSync(path, 'utf8')) as unknown;
        if (isIntentList(cached)) return cached;
      } catch {
        // Not there, or not sound: parsed again below.
      }
      const intents = loadIntents(intentsDir);
      write(path, JSON.stringify(intents));
      return intents;
    },
    load(hash) {
      let buffer: Buffer;
      try {
        buffer = readFileSync(file(hash));
      } catch {
        return undefined;
      }
      return deserializeModel(buffer, hash);
    },
    save(hash, model) {
      write(file(hash), serializeModel(model, hash));
    },
  };
}

/** A hash of the directory's path and its intent files' names and contents; undefined when it cannot be read. */
function intentFilesHash(dir: string): string | undefined {
  try {
    const hash = createHash('sha256').update(`${INTENTS_FORMAT}\0${resolve(dir)}`);
    for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) hash.update(`\0${name}\0`).update(readFileSync(join(dir, name)));
    return hash.digest('hex').slice(0, 32);
  } catch {
    return undefined;
  }
}

const isIntentList = (value: unknown): value is IntentData[] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((i: Partial<IntentData>) => typeof i?.intent === 'string' && typeof i.file === 'string' && Array.isArray(i.examples) && i.examples.every((e) => typeof e === 'string'));

// A temporary file this old was left by a process that died writing it.
const STALE_TEMPORARY_MS = 10 * 60_000;

function prune(dir: string): void {
  const files = readdirSync(dir).map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs }));
  const newestFirst = (suffix: string) => files.filter((f) => f.name.endsWith(suffix)).sort((a, b) => b.at - a.at);
  const stale = files.filter((f) => f.name.endsWith('.tmp') && Date.now() - f.at > STALE_TEMPORARY_MS);
  for (const { name } of [...newestFirst(SUFFIX).slice(KEEP), ...newestFirst(INTENTS_SUFFIX).slice(KEEP), ...stale]) unlinkSync(join(dir, name));
}

/**
 * The classifier for a training set: from the cache when it holds one for exactly this data,
 * else trained (and stored). Without a cache, just trainClassifier.
 */
export function cachedClassifier(data: readonly IntentData[], options: Partial<ClassifierOptions> = {}, cache?: ModelCache): IntentClassifier {
  if (!cache) return trainClassifier(data, options);
  const hash = trainingHash(data, options);
  const cached = cache.load(hash);
  if (cached) return classifierFromModel(cached);
  const trained = trainClassifier(data, options);
  cache.save(hash, trained.model);
  return trained;
}

/** cachedClassifier, training (when it must) in steps that let the event loop run between them. */
export async function cachedClassifierAsync(data: readonly IntentData[], options: Partial<ClassifierOptions> = {}, cache?: ModelCache): Promise<IntentClassifier> {
  const hash = cache ? trainingHash(data, options) : '';
  const cached = cache?.load(hash);
  if (cached) return classifierFromModel(cached);
  const trained = await trainClassifierAsync(data, options);
  cache?.save(hash, trained.model);
  return trained;
}
