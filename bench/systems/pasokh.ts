// pasokh's own classifier, with its default options.
import { trainClassifier } from '../../src/nlu/classify/index.js';
import type { NluSystem } from './types.js';

export const pasokh: NluSystem = {
  name: 'pasokh',
  async train(data) {
    const model = trainClassifier(data);
    return { classify: (text) => model.classify(text).intent };
  },
};
