// Narrow questions get the sentence of a policy that answers them, not the whole policy.
import { describe, expect, it } from 'vitest';
import { openShopDirectory, SAMPLE_SHOP_DIR } from '../../src/commerce/index.js';
import { focusedAnswer, isYesNo } from '../../src/engine/focus.js';
import { toKey } from '../../src/nlu/index.js';

const shop = openShopDirectory(SAMPLE_SHOP_DIR, { watch: false });
const returns = shop.shop().returns!;
shop.close();

describe('focused answers', () => {
  it('tells yes/no questions from open ones', () => {
    expect(isYesNo(toKey('مرجوعی دارین؟'))).toBe(true);
    expect(isYesNo(toKey('کارت به کارت هم میشه؟'))).toBe(true);
    expect(isYesNo(toKey('شرایط مرجوعی چیه؟'))).toBe(false);
  });
  it('answers a yes/no question with yes and the one sentence that matters', () => {
    // The rule comes with its condition («؛ به شرطی که …» leans on it, it is no sentence of its own).
    expect(focusedAnswer('مرجوعی دارین؟', returns)).toBe(
      'بله، تا ۷ روز بعد از تحویل سفارش می‌توانید کالا را مرجوع یا تعویض کنید؛ به شرطی که استفاده نشده باشد و برچسب و بسته‌بندی آن سالم باشد.',
    );
  });
  it('leads with the rule a condition of it answers, and says no alone when the closest sentence says no', () => {
    // «نشده» of the rule's condition is no «no»; «میتونم» and «می‌توانید» share only a modal.
    expect(focusedAnswer('اگه سایزش نخورد میشه عوضش کنم؟', returns)).toMatch(/^بله، تا ۷ روز/);
    expect(focusedAnswer('آرایشی اگه بازش کنم میتونم پس بدم؟', returns)).toBe(
      'محصولات آرایشی و مراقبت پوست به دلیل رعایت بهداشت، در صورت باز شدن پلمب قابل مرجوع نیستند.',
    );
  });
  it('answers a narrow question with the sentences about it', () => {
    const answer = focusedAnswer('پس هزینه برگشتش با کیه؟', returns);
    expect(answer).toContain('با ماست');
    expect(answer).toContain('بر عهده‌ی مشتری');
    expect(answer).not.toContain('پلمب');
  });
  it('does not say yes before a sentence that says no', () => {
    const policy = 'تا ۷ روز می‌توانید مرجوع کنید. محصولات آرایشی در صورت باز شدن پلمب قابل مرجوع نیستند.';
    expect(focusedAnswer('محصولات آرایشی رو میشه مرجوع کرد؟', policy)).toBe('محصولات آرایشی در صورت باز شدن پلمب قابل مرجوع نیستند.');
  });
  it('leaves a broad question to the whole policy', () => {
    expect(focusedAnswer('شرایط مرجوعی چیه؟', returns)).toBeUndefined();
  });
});
