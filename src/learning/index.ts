// The learning loop (issue 14): the review queue of missed messages, the owner's labels and FAQ
// answers, and re-training on every instance. See service.ts.
export { createLearning, LEARNING_TOPIC, PROPOSE_AFTER, type IntentChoice, type Learning, type LearningDeps, type ReviewQueue } from './service.js';
export { createMemoryLearningStore, createRedisLearningStore, REVIEW_DAYS, type Label, type LearnedFaq, type LearningStore, type Miss, type MissReason, type ReplySeen, type ReviewItem } from './store.js';
export { commerceWithLearned, NOTHING_LEARNED, shopWithLearned, withLearned, type Learned } from './learned.js';
export { LOW_CONFIDENCE, LOW_RATING, maskReviewText, missDetector, reviewId } from './review.js';
export { exportLearned, parseLearned } from './yaml.js';
export { learnedMatcher, learnedReading, SIMILAR_ENOUGH, weakReading, wordWeights, type ExampleMatcher, type LearnedMatch, type WordWeights } from './similar.js';
