// The thread of a conversation: short follow-ups («قرمزشم هست؟»، «بزرگ‌ترش؟»، «همون قبلیه رو میگم»)
// refer to the product or topic last talked about, and what the customer already said (a phone,
// a size, a colour) is remembered in the conversation's slots instead of asked again.
import type { TurnContext } from './context.js';
import type { Slots } from './conversation.js';
import { namesDate, weekdayNamed } from './hours.js';

const FOLLOW_UP_MAX_WORDS = 5;
const SUITS_MAX_WORDS = 8;
const VARIANT_FOLLOW_UP_MAX_WORDS = 7;
// «بزرگ‌ترش»، «یه سایز کوچیک‌تر»: a size step from the one asked before.
// «سایز بعدیش چی؟»: the next size is the next bigger one; «سایز قبلیش» the one before.
const BIGGER = /بزرگتر|بزرگ تر|گنده تر|گشادتر|یه سایز بالاتر|سایز بالاتر|سایز بعدی/;
const SMALLER = /کوچیکتر|کوچکتر|کوچیک تر|کوچک تر|تنگتر|یه سایز پایینتر|سایز پایینتر|سایز قبلی/;
// «همون قبلیه»، «همونی که گفتم»، «اینو میگم»: the thing already on the table.
const SAME_AS_BEFORE = /همون|همین|قبلیه|قبلی|اولیه|اینو|اونو|گفتم/;
// A word with «ـش»/«ـشم»/«ـشو» (its …), or a bare question about it: «قیمتش؟»، «موجوده؟». Not «X دارین؟»,
// which asks for a new X.
const POINTS_BACK = /(?:^|\s)\S{2,}(?:ش|شم|شو|شون|ه)(?=\s|\?|$)|^\s*(?:چی|چطور|هم|هست|هستش|داره|دارین|دارید|چنده|چن|چنه|موجوده|قیمت|پس)\s*\??\s*$/;
// What makes a short message a complaint even in the middle of a product thread.
const COMPLAINT_WORDS =
  /خراب|شکسته|داغون|پاره|ناراض|افتضاح|بد رسید|اشتباه|شکایت|اعتراض|کلاهبردار|دزد|پولم|پس بگیر|جواب نمیده|جواب نمیدین|منتظرم|هنوز نرسیده|نرسیده|تاخیر|معیوب|ایراد|مشکل|(?:^|\s)بد(?:\s|$)|مزخرف|اشغال|ضعیف|بیشعور|مسخره|وضع|شاکی|عصبانی|ناراحت|کلافه|اعصاب|ضرر|خسارت|مسئولیت|(?:^|\s)دیر(?:\s|$)|لغو کنین|لغو کنید|پس میدم|پسش میدم|تاریخ ?ش? (?:گذشته|رد شده)|منقضی|فاسد|کثیف|ناقص|نیومد|نرسید|فرق داشت|فرق میکرد|اشتباهی|بی ?کیفیت|کیفیت ?ش? (?:پایین|بد|افتضاح|نداشت)|نخ ?کش|رنگ ?ش? رفت|پاره|شکست|زخمی|سوراخ|بو میده|بوی بد|حساسیت|جوش زد|سوزش|کم بود|کم فرستادین|نمیخونه|دروغ|بدقول|بد قول|بی ?مسئولیت|بی ?ادب|کنده|باز بود|خراش|چیز دیگه(?: ?ای)? (?:اومد|فرستادین|رسید)|سرد (?:رسید|بود|اومد)|یخ کرده|بیات|له شده|کپک|گندیده|سوخته بود|خمیر بود|بد اخلاق|بی ?ادب|راضی نیستم|راضی نبودم|راضی نیستیم|خرید نمیکنم|خرید نمیکنیم/;
/** Whether a message's words ask for a person («اپراتور»، «با یه آدم حرف بزنم»). */
export const asksForPerson = (key: string): boolean => PERSON_WORDS.test(key);
// Words that ask for a person outright («اپراتور»).
const PERSON_WORDS = /اپراتور|اوپراتور|پشتیبان|پشتیبانی|ادمین|کارشناس|مدیر|انسان|ادم|آدم|همکار|تلفنی|زنگ/;
// A question for goods ends on «دارین؟»، «موجوده؟»، «چنده؟».
const ASKS_FOR_IT = /(?:دارین|دارید|داری|داره|موجوده|موجود هست|موجوده یا نه|هست|هستش|چنده|چند|قیمتش|میخوام|میخواستم)\s*[?!.]*\s*$/;
// A message this short that says none of that is not a complaint, thread or not («دو و نیم»).
const TINY = 3;

// «همون قبلیه رو میگم»، «منظورم قبلیه بود»: the product before the last one.
const EARLIER = /قبلیه|قبلی|اولیه|اولی که|اون یکی/;

/** Whether a message points back at the product discussed before («همون قبلیه رو میگم»). */
export const pointsToEarlier = (key: string) => EARLIER.test(key);

/** Letter sizes in the order a customer steps through them. */
const LETTER_ORDER = ['XS', 'S', 'M', 'L', 'XL', 'XXL', 'XXXL'];

const wordsOf = (key: string) => key.split(/\s+/).filter((w) => /[\p{L}\d]/u.test(w));

/** Whether a message is short and leans on what came before rather than naming something new. */
export function isShortFollowUp(ctx: TurnContext): boolean {
  const words = wordsOf(ctx.normalized?.key ?? '').length;
  const key = cueKey(ctx);
  const entities = ctx.understanding?.entities ?? [];
  // «سه تا طوسی بخوام چند میشه؟»: a size or colour in a few more words still leans on the product.
  if (words <= VARIANT_FOLLOW_UP_MAX_WORDS && entities.some((e) => e.type === 'size' || e.type === 'colour' || e.type === 'shade')) return true;
  if (SO_MANY_OF_IT.test(key)) return true;
  // «پوستم خیلی چربه به من میخوره؟» says a little about the customer first, and still leans back.
  if (words > FOLLOW_UP_MAX_WORDS) return words <= SUITS_MAX_WORDS && SUITS.test(key);
  // «پنجشنبه؟» after the opening hours: that day's hours.
  const day = weekdayNamed(key) !== undefined || namesDate(key);
  return (
    BIGGER.test(key) || SMALLER.test(key) || SAME_AS_BEFORE.test(key) || POINTS_BACK.test(key) || ATTRIBUTE.test(key) || NUMBER_ALONE.test(ctx.normalized?.key ?? '') || day || HOW_MANY.test(key) || SUITS.test(key)
  );
}

// «۱۲۴ چی؟» after a lipstick: a shade (or size) number of the product in the thread.
const NUMBER_ALONE = /^\s*(?:شماره\s|shomare\s)?\d{2,3}(?:\s(?:چی|هم|هست|هستش|داره|دارین|دارید|موجوده|رو|chi|ham|hast|hastesh|dare|darin|darid|mojude|ro))*\s*\??\s*$/;

// Words that ask about a product's attributes: «رنگ‌بندیش چیه؟»، «جنسش چیه؟»، «چنده؟»، «چند؟».
// («با کد چقد درمیاد؟»: what it comes to, of the thread's product.)
const ATTRIBUTE = /رنگ|سایز|جنس|قیمت|چنده|چقدره|چقده|موجود|مشخصات|ساخت|ابعاد|وزن|حجم|ماندگاری|^\s*(?:چند|چقد|چقدر)\s*\??\s*$|(?:^|\s)(?:چند|چقد|چقدر) ?(?:درمیاد|در میاد|تموم میشه|میفته|میوفته)/;

/** The words cues are read in: the key, and for Finglish («rangash chie») its Persian reading too. */
export function cueKey(ctx: TurnContext): string {
  const key = ctx.normalized?.key ?? '';
  const u = ctx.understanding;
  return u && u.script !== 'persian' && u.classified !== key ? `${key} ${u.classified}` : key;
}
const PRICE = /قیمت|چنده|چقدره|چند ?(?:تومن|تومان)|چند میدین/;
const DETAILS = /رنگ|سایز|جنس|مشخصات|توضیح|مناسب|میخوره|بهم میاد|خوبه|ساخت|ابعاد|وزن|حجم|ماندگاری/;
// «حداقل چند تا؟»: how many, of what was just said.
const HOW_MANY = /حداقل|حداکثر|چند ?تا|چند عدد/;
// «دوتا ازش میخوام هست؟»، «۳ تا میخوام»: so many of the product just discussed.
const SO_MANY_OF_IT =
  /^(?:\S+ )?(?:\d+|یک|یه|دو|سه|چهار|پنج|شش|ده) ?(?:تا|عدد|دونه|جفت)(?: (?:ازش|از این|ازین|از همین|از همون|ازشون))? (?:میخوام|میخواستم|لازم دارم|برمیدارم|میگیرم|بدین|بدید|بفرستین|بفرستید)(?: (?:هست|هستش|دارین|دارید|داری|میشه|موجوده))?\s*[?؟]?\s*$/;
// «به من میخوره؟»، «برای پوست چرب خوبه؟»: whether the thing just discussed suits the customer.
const SUITS = /(?:به من|بهم|برام|واسم|برای من)\s?(?:میخوره|میاد|مناسبه|خوبه)|مناسبه|مناسب هست|(?:پوستم|پوست) \S+ ?(?:خوبه|مناسبه|میخوره)/;

/** A short message's cue that it is about the product in the thread: a variant, a step, an attribute. */
export function productCue(ctx: TurnContext): 'variant' | 'attribute' | undefined {
  const entities = ctx.understanding?.entities ?? [];
  const key = cueKey(ctx);
  if (entities.some((e) => e.type === 'size' || e.type === 'colour' || e.type === 'shade') || sizeStep(ctx.normalized?.key ?? '') !== 0 || NUMBER_ALONE.test(ctx.normalized?.key ?? '')) return 'variant';
  return ATTRIBUTE.test(key) ? 'attribute' : undefined;
}

/** What a follow-up without an intent of its own asks about the product: its price, details or stock. */
export function followUpAsk(ctx: TurnContext): 'price' | 'info' | 'availability' {
  const key = cueKey(ctx);
  if (productCue(ctx) === 'variant') return 'availability';
  // («چن؟»، «چنه؟»: «چند» as typed in a hurry.)
  if (PRICE.test(key) || /^\s*(?:چند|چقد|چقدر|چن|چنه)\s*\??\s*$/.test(key)) return 'price';
  return DETAILS.test(key) ? 'info' : 'availability';
}

/** A conversation already talking about a product or a topic. */
export const inThread = (ctx: TurnContext) => Boolean(ctx.state.lastProductId || ctx.state.slots?.topic);

/**
 * A complaint or a request for a person from a short follow-up in an ongoing thread needs words
 * that say so: a wrong complaint hands the chat to a queue and silences the bot.
 */
export function complaintIsDoubtful(ctx: TurnContext, intent: string): boolean {
  const key = ctx.normalized?.key ?? '';
  if (saysComplaint(key) || (intent === 'human_handoff' && PERSON_WORDS.test(key))) return false;
  // «بد نیست»: a complaint word denied is no complaint, thread or not.
  if (intent === 'complaint' && COMPLAINT_WORDS.test(key)) return true;
  // «کرم پودر فیت می دارین» read as a complaint names a product and asks for it: a product question.
  const namesProduct = (ctx.understanding?.entities ?? []).some((e) => e.type === 'product' && e.score >= ctx.services.options.productMinScore);
  if (intent === 'complaint' && namesProduct && ASKS_FOR_IT.test(key)) return true;
  return (inThread(ctx) && isShortFollowUp(ctx)) || (intent === 'complaint' && wordsOf(key).length <= TINY);
}

/** Whether a message's own words complain («داغون رسید»، «جواب نمیدین»), whatever it was read as. */
// «بد نیست»، «مشکلی نداره»، «خراب نبود»: a complaint word denied says the opposite.
const DENIED_COMPLAINT = /(?:^|\s)(?:بد|خراب|ضعیف|افتضاح|مشکل|مشکلی|ایراد|ایرادی)(?: هم)? (?:نیست|نبود|نداره|ندارم|نداشت|نشده|نشد)(?=\s|$|[?!.])/g;
export const saysComplaint = (key: string) => COMPLAINT_WORDS.test(key.replace(DENIED_COMPLAINT, ' '));
/** «بد نیست»، «مشکلی نداره»: complaint words, all denied. */
export const deniesComplaint = (key: string) => COMPLAINT_WORDS.test(key) && !saysComplaint(key);

/** −1 for «کوچیک‌تر», +1 for «بزرگ‌تر», 0 otherwise. */
export function sizeStep(key: string): number {
  if (BIGGER.test(key)) return 1;
  if (SMALLER.test(key)) return -1;
  return 0;
}

/** The size one step from `from` among a product's sizes, in size order. */
export function stepSize(sizes: readonly string[], from: string, step: number): string | undefined {
  const numeric = (s: string) => /^\d/.test(s);
  const order = (s: string) => (numeric(s) ? Number.parseFloat(s) : LETTER_ORDER.indexOf(s.toUpperCase()));
  const sorted = [...new Set(sizes)].sort((a, b) => order(a) - order(b));
  const at = sorted.findIndex((s) => s.toUpperCase() === from.toUpperCase());
  if (at >= 0) return sorted[at + step];
  // «S» of a hoodie made from M up: the size one step from S is the nearest the product has
  // beyond it (M), when the two are sizes of one kind (letters, or numbers).
  const mine = order(from);
  const comparable = sorted.filter((s) => numeric(s) === numeric(from) && order(s) >= 0);
  if (mine < 0 || !comparable.length) return undefined;
  return step > 0 ? comparable.find((s) => order(s) > mine) : comparable.filter((s) => order(s) < mine).at(-1);
}

/** Updates the slots (a fresh object; undefined values drop a slot). */
export function setSlots(ctx: TurnContext, patch: Partial<Slots>): void {
  const next: Slots = { ...ctx.state.slots, ...patch };
  for (const k of Object.keys(next) as Array<keyof Slots>) if (next[k] === undefined) delete next[k];
  ctx.state.slots = next;
}
