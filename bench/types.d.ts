// Minimal declarations for the untyped packages the benchmark compares against.

declare module '@nlpjs/basic' {
  export interface NlpSettings {
    autoSave: boolean;
    autoLoad: boolean;
    log: boolean;
    modelFileName: string;
    [name: string]: unknown;
  }
  export interface NlpResult {
    intent: string;
    score: number;
  }
  export interface Nlp {
    settings: NlpSettings;
    nluManager: { settings: { log?: boolean; [name: string]: unknown } };
    addLanguage(locale: string | string[]): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<NlpResult>;
  }
  export interface Container {
    use(plugin: unknown): void;
    get(name: 'nlp'): Nlp;
    get(name: string): unknown;
  }
  export function containerBootstrap(settings?: Record<string, unknown>): Promise<Container>;
  export const Nlp: unknown;
}

declare module '@nlpjs/lang-fa' {
  export const LangFa: unknown;
}

// natural's BayesClassifier without its whole index. Declared here rather than taken from natural's
// own index.d.ts, which pulls in .ts sources that do not type-check under this project's settings.
declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  export default class BayesClassifier {
    constructor(stemmer?: unknown, smoothing?: number);
    /** A string is re-tokenized by natural's Latin-only Porter tokenizer; an array is used as is. */
    addDocument(text: string | string[], classification: string): void;
    train(): void;
    classify(observation: string | string[]): string;
  }
}
