export {
  trainClassifier,
  trainClassifierAsync,
  classifierFromModel,
  DEFAULT_CLASSIFIER_OPTIONS,
  OUT_OF_SCOPE,
  SURELY_OUTSIDE,
  type Alternative,
  type ClassifierModel,
  type ClassifierOptions,
  type IntentClassifier,
  type Prediction,
} from './classifier.js';
export {
  cachedClassifier,
  cachedClassifierAsync,
  createModelCache,
  deserializeModel,
  serializeModel,
  trainingHash,
  MODEL_VERSION,
  type ModelCache,
} from './model-cache.js';
