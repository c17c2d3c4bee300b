// What a compared NLU system provides: training on the intents, then one intent per text.
import type { IntentData } from '../../src/nlu/intents/index.js';

export interface Classifier {
  /** The predicted intent name (out_of_scope when the system declines). */
  classify(text: string): Promise<string> | string;
}

export interface NluSystem {
  name: string;
  train(data: readonly IntentData[]): Promise<Classifier>;
}
