// natural's naive Bayes classifier on pasokh's tokens of the matching key. Token arrays are passed
// as they are: given a string, natural would re-tokenize it with its Latin-only Porter tokenizer,
// which drops every Persian word.
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import { toKey } from '../../src/nlu/normalize/index.js';
import { tokenize } from '../../src/nlu/tokenize/index.js';
import type { NluSystem } from './types.js';

const tokensOf = (text: string): string[] => tokenize(toKey(text));

export const natural: NluSystem = {
  name: 'natural (Bayes)',
  async train(data) {
    const bayes = new BayesClassifier();
    for (const { intent, examples } of data) for (const example of examples) bayes.addDocument(tokensOf(example), intent);
    bayes.train();
    return { classify: (text) => bayes.classify(tokensOf(text)) };
  },
};
