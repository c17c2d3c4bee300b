// Answers from the shop's own shop.yaml: shipping (to a city when one is named), returns,
// payments, and the FAQ intents — business hours, address, contact, size advice, authenticity,
// wholesale, discount codes, exchange postage, haggling, the shop's own `faq:` entries — plus the
// honest answer to «ربات هستی؟». A topic the shop wrote nothing for gets an offer of a person,
// never another topic's answer.
import { faqAnswer, faqEntries, type Product } from '../../commerce/index.js';
import { faqIntentName, SHOP_FAQ_PREFIX, toKey } from '../../nlu/index.js';
import { message, type QuickReply } from '../activity.js';
import type { TurnContext } from '../context.js';
import { focusedAnswer, isYesNo, sentences } from '../focus.js';
import { dateAsked, describeHours, hoursOn, openAt, timeAsked, weekdayNamed } from '../hours.js';
import { textsOf } from '../texts.js';
import { cueKey } from '../thread.js';
import { answerForProducts } from './faq-for-product.js';
import { cityShippingReply, namedMethods } from './shipping-city.js';

export { cityShippingReply } from './shipping-city.js';

/** The one quick reply that hands the chat to a person. */
export const offerPerson = (ctx: TurnContext): QuickReply[] => [{ title: textsOf(ctx).talkToHuman, value: { do: 'handoff' } }];

export function shipping(ctx: TurnContext): void {
  const shop = ctx.services.commerce.shop();
  const toCity = cityShippingReply(shop, cueKey(ctx) || (ctx.activity.text ?? ''));
  if (toCity) return ctx.send(message(toCity));
  const { shipping } = shop;
  if (shipping.methods.length === 0 && !shipping.notes) return ctx.send(message(textsOf(ctx).noAnswer));
  const short = shortShipping(ctx);
  if (short) return ctx.send(message(short));
  const lines = [textsOf(ctx).shippingHeader];
  for (const m of shipping.methods) {
    lines.push(textsOf(ctx).shippingMethod(m.name, m.cost, m.days, m.cities === 'all' ? undefined : m.cities.join('، ')));
  }
  if (shipping.free_over !== undefined) lines.push(textsOf(ctx).freeShipping(shipping.free_over));
  if (shipping.notes) lines.push(shipping.free_over === undefined ? shipping.notes : withoutFreeOver(shipping.notes));
  ctx.send(message(lines.filter(Boolean).join('\n')));
}

const FREE = /رایگان|مجانی|free/;
const OFFERS_IT = /(?:دارین|دارید|داری|دارن|هست|هستش)\s*[?!.]*\s*$/;

/**
 * «تیپاکس دارین؟»، «پیک چنده؟»: the lines of the methods named; «ارسال رایگان دارین؟»: the
 * free-shipping line. A yes/no question gets «بله،» first. undefined: the whole answer fits.
 */
function shortShipping(ctx: TurnContext): string | undefined {
  const { shipping } = ctx.services.commerce.shop();
  const key = ctx.normalized?.key ?? '';
  const yes = isYesNo(key) ? `${textsOf(ctx).yes} ` : '';
  const named = namedMethods(ctx.services.commerce.shop(), key);
  if (named.length > 0 && named.length < shipping.methods.length) {
    const lines = named.map((m) => textsOf(ctx).shippingMethod(m.name, m.cost, m.days, m.cities === 'all' ? undefined : m.cities.join('، ')).replace(/^• /, ''));
    // «ارسال با پیک فقط داخل شهر تهران …»: what the shop's notes say of that method goes with it.
    const notes = sentences(shipping.notes ?? '').filter((n) => named.some((m) => toKey(n).includes(toKey(m.name))));
    return `${yes}${[...lines, ...notes].join('\n')}`;
  }
  // «ارسال رایگان دارین؟» is a yes (over the threshold); «ارسالش رایگان میشه؟» of a basket is not one
  // the bot can say without knowing the basket: the rule alone.
  if (FREE.test(key) && shipping.free_over !== undefined) return `${OFFERS_IT.test(key) ? yes : ''}${textsOf(ctx).freeShipping(shipping.free_over)}`;
  return undefined;
}

// The shop's notes often repeat the free-shipping threshold in their own words («بالای ۲ میلیون
// رایگان است»); the line built from free_over already says it, and one fact is said once.
const FREE_OVER_SENTENCE = /رایگان/;
const AN_AMOUNT = /[0-9۰-۹]/;
const withoutFreeOver = (notes: string) =>
  sentences(notes)
    .filter((s) => !(FREE_OVER_SENTENCE.test(s) && AN_AMOUNT.test(s)))
    .join(' ');

export function returns(ctx: TurnContext): void {
  ctx.send(message(ctx.services.commerce.shop().returns ?? textsOf(ctx).noAnswer));
}

export function payments(ctx: TurnContext): void {
  const { payments } = ctx.services.commerce.shop();
  if (payments.length === 0) return ctx.send(message(textsOf(ctx).noAnswer));
  const lines = [textsOf(ctx).paymentsHeader, ...payments.map((p) => `• ${p.name}${p.description ? `: ${p.description}` : ''}`)];
  ctx.send(message(lines.join('\n')));
}

function hours(ctx: TurnContext): string {
  const shop = ctx.services.commerce.shop();
  const texts = textsOf(ctx);
  const week = `${texts.hoursHeader} ${describeHours(shop)}`;
  const key = ctx.normalized?.key ?? toKey(ctx.activity.text ?? '');
  // «چهارشنبه ۲ دی بازین؟»، «فردا هستین؟»: that date, closed when it is one of the shop's holidays.
  const date = Object.keys(shop.hours).length ? dateAsked(key, ctx.now, shop.timezone) : undefined;
  if (date && shop.holidays.includes(date.date)) return `${texts.holidayClosed}\n${week}`;
  // «شنبه‌ها بازید؟» is a yes/no about one day: that day first, the whole week only when closed.
  const day = Object.keys(shop.hours).length ? (weekdayNamed(key) ?? date?.day) : undefined;
  if (day === undefined) return week;
  const on = hoursOn(shop, day);
  if ('closed' in on) return `${texts.hoursOnDay(on.day)}\n${week}`;
  // «پنجشنبه عصر ساعت ۵ باز هستین؟» after a 14:00 close: no, and the hours that day.
  const at = timeAsked(ctx.normalized?.key ?? '');
  return at !== undefined && !openAt(shop, day, at) ? texts.hoursNotThen(on.day, on) : texts.hoursOnDay(on.day, on);
}

// A list of kinds longer than this reads as a catalogue dump: the most stocked come first.
const MAX_KINDS = 10;

/** «چی میفروشین؟»: the kinds of goods the catalog holds (its categories, the most products first). */
function whatWeSell(ctx: TurnContext): string | undefined {
  const counts = new Map<string, number>();
  for (const p of ctx.services.commerce.catalog().products) if (p.category) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
  const kinds = [...counts].sort((a, b) => b[1] - a[1]).slice(0, MAX_KINDS).map(([kind]) => kind);
  return kinds.length ? textsOf(ctx).whatWeSell(kinds) : undefined;
}

function contact(ctx: TurnContext): string | undefined {
  const shop = ctx.services.commerce.shop();
  const ways = [
    shop.phone && `تلفن: ${shop.phone}`,
    shop.support_mobile && `موبایل پشتیبانی: ${shop.support_mobile}`,
    shop.instagram && `اینستاگرام: ${shop.instagram}`,
    shop.telegram && `تلگرام: ${shop.telegram}`,
    shop.website && `سایت: ${shop.website}`,
  ].filter(Boolean);
  return ways.length ? [textsOf(ctx).contact, ...ways.map((w) => `• ${w}`)].join('\n') : undefined;
}

function address(ctx: TurnContext): string | undefined {
  const { address } = ctx.services.commerce.shop();
  return address ? textsOf(ctx).address(address) : undefined;
}

type Answer = (ctx: TurnContext) => string | undefined;

/**
 * The FAQ intents and where their answer comes from when the shop has no `faq:` entry for them
 * (an entry always wins: `faq.hours` replaces the generated hours). undefined: nothing to say.
 */
export const FAQ_INTENTS: Readonly<Record<string, Answer>> = {
  business_hours: hours,
  shop_address: address,
  contact_info: contact,
  // Without its own entry, the sentence of the returns policy that says who pays, not all of it.
  exchange_shipping: (ctx) => {
    const { returns } = ctx.services.commerce.shop();
    return returns && (focusedAnswer(ctx.normalized?.display ?? ctx.activity.text ?? '', returns) ?? returns);
  },
  catalog_overview: whatWeSell,
  size_advice: () => undefined,
  authenticity: () => undefined,
  wholesale: () => undefined,
  discount_code: () => undefined,
};

// «اصله؟»، «اینم اصله؟»: a word or two, nothing else named; «محصولاتتون اصله؟» asks about them all.
// («اصله یا فیک؟»، «اورجیناله یا کپی؟»: the other choice said too.)
const shortFollowUp = (key: string) => {
  const words = key.replace(/[?!؟.]/g, ' ').replace(/(?:^|\s)یا\s(?:فیک|فیکه|تقلبی|تقلبیه|کپی|کپیه|های ?کپی|اصل|اصله|اورجینال)(?=\s|$)/g, ' ').split(' ').filter(Boolean);
  return words.length <= 2 && !/محصولات|همه/.test(key);
};

/**
 * The products a message asks about: those it names, else (a short «اصله؟» in a thread) the
 * product talked about last.
 */
function productsAskedAbout(ctx: TurnContext): Product[] {
  const catalog = ctx.services.commerce.catalog();
  const named = (ctx.understanding?.entities ?? []).filter((e) => e.type === 'product');
  // The best-scored mentions only: «کرم ضدآفتاب» names two sunscreens, not every cream.
  const top = named.length ? Math.max(...named.map((e) => e.score)) : 0;
  const ids = named.filter((e) => e.score === top).map((e) => e.value);
  if (ids.length === 0 && ctx.state.lastProductId && shortFollowUp(ctx.normalized?.key ?? '')) ids.push(ctx.state.lastProductId);
  return ids.map((id) => catalog.product(id)).filter((p): p is Product => Boolean(p));
}

/**
 * The categories of the products a message names («آرایشی» for «رژ لب»); with none named, of the
 * thread's product when the message points at it («اگه بازش کنم رنگش بهم نیاد …»).
 */
export function kindsAskedAbout(ctx: TurnContext): string[] {
  const catalog = ctx.services.commerce.catalog();
  const named = (ctx.understanding?.entities ?? []).filter((e) => e.type === 'product' && e.score >= ctx.services.options.productMinScore);
  const ids = named.map((e) => e.value);
  // «رژ بازش کردم …»: a word that names several products of one kind (every lipstick) names that kind.
  const matches = ctx.understanding?.productMatches ?? [];
  const best = matches[0]?.score ?? 0;
  if (ids.length === 0 && best >= KIND_WORD_SCORE) {
    const tied = matches.filter((m) => m.score >= best - 1e-9).map((m) => catalog.product(m.productId)?.category);
    if (tied.length > 1 && tied[0] && tied.every((c) => c === tied[0])) return [tied[0]];
  }
  // (Finglish «rangesh» points too, in its Persian reading.)
  if (ids.length === 0 && POINTS_AT_IT.test(cueKey(ctx))) {
    // «اگه بازش کنم …» after a few products were offered and none picked yet: their kinds.
    if (ctx.state.lastProductId) ids.push(ctx.state.lastProductId);
    else ids.push(...(ctx.state.slots?.offeredIds ?? []));
  }
  return [...new Set(ids.map((id) => catalog.product(id)?.category).filter((c): c is string => !!c))];
}
// The least score of the products a word names alike for that word to name their kind.
const KIND_WORD_SCORE = 0.4;
// «بازش»، «رنگش»، «اینو»: a word that points at the thing just talked about.
const POINTS_AT_IT = /(?:^|\s)(?:\S{2,}(?:ش|شو|شم)|اینو|اونو|این|همین)(?=\s|\?|$)/;

/** The shop's own answer for an intent: the `faq:` entry whose key names that intent. */
export function shopAnswer(ctx: TurnContext, intent: string): string | undefined {
  const shop = ctx.services.commerce.shop();
  const entry = faqEntries(shop).find((e) => faqIntentName(e.key) === intent);
  return entry ? faqAnswer(shop, entry.key) : undefined;
}

/**
 * Answers the FAQ-like intents (see FAQ_INTENTS, bot_identity, haggle, the shop's `faq_<key>`);
 * false for any other intent, which the router then handles.
 */
export function answerFaqIntent(ctx: TurnContext, intent: string): boolean {
  if (intent === 'bot_identity') {
    ctx.send(message(textsOf(ctx).botIdentity, { quickReplies: offerPerson(ctx) }));
    return true;
  }
  if (intent === 'haggle') {
    const policy = shopAnswer(ctx, intent);
    ctx.send(policy ? message(policy) : message(textsOf(ctx).haggleNoPolicy, { quickReplies: offerPerson(ctx) }));
    return true;
  }
  const builtIn = FAQ_INTENTS[intent];
  if (!builtIn && !intent.startsWith(SHOP_FAQ_PREFIX)) return false;
  const whole = shopAnswer(ctx, intent);
  const asked = productsAskedAbout(ctx);
  const part = whole ? answerForProducts(whole, asked) : undefined;
  // («کرم سراوی اصله؟»: the sentence about its kind, said of it by name.)
  const text = (part && asked.length === 1 ? textsOf(ctx).fromDescription(asked[0]!.name, part) : part) ?? whole ?? builtIn?.(ctx);
  ctx.send(text ? message(text) : message(textsOf(ctx).faqNoAnswer, { quickReplies: offerPerson(ctx) }));
  return true;
}

// For messages the classifier placed nowhere: a few unmistakable words of a topic, as whole words
// of the matching key («اصلاً» is not «اصل»). Answered only when the shop has an answer.
const words = (list: string) => new RegExp(`(?:^| )(?:${list})(?= |$|\\?|!)`);
const TOPICS: ReadonlyArray<{ pattern: RegExp; intent: string }> = [
  { pattern: /ساعت( ?های)? ?کار|تا (ساعت )?چند (باز|جواب)|کی باز|ساعت پاسخ|saat kari/, intent: 'business_hours' },
  { pattern: words('ادرس|ادرستون|نشانی|حضوری|فروشگاه فیزیکی|کجا هستین|کجا هستید|address|adres|hozoori|hozori'), intent: 'shop_address' },
  { pattern: words('شماره تماس|تلفن|شماره تلفن|اینستاگرام|اینستا|راه ارتباطی|instagram|insta'), intent: 'contact_info' },
  { pattern: /جدول سایز|راهنمای سایز|سایزبندی|چه سایزی|سایز مناسب|size chart/, intent: 'size_advice' },
  // («… تخفیف داره یا قیمت اصلیه؟» asks whether the price is the full one.)
  { pattern: words('اصله|اصلن|(?<!قیمت(?:ش|ش هم|ش همون)? )اصلیه|اورجینال|اورجیناله|اوریجینال|فیک|تقلبی|original'), intent: 'authenticity' },
  { pattern: words('عمده|عمده فروشی|نمایندگی|wholesale'), intent: 'wholesale' },
  { pattern: words('کد تخفیف|تخفیف|تخفیفه|تخفیفی|تخفیفیه|حراج|حراجه|حراجی|جشنواره|takhfif'), intent: 'discount_code' },
  // «این کد چند درصده؟»: a code and a percentage (a percentage alone may be what a fabric is made of).
  { pattern: /(?:^|\s)کد\S{0,3}(?:\s\S+)?\s(?:چند|چقدر) ?درصد|(?:^|\s)درصد\S{0,3} (?:کد|تخفیف)/, intent: 'discount_code' },
];

// «به خارج از کشور هم ارسال دارین؟»، «برای کانادا میفرستین؟»: shipping abroad, which the shop's
// `faq.abroad` answers (the domestic methods would read as a yes).
const ABROAD = new RegExp(
  '(?:^|\\s)(?:' +
    'خارج از کشور|خارج از ایران|خارج کشور|بین ?المللی|international|abroad|overseas|' +
    'المان|کانادا|امریکا|انگلیس|انگلستان|ترکیه|استانبول|دبی|امارات|عراق|افغانستان|استرالیا|فرانسه|سوئد|هلند|ایتالیا|اتریش|' +
    'قطر|عمان|کویت|ارمنستان|گرجستان|dubai|germany|canada|turkey|usa|uk' +
    ')(?:\\s|$|[?!.])',
);

/** The shop's answer on shipping abroad, sent when the message asks about it; false otherwise. */
export function answerAbroad(ctx: TurnContext): boolean {
  const key = ctx.understanding?.classified ?? ctx.normalized?.key ?? '';
  const text = ABROAD.test(` ${key} `) ? faqAnswer(ctx.services.commerce.shop(), 'abroad') : undefined;
  if (text) ctx.send(message(text));
  return Boolean(text);
}

/** Answers with an FAQ intent's text when the shop has one (its entry or its data); false otherwise. */
export function shopAnswers(ctx: TurnContext, intent: string): boolean {
  const text = shopAnswer(ctx, intent) ?? FAQ_INTENTS[intent]?.(ctx);
  if (text) ctx.send(message(text));
  return Boolean(text);
}

/** An answer from the shop's FAQ for a message the intents did not place; false if none fits. */
export function answerTopic(ctx: TurnContext): boolean {
  if (answerAbroad(ctx)) return true;
  const key = cueKey(ctx) || toKey(ctx.activity.text ?? '');
  for (const topic of TOPICS) {
    if (!topic.pattern.test(key)) continue;
    const text = shopAnswer(ctx, topic.intent) ?? FAQ_INTENTS[topic.intent]?.(ctx);
    if (text) {
      ctx.send(message(text));
      return true;
    }
  }
  return answerShopEntryByWords(ctx);
}

/** Answers with the shop's own FAQ entry the message's words name (see shopEntryByWords); false if none. */
export function answerShopEntryByWords(ctx: TurnContext): boolean {
  const own = shopEntryByWords(ctx);
  return own !== undefined && answerFaqIntent(ctx, faqIntentName(own));
}

// A word stem of a shop FAQ entry that names its subject: in this share of its questions at least…
const CENTRAL_SHARE = 0.5;
// … and in at most this many examples of the bundled intents (there it is not what the entry is about).
const RARE_IN_INTENTS = 3;
const STEM = 4;
const stemsOf = (text: string) => new Set(toKey(text).split(/[^\p{L}\d]+/u).filter((w) => w.length >= STEM).map((w) => w.slice(0, STEM)));
const entryWords = new WeakMap<object, Map<string, Set<string>>>();

/**
 * The shop's own FAQ entry a message is about by its words, when the classifier placed it elsewhere:
 * «تاریخ انقضاش چطوره؟» holds «انقضا», the word of the shop's expiry entry and of no other. The
 * stems that name an entry are in half of its questions, in no other entry's, and rare in the
 * bundled intents' examples.
 */
function shopEntryByWords(ctx: TurnContext): string | undefined {
  const shop = ctx.services.commerce.shop();
  let byEntry = entryWords.get(shop);
  if (!byEntry) {
    const entries = faqEntries(shop).filter((e) => e.questions.length > 0);
    const inIntents = new Map<string, number>();
    for (const intent of ctx.services.nlu.intents) {
      if (intent.intent.startsWith(SHOP_FAQ_PREFIX)) continue;
      for (const example of intent.examples) for (const st of stemsOf(example)) inIntents.set(st, (inIntents.get(st) ?? 0) + 1);
    }
    const perEntry = entries.map((e) => {
      const counts = new Map<string, number>();
      for (const q of e.questions) for (const st of stemsOf(q)) counts.set(st, (counts.get(st) ?? 0) + 1);
      return { key: e.key, counts, n: e.questions.length };
    });
    byEntry = new Map();
    for (const { key, counts, n } of perEntry) {
      const central = [...counts]
        .filter(([st, c]) => c >= Math.max(2, n * CENTRAL_SHARE) && (inIntents.get(st) ?? 0) <= RARE_IN_INTENTS && !perEntry.some((o) => o.key !== key && o.counts.has(st)))
        .map(([st]) => st);
      if (central.length) byEntry.set(key, new Set(central));
    }
    entryWords.set(shop, byEntry);
  }
  const asked = stemsOf(cueKey(ctx) || (ctx.activity.text ?? ''));
  const hits = [...byEntry].filter(([, stems]) => [...stems].some((st) => asked.has(st)));
  return hits.length === 1 ? hits[0]![0] : undefined;
}
