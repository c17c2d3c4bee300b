// Splitting a message into its questions, and putting the answers back together as one reply.
import { describe, expect, it } from 'vitest';
import { message } from '../../src/engine/activity.js';
import { composeReplies, splitClauses, splitGreeting, withoutRepeats } from '../../src/engine/clauses.js';
import { toKey } from '../../src/nlu/index.js';

const clauses = (text: string) => splitClauses(splitGreeting(toKey(text)).rest);

describe('clauses', () => {
  it.each([
    ['رنگ‌بندیش چیه و چنده؟ به اصفهان چند روزه می‌رسه؟', ['رنگبندیش چیه', 'چنده', 'به اصفهان چند روزه میرسه']],
    ['سلام وقتتون بخیر هودی دورس چه رنگایی داره قیمتش چنده و تا شیراز چند روزه میرسه', ['هودی دورس چه رنگای داره', 'قیمتش چنده', 'تا شیراز چند روزه میرسه']],
    ['سایز ۴۰ دارین یا نه', ['سایز 40 دارین یا نه']],
    ['هودی دارین که سایز بزرگ باشه', ['هودی دارین که سایز بزرگ باشه']],
    ['قیمت مانتو کتان چنده؟', ['قیمت مانتو کتان چنده']],
    ['مانتو نخی سفید سایز اس موجود دارید؟', ['مانتو نخی سفید سایز اس موجود دارید']],
    ['هودی رنگبندی داره موجوده؟', ['هودی رنگبندی داره', 'موجوده']],
  ])('%s', (text, expected) => {
    expect(clauses(text)).toEqual(expected);
  });
  it('finds the greeting words before a question', () => {
    expect(splitGreeting(toKey('سلام خسته نباشید، قیمت هودی؟'))).toEqual({ greeting: true, opener: 'hello', rest: 'قیمت هودی?' });
    expect(splitGreeting(toKey('مرسی، ارسال به تبریز چقدره؟')).opener).toBe('thanks');
    expect(splitGreeting(toKey('ببخشید، ارسال به تبریز چقدره؟'))).toEqual({ greeting: true, opener: undefined, rest: 'ارسال به تبریز چقدره?' });
    expect(splitGreeting(toKey('قیمت هودی؟')).greeting).toBe(false);
  });
});

describe('one reply', () => {
  it('keeps the order, says no line twice, and puts the greeting first', () => {
    const [reply] = composeReplies([message('الف\nقیمت ۱۰۰ تومان است.'), message('قیمت ۱۰۰ تومان است.'), message('ب')], 'سلام');
    expect(reply?.text).toBe('سلام\n\nالف\nقیمت ۱۰۰ تومان است.\n\nب');
  });
  it('drops a sentence said twice inside one text', () => {
    expect(withoutRepeats('ارسال رایگان است برای همه. چیز دیگر. ارسال رایگان است برای همه.')).toBe('ارسال رایگان است برای همه. چیز دیگر.');
  });
});
