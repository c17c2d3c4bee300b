export {
  trainClassifier,
  DEFAULT_CLASSIFIER_OPTIONS,
  OUT_OF_SCOPE,
  SURELY_OUTSIDE,
  type Alternative,
  type ClassifierOptions,
  type IntentClassifier,
  type Prediction,
} from './classifier.js';
