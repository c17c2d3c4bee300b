export { loadIntents, parseIntentFile, IntentsError, INTENT_NAME, type IntentData } from './load.js';
export { FAQ_KEY_INTENTS, SHOP_FAQ_PREFIX, faqIntentName, withFaqQuestions } from './faq.js';
