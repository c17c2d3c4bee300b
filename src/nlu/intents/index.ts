export { loadIntents, parseIntentFile, IntentsError, INTENT_NAME, type IntentData } from './load.js';
