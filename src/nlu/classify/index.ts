export {
  trainClassifier,
  DEFAULT_CLASSIFIER_OPTIONS,
  OUT_OF_SCOPE,
  type Alternative,
  type ClassifierOptions,
  type IntentClassifier,
  type Prediction,
} from './classifier.js';
