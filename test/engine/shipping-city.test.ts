// Shipping to one city, as a function of the shop and one clause (the multi-question flow calls
// it per clause).
import { describe, expect, it } from 'vitest';
import { ShopConfigSchema } from '../../src/commerce/index.js';
import { toKey } from '../../src/nlu/index.js';
import { cityIn, cityShippingReply, shippingToCity } from '../../src/engine/flows/shipping-city.js';

const shop = ShopConfigSchema.parse({
  name: 'نمونه',
  shipping: {
    free_over: 1000000,
    methods: [
      { id: 'post', name: 'پست پیشتاز', cost: 80000, days: '۳ تا ۵ روز کاری', by_city: { مشهد: { days: '۴ تا ۶ روز کاری' } } },
      { id: 'tipax', name: 'تیپاکس', cost: 150000, days: '۱ تا ۳ روز کاری', cities: ['تهران', 'اصفهان'] },
      { id: 'peyk', name: 'پیک', cost: 90000, days: 'همان روز', cities: ['قم'], by_city: { قم: { cost: 70000 } } },
    ],
  },
});

describe('shipping to a city', () => {
  it('lists the methods that reach the city, with its own cost and days', () => {
    const mashhad = shippingToCity(shop, toKey('به مشهد چند روزه میرسه؟'));
    expect(mashhad).toMatchObject({ city: 'مشهد', methods: [{ name: 'پست پیشتاز', cost: 80000, days: '۴ تا ۶ روز کاری' }] });
    expect(shippingToCity(shop, toKey('برای اصفهان؟'))?.methods.map((m) => m.name)).toEqual(['پست پیشتاز', 'تیپاکس']);
    expect(shippingToCity(shop, toKey('پیک قم چنده'))?.methods).toEqual([{ name: 'پیک', cost: 70000, days: 'همان روز' }]);
  });

  it('narrows to a carrier the question names, and says so when that carrier does not reach the city', () => {
    expect(cityShippingReply(shop, 'برای اصفهان تیپاکس چنده')).not.toContain('پست پیشتاز');
    const reply = cityShippingReply(shop, 'به مشهد با تیپاکس میفرستین؟')!;
    expect(reply).toContain('تیپاکس به مشهد ارسال ندارد');
    expect(reply).toContain('پست پیشتاز: ۸۰٬۰۰۰ تومان، ۴ تا ۶ روز کاری');
    expect(reply).toContain('۱٬۰۰۰٬۰۰۰ تومان');
  });

  it('finds the city with a spoken ending but a short name only as a whole word', () => {
    expect(cityIn(toKey('من مشهدم، کی میرسه'), shop)).toBe('مشهد');
    expect(cityIn(toKey('ماه قمری'), shop)).toBeUndefined();
    expect(cityIn(toKey('قم هم میفرستین'), shop)).toBe('قم');
  });

  it('answers nothing without a city, so the general shipping answer is given', () => {
    expect(cityShippingReply(shop, 'هزینه ارسال چقدره؟')).toBeUndefined();
  });
});
