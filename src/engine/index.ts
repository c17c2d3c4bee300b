export * from './activity.js';
export { createEngine, CONVERSATION_TOPIC, ConversationGoneError, InvalidActivityError, type Engine, type EngineDeps, type OpenTurn, type TurnResult } from './engine.js';
export { DEFAULT_ENGINE_OPTIONS, type EngineOptions, type Middleware, type TurnContext } from './context.js';
export type { ConversationState, UserProfile, DialogFrame, Handoff } from './conversation.js';
export { isOpen, describeHours, describeNextOpening, nextOpening } from './hours.js';
export { DEFAULT_LOOKUP_LIMITS, logLookupLimits, retryAfterOf, type LookupLimits } from './lookup-limits.js';
export { texts, casualTexts, INTENT_LABELS, STATUS_LABELS } from './texts.js';
