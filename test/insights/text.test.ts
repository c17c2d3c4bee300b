// What of a not-understood message may be kept, and which ones are one question.
import { describe, expect, it } from 'vitest';
import { groupMissed, storableText } from '../../src/insights/index.js';
import { daysOf, isDayKey, tehranTime, weekdayOf } from '../../src/insights/index.js';

describe('storableText', () => {
  it.each([
    ['سفارش ۱۰۴۰۱ من کجاست', [], 'سفارش *** من کجاست'],
    ['شماره‌ام 0912 384 7561 است', [], 'شماره‌ام *** است'],
    ['کارت ۶۰۳۷-۹۹۱۲-۳۴۵۶-۷۸۹۳ رو قبول میکنید', [], 'کارت *** رو قبول می‌کنید'],
    ['ایمیلم sara.k@example.com هست', [], 'ایمیلم *** هست'],
    ['اینو دیدم https://shop.example/p/12?ref=abc', [], 'اینو دیدم ***'],
    ['سایز ۳۸ دارید؟', [], 'سایز ۳۸ دارید؟'],
    ['سلام. https://evil.example/x و javascript:alert(1) و ftp://x.ir و www.google.com', [], 'سلام. *** و *** و *** و ***'],
    ['تو example.com و x.ir/p?q=1 و Shop.Digikala.COM دیدم', [], 'تو *** و *** و *** دیدم'],
    ['اینستا instagram.com/myshop رو ببین', [], 'اینستا *** رو ببین'],
    ['salam.chetori قیمت ۱۲.۵ چنده', [], 'salam.chetori قیمت ۱۲.۵ چنده'],
    ['من سارا محمدی هستم', ['سارا محمدی'], 'من … … هستم'],
    ['۰۹۱۲۳۸۴۷۵۶۱', [], ''],
  ])('%s → %s', (text, names, stored) => {
    expect(storableText(text, names)).toBe(stored);
  });

  it('cuts a long message', () => {
    expect([...storableText('سلام '.repeat(100))].length).toBeLessThanOrEqual(120);
  });
});

describe('groupMissed', () => {
  it('puts wordings that share most of their meaning words in one group, the most frequent first', () => {
    const groups = groupMissed([
      { text: 'کارت هدیه دارید؟', count: 3 },
      { text: 'کارت هدیه هم دارید', count: 2 },
      { text: 'اقساطی میفروشید؟', count: 4 },
      { text: 'کارت هدیه', count: 1 },
      { text: 'کارت به کارت میشه؟', count: 1 },
    ]);
    expect(groups).toEqual([
      { text: 'کارت هدیه دارید؟', count: 6, variants: ['کارت هدیه هم دارید', 'کارت هدیه'] },
      { text: 'اقساطی میفروشید؟', count: 4, variants: [] },
      { text: 'کارت به کارت میشه؟', count: 1, variants: [] },
    ]);
  });

  it('adds up the same text from several days', () => {
    expect(groupMissed([{ text: 'پرسش', count: 2 }, { text: 'پرسش', count: 5 }])).toEqual([{ text: 'پرسش', count: 7, variants: [] }]);
  });
});

describe('Tehran days', () => {
  it.each([
    ['2026-12-01T20:29:59Z', '2026-12-01', 23],
    ['2026-12-01T20:30:00Z', '2026-12-02', 0],
    ['2026-06-21T19:45:00Z', '2026-06-21', 23],
  ])('%s is %s at hour %i in Tehran', (at, day, hour) => {
    expect(tehranTime(new Date(at))).toEqual({ day, hour });
  });

  it('tells a day key from what is no date, without throwing', () => {
    expect(['2026-12-01', '2024-02-29'].map(isDayKey)).toEqual([true, true]);
    expect(['2026-13-01', '2026-12-32', '2026-00-10', '2026-02-30', '2026-1-01'].map(isDayKey)).toEqual([false, false, false, false, false]);
    expect(daysOf({ from: '2026-13-01', to: '2026-12-01' }, new Date())).toBeUndefined();
  });

  it('counts the week from Saturday', () => {
    expect(['2026-12-05', '2026-12-06', '2026-12-11'].map(weekdayOf)).toEqual([0, 1, 6]);
  });
});
