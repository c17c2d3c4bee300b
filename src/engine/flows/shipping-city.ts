// Shipping to one city: which of the shop's methods reach it, at what cost and in how many days,
// for «به اصفهان چند روزه میرسه؟» or «برای مشهد پست پیشتاز چنده». A city is found in the matching
// key among Iran's larger cities and the cities the shop names in shop.yaml; a carrier named in
// the question narrows the answer to it. Pure functions of the shop and the text, so a flow that
// splits a message into clauses can answer each clause on its own.
import type { ShopConfig } from '../../commerce/index.js';
import { toKey } from '../../nlu/index.js';
import { texts } from '../texts.js';

/** Provincial capitals and other large cities, as customers usually spell them. */
const CITIES = [
  'تهران', 'مشهد', 'اصفهان', 'کرج', 'شیراز', 'تبریز', 'قم', 'اهواز', 'کرمانشاه', 'ارومیه', 'رشت', 'زاهدان',
  'همدان', 'کرمان', 'یزد', 'اردبیل', 'بندرعباس', 'بندر عباس', 'اراک', 'اسلامشهر', 'زنجان', 'سنندج', 'قزوین',
  'خرم آباد', 'خرم‌آباد', 'گرگان', 'ساری', 'بجنورد', 'بوشهر', 'بیرجند', 'ایلام', 'شهرکرد', 'یاسوج', 'سمنان',
  'کاشان', 'نیشابور', 'سبزوار', 'دزفول', 'آمل', 'بابل', 'قائمشهر', 'ساوه', 'بروجرد', 'ملایر', 'شهریار',
  'ورامین', 'پاکدشت', 'نظرآباد', 'رباط کریم', 'کیش', 'قشم', 'چابهار', 'آبادان', 'خرمشهر', 'ماهشهر',
  'سیرجان', 'رفسنجان', 'بم', 'جیرفت', 'لاهیجان', 'انزلی', 'بندر انزلی', 'مراغه', 'مرند', 'خوی', 'میاندوآب',
  'مهاباد', 'بوکان', 'سقز', 'مریوان', 'نجف آباد', 'شاهین شهر', 'خمینی شهر', 'کازرون', 'مرودشت', 'جهرم',
  'فسا', 'لار', 'گنبد', 'شاهرود', 'دامغان', 'تربت حیدریه', 'قوچان', 'زابل', 'ایرانشهر',
];

/** Words of a method's name that say nothing about the carrier. */
const GENERIC = new Set(['ارسال', 'رایگان', 'سریع', 'عادی', 'معمولی', 'اکسپرس', 'درون', 'شهری']);

/** Cities whose short name is also a common word part: matched as whole words only. */
const SHORT = 3;
// «کرجم»، «قمی»، «کرجیم»: I am (we are) from there.
const CITY_CLITIC = /^(?:م|یم|ی|ییم|یه|ها)$/;

export interface CityShipping {
  city: string;
  /** The methods that reach the city, with the city's own cost and days where the shop gave them. */
  methods: { name: string; cost: number; days?: string }[];
  /** A carrier the question named that does not reach the city. */
  unreachableAsked?: string;
  /** The cities the asked method does reach, when it lists them («فقط تهران»). */
  askedReaches?: readonly string[];
  freeOver?: number;
}

/** The city a message names, in the spelling of the shop's own data when it has one. */
export function cityIn(key: string, shop: ShopConfig): string | undefined {
  const shopCities = shop.shipping.methods.flatMap((m) => [...(m.cities === 'all' ? [] : m.cities), ...Object.keys(m.by_city ?? {})]);
  const tokens = ` ${key.replace(/[?!.،,؟]/g, ' ').replace(/\s+/g, ' ').trim()} `;
  for (const city of [...new Set([...shopCities, ...CITIES])]) {
    const c = toKey(city);
    const at = tokens.indexOf(` ${c}`);
    if (at < 0) continue;
    const after = tokens[at + c.length + 1];
    // «مشهدم», «اصفهانی‌ها» are the city; a short name stands alone or with a clitic only («کرجم»،
    // «قمی»; «قم» in «قمری» is not).
    const rest = tokens.slice(at + c.length + 1).split(' ')[0] ?? '';
    if (after === ' ' || (c.length > SHORT && /\p{Script=Arabic}/u.test(after ?? '')) || CITY_CLITIC.test(rest)) return shopCities.find((s) => toKey(s) === c) ?? city;
  }
  return undefined;
}

/** The shop's shipping methods a question names («تیپاکس دارین؟»، «پست پیشتاز چنده»). */
export function namedMethods(shop: ShopConfig, key: string): ShopConfig['shipping']['methods'] {
  const words = new Set(key.split(/[\s?!.،,؟]+/));
  return shop.shipping.methods.filter(
    (m) => key.includes(toKey(m.name)) || words.has(m.id) || toKey(m.name).split(' ').some((w) => w.length >= 3 && !GENERIC.has(w) && words.has(w)),
  );
}

/** How the shop ships to one city (undefined: no city in the text). */
export function shippingToCity(shop: ShopConfig, key: string): CityShipping | undefined {
  const city = cityIn(key, shop);
  if (!city) return undefined;
  const reaches = (m: ShopConfig['shipping']['methods'][number]) => m.cities === 'all' || m.cities.some((c) => toKey(c) === toKey(city));
  const named = namedMethods(shop, key);
  const asked = named.filter(reaches);
  const pool = asked.length > 0 ? asked : shop.shipping.methods.filter(reaches);
  const methods = pool.map((m) => {
    const own = Object.entries(m.by_city ?? {}).find(([c]) => toKey(c) === toKey(city))?.[1];
    return { name: m.name, cost: own?.cost ?? m.cost, days: own?.days ?? m.days };
  });
  const result: CityShipping = { city, methods, freeOver: shop.shipping.free_over };
  if (named.length > 0 && asked.length === 0) {
    result.unreachableAsked = named[0]!.name;
    if (named[0]!.cities !== 'all') result.askedReaches = named[0]!.cities;
  }
  return result;
}

/**
 * The reply to a shipping question that names a city, or undefined when it names none (then the
 * general shipping answer fits). `text` is a message or one clause of it.
 */
export function cityShippingReply(shop: ShopConfig, text: string): string | undefined {
  const found = shippingToCity(shop, toKey(text));
  if (!found) return undefined;
  if (found.methods.length === 0) return texts.noShippingToCity(found.city);
  const lines = [
    ...(found.unreachableAsked ? [texts.methodNotToCity(found.unreachableAsked, found.city, found.askedReaches)] : []),
    texts.shippingToCityHeader(found.city),
    ...found.methods.map((m) => texts.shippingMethod(m.name, m.cost, m.days)),
  ];
  if (found.freeOver !== undefined) lines.push(texts.freeShipping(found.freeOver));
  return lines.join('\n');
}
