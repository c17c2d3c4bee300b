// The learned-examples matcher on its own: which messages count as asking what a taught example
// asks. Weighted by the bundled intents' words, as the app weights them.
import { describe, expect, it } from 'vitest';
import { learnedMatcher } from '../../src/learning/index.js';
import { DEFAULT_INTENTS_DIR, loadIntents, toKey } from '../../src/nlu/index.js';

const intents = loadIntents(DEFAULT_INTENTS_DIR);
const matcher = learnedMatcher(
  [
    { text: 'کوتاه کردن شلوار هم انجام میدید؟', intent: 'faq_learned_hem' },
    { text: 'با پست پیشتاز میفرستید؟', intent: 'shipping_info' },
  ],
  intents,
);
const intentOf = (text: string) => matcher.match(toKey(text))?.intent;

describe('learnedMatcher', () => {
  it('finds the taught example behind other wordings: other verbs, clitics, extra words', () => {
    for (const text of ['شلوارمو کوتاه میکنید؟', 'امکان کوتاه کردن پاچه شلوار هست؟', 'اگه شلوار بلند بود کوتاهش میکنید؟', 'دوخت و کوتاه کردن شلوار دارین؟']) {
      expect(intentOf(text), text).toBe('faq_learned_hem');
    }
    expect(intentOf('پست پیشتاز دارید؟')).toBe('shipping_info');
  });

  it('takes no message that shares only a word or the common ones with it', () => {
    for (const text of ['قیمت شلوار جین چنده؟', 'شلوار جین دارید؟', 'شلوار رو پس بدم؟', 'کوتاهش چی؟', 'مانتو رو کوتاه میکنید؟', 'ارسال به شیراز چقدره؟', 'انجام میدید؟', '؟']) {
      expect(intentOf(text), text).toBeUndefined();
    }
  });

  it('matches nothing when nothing was learned', () => {
    expect(learnedMatcher([], intents).match(toKey('شلوارمو کوتاه میکنید؟'))).toBeUndefined();
  });
});
