// The dialogs stage: quick-reply choices, commands, the dialog waiting on the stack, then the
// intent. A dialog frame is taken off the stack before it continues; it puts itself back when it
// still waits for an answer, so an interrupted dialog simply ends.
import { z } from 'zod';
import { effectivePrice, type Product } from '../../commerce/index.js';
import { findCities, normalize, OUT_OF_SCOPE, SHOP_FAQ_PREFIX, SURELY_OUTSIDE, toKey, type Understanding } from '../../nlu/index.js';
import type { DialogFrame } from '../conversation.js';
import { event, HANDOFF, message, suggestedActionsOf, type Choice, type Outbound, type ProductAsk } from '../activity.js';
import { announcesQuestion, composeReplies, endsQuestion, splitClauses, splitGreeting, withoutRepeats, type Opener } from '../clauses.js';
import type { Middleware, TurnContext } from '../context.js';
import { focusedAnswer, isYesNo, sentences } from '../focus.js';
import { MARKUP, textUnderMarkup } from '../markup.js';
import { casualTexts, texts, textsOf } from '../texts.js';
import { asksForPerson as wordsAskForPerson, complaintIsDoubtful, cueKey, deniesComplaint, inThread, isShortFollowUp, pointsToEarlier, productCue, saysComplaint, setSlots } from '../thread.js';
import { commandOf, runCommand } from './commands.js';
import { fallback } from './fallback.js';
import { answerAmountAgainstFloor } from './floor.js';
import { answerTotal, asksTotal, shippingOf } from './basket.js';
import { answerAbroad, answerFaqIntent, answerTopic, cityShippingReply, offerPerson, FAQ_INTENTS, kindsAskedAbout, payments, returns, shipping, shopAnswer, shopAnswers } from './faq.js';
import { namedMethods, shippingToCity } from './shipping-city.js';
import { dateAsked, weekdayNamed } from '../hours.js';
import { intentOfNamedCode } from '../shop-codes.js';
import { adviseGift, asksForGiftAdvice } from './gift.js';
import { adviseForSkin, asksForSkinAdvice, asksIfSuitsSkin, suitsSkinOfThread, writtenSkinOf } from './skin.js';
import { startHandoff } from './handoff.js';
import { aboutShownOrder, ASKS_WHO_TO_CALL, askOrderStatus, continueOrderNumber, continueVerify, deliveredNotReceived } from './order.js';
import { isMash, notCarried, onlyDescribes } from './not-carried.js';
import { answer, answerWarranty, askAboutProduct, cheaperOfThread, listCategory, othersOfThread, chooseProduct, continueChoose, continueWhich, detailOfThread, followUpOnProduct, ownColourOfThread, referBack, rememberNamedProduct, restockOfThread, saleOfThread, sayNotCarriedIfAsked, theEarlierNamed, theOtherOne, weakMatchOnLast } from './product.js';

const ASK = z.enum(['price', 'availability', 'info']);
const ChoiceSchema = z.union([
  z.object({ do: z.literal('product'), id: z.string(), ask: ASK }),
  z.object({ do: z.literal('intent'), intent: z.string() }),
  z.object({ do: z.literal('handoff') }),
  z.object({ do: z.literal('rate'), score: z.number().int().min(1).max(5) }),
]);

const PRODUCT_ASKS: Readonly<Record<string, ProductAsk>> = {
  product_price: 'price',
  product_availability: 'availability',
  product_info: 'info',
};

/** Topics a short follow-up («پس برگشتش با کیه؟»، «برای کرج چی؟») may continue. */
const TOPICS = new Set(['shipping_info', 'return_policy', 'payment_methods', 'business_hours']);

/**
 * Shipping, for the whole message or one clause of it. One function so the per-city answer
 * (which methods reach the city, cost, days) replaces the general one in one place; its city is
 * the one this clause names, else the one the customer named earlier (slots.city).
 */
function answerShipping(ctx: TurnContext): void {
  // «ersal be tabriz»: a Finglish message's city and words are read in its Persian form too.
  const key = cueKey(ctx);
  // «میتونم حضوری بیام بگیرم؟»: picking up in person is answered by where the shop is.
  if (PICK_UP.test(key) && shopAnswers(ctx, 'shop_address')) return;
  if (answerAbroad(ctx)) return;
  if (answerSendingTime(ctx)) return;
  // «جمعش چقدر؟ تا تبریز ارسالش رایگانه؟»: that sum against the floor, with the way to the city.
  if (ctx.sum !== undefined && FREE_ASKED.test(key)) return ctx.send(message(shippingOf(ctx, key, ctx.sum).join('\n')));
  // («ارسالش رایگانه؟» after a city's costs: when it is free, not that city's list again.)
  const remembered = findCities(key).length || FREE_ASKED.test(key) ? undefined : ctx.state.slots?.city;
  const toCity = remembered ? cityShippingReply(ctx.services.commerce.shop(), `${key} ${remembered}`) : undefined;
  if (toCity) return ctx.send(message(toCity));
  shipping(ctx);
}

const APPLIES_CODE = /اعمال|مبلغ|(?:هر|همه ?ی?) (?:خرید|سفارش)|(?:^|\s)(?:بزنم|بزنمش|استفاده کنم|استفاده کرد|میخوره|میخوره بهش|شامل|میشه زد|بخوره)(?:\s|$|[?؟])/;
const ACKNOWLEDGES = /^\s*(?:باشه|باشع|اوکی|اوکیه|ok|okay|خب|خوب|اهان|آهان|عالیه|چشم|حله|متوجه شدم|متوجه شدیم|فهمیدم|که اینطور|بله متوجه شدم|درسته|مرسی متوجه شدم)\s*[.!،,]*\s*$/i;
const HAVE_IT = /(?:^|\s)(?:دارین|دارید|داری|موجوده|موجود دارین|هست|darid|darin|dari|mojoode|hast)\s*[?؟!.]*\s*$/;
const HAVE_IT_MAX_WORDS = 4;
const CALLS_THEMSELF = /(?:^|\s)(?:زنگ|تماس) (?:بزنم|میزنم|بگیرم|میگیرم)(?:\s|$|[?؟!.])/;
const HAS_IT_VERB = /(?:^|\s)(?:داره|هست|هستش|نداره)(?=\s|$|[?؟!.])/;
const ASKS_ADVICE = /پیشنهاد|چی بخرم|چی بگیرم|چی بدم|چی خوبه|ایده/;
const LEANS_ON_PRODUCT = /(?:^|\s)(?:قیمتش|اینو|همینو|اینم|همینم|ازش|ازین|ازاین|همینا|همونو)(?=\s|$|[?؟!.])/;
const HOURS_ASKED = /(?:تا|از) (?:چه )?ساعت(?:ی)? (?:چند )?(?:باز|هستین|هستید|پذیرا|کار میکنین|کار میکنید|جواب|پاسخ)|چه ساعت(?:ی|هایی)? (?:باز|هستین|هستید|پذیرا)|ساعات? کاری|ساعت کار(?:تون|یتون|ی شما)/;
const ASKS_IF_OPEN = /(?:^|\s)(?:بازه|بازین|بازید|بازی|باز هستین|باز هستید|بازه مغازه|هستین|هستید|تعطیله|تعطیلین|تعطیلید)(?:\s|$|[?؟!.])/;
const SENDS_WORD = /ارسال|بفرست|میفرست|(?:^|\s)پست/;
const FREE_ASKED = /رایگان|مجانی|مفت|free/;
// «… چنده؟ آخرش چند میدی»: a first question that asks the price, before the bargaining.
const ASKS_ITS_PRICE = /^[^?؟]*(?:چند|چنده|چقدر|چقده|قیمتش|قیمتشون)\s*[?؟]/;
const SENDING_TIME =
  /تا ساعت (?:چند|چن)(?:\s|$|[?؟])|(?:امروز|همون روز|همان روز|همینامروز) (?:ارسال|بفرست|میفرست|پست|میره|بره)|(?:^|\s)کی (?:ارسال (?:میشه|میکنین|میکنید|میشن)|میفرستین|میفرستید|پست (?:میشه|میکنین|میکنید))|(?:چه زمانی|چه وقت|چه موقع) (?:ارسال|فرستاده|پست) (?:میشه|میشود|خواهد شد|میکنین|میکنید|می شود)|(?:^|\s)(?:اگه|اگر) (?:الان )?(?:ساعت )?\d{1,2} (?:صبح |ظهر |عصر |شب |بعدازظهر )?(?:سفارش|پرداخت|خرید)/;
/**
 * «تا ساعت چند سفارش بدم امروز ارسال شه؟» (read as shipping or as payment): when an order goes
 * out, as the shop's notes say.
 */
function answerSendingTime(ctx: TurnContext): boolean {
  const notes = ctx.services.commerce.shop().shipping.notes;
  const said = notes && SENDING_TIME.test(cueKey(ctx)) ? focusedAnswer(question(ctx), notes, textsOf(ctx).yes) : undefined;
  if (said) ctx.send(message(said));
  return said !== undefined;
}

const SAYS_CITY_MAX_WORDS = 5;
const SAYS_WHERE = /(?:هستم|هستیم|زندگی ?می ?کنم|زندگی ?می ?کنیم|ساکنم|ساکن|میشینم|می ?نشینم)(?=\s|$|[?.!،])/;
const HOW_GIVEN = /چطور|چطوری|چگونه|چجوری|به چه (?:صورت|شکل|طریق)|از چه راهی|از کجا/;
const TRACKING_POLICY = /کد ?رهگیری|کد پیگیری|tracking/;
// «کد رهگیری سفارشم رو میدین؟» is about the customer's own order.
const MY_ORDER = /سفارش(?:م|مو|مون|ام|امو)|سفارش من|بسته ?م|مرسولم|مال من|\d{5}/;
const ASKS_AFTER_YOU = /خوبی|خوبین|خوبید|خوب هستین|خوب هستید|چطوری|چطورین|چطورید|حالتون|حالت خوبه|حال شما|احوال|khoobi|khubi|khoobin|khubin|chetori/;
const OPINION_MAX_WORDS = 4;
// («نه حضوری نمیام، با پیک بفرستین» says the customer will not come.)
const PICK_UP = /(?:حضوری|hozoo?ri)(?! ?(?:نمیام|نمیایم|نمیتونم|نمیتونیم|نمیرسم|نه))|خودم بیام|بیام بگیرم|بیام ببرم|تحویل بگیرم از (?:مغازه|فروشگاه)/;

/** The city a shipping question is about: named in it, or earlier in the conversation. */
export const shippingCity = (ctx: TurnContext): string | undefined => findCities(cueKey(ctx))[0] ?? ctx.state.slots?.city;

/** The question as Persian words: the display form, or for Finglish its transliteration too. */
const question = (ctx: TurnContext) =>
  ctx.understanding && ctx.understanding.script !== 'persian' ? ctx.understanding.classified : (ctx.normalized?.display ?? ctx.activity.text ?? '');

/** The sentence of a policy that answers a narrow question («مرجوعی دارین؟»), or the whole policy. */
function answerPolicy(ctx: TurnContext, policy: string | undefined, whole: (ctx: TurnContext) => void): void {
  // «رژ لب … پس میگیرین؟»: the kind of product named («آرایشی») finds the sentence about that kind
  // (put before the question, whose end tells a yes/no question).
  // «… اصلا بازش نکردم، میشه پس بدم؟»: unopened, the rule for opened goods is not the answer, so
  // neither the kind nor the opening leads to it.
  const unopened = UNOPENED.test(ctx.normalized?.key ?? '');
  const kinds = unopened ? '' : kindsAskedAbout(ctx).join(' ');
  const asked = unopened ? question(ctx).replace(OPENING_WORDS, ' ') : question(ctx);
  const focused = policy ? focusedAnswer(`${kinds} ${asked}`.trim(), policy, textsOf(ctx).yes) : undefined;
  // «اگه باز نکرده بودم چی؟» right after that very sentence: another case of it is asked, which the
  // rest of the policy answers (asked again the same way, the same sentence is still the answer).
  const otherCase = focused !== undefined && saidLastTurn(ctx, focused) && WHAT_ABOUT.test(ctx.normalized?.key ?? '');
  if (focused && !otherCase) ctx.send(message(focused));
  else whole(ctx);
}

const UNOPENED = /(?:^|\s)باز ?ش? ?(?:نکردم|نکردیم|نکرده|نشده|نکردمش)|پلمب\S* (?:سالم|باز نشده|دست نخورده)|دست نخورده/;
const OPENING_WORDS = /(?:^|\s)(?:باز\S*|پلمب\S*)(?=\s|$)/g;
const WHAT_ABOUT = /(?:^|\s)(?:چی|چطور|چطوری)\s*[?؟!.]*\s*$/;
/** Whether the bot's last reply was this very text. */
const saidLastTurn = (ctx: TurnContext, text: string) => (ctx.state.outbox.at(-1)?.replies ?? []).some((r) => r.text === text);

/** «کارت به کارت هم میشه؟» names one payment method: its answer; otherwise the sentence or the list. */
function answerPayment(ctx: TurnContext): void {
  const methods = ctx.services.commerce.shop().payments;
  // («kart be kart mishe?»: Finglish names the way in its Persian reading.)
  const key = cueKey(ctx);
  // «تا ساعت چند پرداخت کنم که امروز ارسال بشه؟»: the day it goes out is what is asked.
  if (SENDS_WORD.test(key) && answerSendingTime(ctx)) return;
  // «تا کی وقت دارم کارت به کارت کنم؟»: how long an order waits for its payment, wherever the shop
  // wrote it (a method's notes), before the method named.
  if (PAYMENT_DEADLINE.test(key)) {
    const rule = methods.flatMap((p) => sentences(p.description ?? '')).find((s) => DEADLINE_RULE.test(toKey(s)));
    if (rule) return ctx.send(message(rule));
  }
  const named = methods.find((p) => namesMethod(key, p.name));
  if (named?.description) {
    const about = toKey(named.description).includes(toKey(named.name)) ? named.description : `${named.name}: ${named.description}`;
    const said = focusedAnswer(ctx.normalized?.display ?? '', about, textsOf(ctx).yes) ?? about;
    // «کرجم، پرداخت در محل دارین؟» → «فقط داخل تهران»: and how else to pay, or the customer is left there.
    const others = methods.filter((p) => p !== named).map((p) => p.name);
    const restricted = /(?:^|\s)(?:فقط|تنها)\s/.test(toKey(said)) && others.length > 0;
    return ctx.send(message(restricted ? `${said}\n${textsOf(ctx).otherPaymentWays(others)}` : said));
  }
  // «قسطی هم میشه؟» names a way to pay the shop does not list: a no, and the ways it has.
  const kind = PAYMENT_KINDS.exec(key)?.[0];
  if (kind && !methods.some((p) => toKey(`${p.name} ${p.description ?? ''}`).includes(kind.slice(0, 4)))) {
    return ctx.send(message(textsOf(ctx).paymentNotOffered(methods.map((p) => p.name).join('، '))));
  }
  answerPolicy(ctx, methods.map((p) => p.description ?? p.name).join('\n'), payments);
}

// «درمحل چی»، «کارت ب کارت میشه؟»: a way to pay named glued, with «ب» for «به», or by its own
// words without the «پرداخت» every way shares.
const GENERIC_PAYMENT_WORDS = /(?:^|\s)(?:پرداخت|روش|درگاه)(?=\s|$)/g;
const spaceless = (text: string) => text.replace(/(?:^|\s)ب(?=\s)/g, ' به').replace(/\s+/g, '');
function namesMethod(key: string, name: string): boolean {
  const own = toKey(name);
  if (key.includes(own)) return true;
  const glued = spaceless(key);
  if (glued.includes(spaceless(own))) return true;
  const distinctive = spaceless(own.replace(GENERIC_PAYMENT_WORDS, ' '));
  return distinctive.length >= 4 && glued.includes(distinctive);
}

const PAYMENT_DEADLINE = /(?:کنسل|لغو|باطل) ?(?:میشه|میشود|میکنین|میکنید|نمیشه|نمیشود|نمیکنین|نمیکنید)|سفارشم میمونه|تا فردا (?:واریز|پرداخت|بریزم)|تا کی|تا چه (?:زمانی|موقع)|تا چند (?:ساعت|روز|وقت)|مهلت|چقدر (?:وقت|فرصت)|چند (?:ساعت|روز) (?:وقت|فرصت)|فرصت دارم|وقت دارم|دیر (?:واریز|پرداخت|بریزم)/;
const DEADLINE_RULE = /لغو|کنسل|مهلت/;
const LEAVING = /خداحافظ|خدافظ|خدانگهدار|(?:^|\s)بای(?:\s|$)|شب خوش|شب بخیر|فعلا(?:\s|$)/;
const PAYMENT_KINDS = /اقساط|قسطی|قسط|با چک|چک صیادی|چکی|اعتباری|ارز دیجیتال|کریپتو|بیت ?کوین|تتر|پی ?پال|paypal|اسنپ ?پی|دیجی ?پی|تارا|لندو|ازکی|نسیه/;

const namesOrderNumber = (ctx: TurnContext) => (ctx.understanding?.entities ?? []).some((e) => e.type === 'order_number');

const namesProduct = (ctx: TurnContext) =>
  (ctx.understanding?.entities ?? []).some((e) => e.type === 'product' && e.score >= ctx.services.options.productMinScore);

const PRICE_REACTION = /(?:^|\s)(?:گرونه|گرون(?:ه)? ?(?:حساب|میدین|میدید|دادین)|چه گرون|گرونه که|ارزون ?تره|ارزونتره)(?:\s|$|[?!.])|(?:خیلی|چقدر|انقدر|اینقدر|زیادی) گرون/;

// «پس هزینه ارسالش با کیه؟» right after returns: who pays the postage of a return or exchange.
const POSTAGE_WORDS = /(?:هزینه|پول|کرایه)\S*\s(?:ی\s)?(?:پست|ارسال|برگشت|پس فرستادن)/;
const PAYS_IT = /(?:^|\s)(?:با منه|با من|با خودمه|با شماست|بدم|میدم|بپردازم|بدیم|میگیرین|میگیرید|میدین|میدید)(?=\s|$|[?؟!.])/;
/** «هزینه پست برگشتش با کیه؟»، «باید خودم پول پست بدم؟»: who pays for sending it back. */
const asksReturnPostage = (key: string) => POSTAGE_WORDS.test(key) && (WHO_PAYS.test(key) || PAYS_IT.test(key));
const WHO_PAYS = /(?:با|به عهده ?ی?|بر عهده ?ی?) ?کیه|کی (?:میده|پرداخت|حساب)|کی باید بده|با ما ?ست یا/;

// «سایزشو میشه عوض کنین قبل ارسال؟»، «آدرسمو عوض کنم؟»: changing an order placed, which a person
// does; neither a complaint nor the returns policy.
const CHANGE_ORDER =
  /(?:ادرس|نشانی|سفارش)\S*(?: ?(?:رو|را|و))?(?: (?:میخوام|میخواستم|میخواهم|باید|لطفا|رو))? ?(?:عوض|تغییر|اصلاح|ویرایش)|اشتباه (?:زدم|ثبت کردم|انتخاب کردم)|(?:عوض|تغییر)\S*(?: (?:کنین|کنید|بدین|بدید|کنم|بدم))? قبل (?:از )?(?:ارسال|فرستادن)/;
const CANCELLED_IF = /(?:^|\s)(?:اگه|اگر|چنانچه)\s.*(?:کنسل|لغو) ?(?:میشه|میشود|می شود|بشه|شود|میشن)(?=\s|$|[?؟!.])/;
const CANCEL_ORDER = /(?:کنسل|لغو)(?: ?ش)? ?(?:کن|کنم|کنین|کنید|کنی|بشه|میشه|کردن|کرد)|cancel/;
const MONEY_TAKEN = /(?:پول|مبلغ|وجه)\S*(?:\s\S+){0,3}?\s(?:کم شده|کم شد|کسر شده|کسر شد|برداشته شده|رفته ولی|رفت ولی)|از (?:حسابم|کارتم) (?:کم|کسر|برداشته) (?:شد|شده)/;
// («پس کی واریز میکنین؟» is read as when the shop is open or how to pay, by a hair.)
const PAID_BACK_INTENTS = new Set(['payment_methods', 'business_hours', 'order_status', OUT_OF_SCOPE]);
const CARD_NUMBER = /شماره ?(?:کارت|حساب|شبا)|کارت ?(?:به|ب) ?کارت/;
const PAID_BACK_WHEN = /کی (?:واریز (?:میشه|میشود|میکنین|میکنید|میکنن)|برمی ?گرد)|به کدوم (?:کارت|حساب)/;
const ASKS_FOR_CONTACT =
  /(?:^|\s)(?:شماره|شمارتون|تلفن|ایدی|ایمیل|اینستا|واتساپ|واتس اپ)\S*(?:\s\S+){0,2}\s(?:چنده|چیه|چند|رو بدین|رو بدید|رو بفرستین|رو بفرستید|بدین|بدید)(?:\s|\?|$)/;

const ADDRESS_WORD = /(?:^|\s)(?:ادرس|نشانی|لوکیشن|لوکیشین|location|adres|address)\S*/;
const CONTACT_WORD = /شماره|تلفن|تماس|اینستا|تلگرام|واتساپ|واتس اپ|ایمیل|ایدی|پیج|سایت|وبسایت|کانال|email|site|insta/;

// What a question about giving goods back says: «مرجوعی»، «پس بدم»، «پسش میگیرین»، «تعویض»، «refund».
// A leading «پس» is «so» («پس چجوری پول بدم؟»), and «پول … میگیرین» is a fee, not a refund.
const GIVES_BACK =
  /مرجوع|برگشت|برگردون|عودت|تعویض|(?:^|\s)عوض|(?:^|\s)پس ?(?:ش|شون)? ?(?:رو |را )?(?:ن?می)?(?:بد|داد|دید|دین|دم|گیر|بگیر|فرست|بفرست)|پسش|(?:^|\s)پس دادن|(?:^|\s)پس گرفتن|برمی ?گرد|برگرد|پولم ?(?:و|رو)? ?(?:پس|برگردون)|ایراد|خراب|معیوب|عیب|refund|return|marju|pas bed|taviz|avaz/;
// «پولش کی واریز میشه؟»، «پولم کی برمیگرده؟»: money coming back to the customer, a refund.
const REFUND_ASKED = /(?:پول|مبلغ|وجه)\S*(?:\s+\S+){0,3}?\s+(?:واریز (?:میشه|میشود|میکنین|میکنید|کردین|کردید|شد|شده)|برمی ?گرد|برمیگردون|برگشت|پس میدین|پس میدید|میریزین|میریزید|عودت)/;
const GIFT_GIVING = /کادو|هدیه|سوغاتی/;
const SHIPPING_WORDS = /(?:^|\s)(?:پست|پستی|ارسال|ارسالی|پیک|تیپاکس|چاپار|کرایه)/;
const PAYING_WORDS = /(?:^|\s)(?:پول|پرداخت|بپردازم|بدم|واریز|کارت|درگاه)/;

/** A return-policy reading with no word of giving back: a fee of the post, or how to pay. */
function withoutGivingBack(ctx: TurnContext, intent: string): string {
  const key = ctx.normalized?.key ?? '';
  if ((intent === 'payment_methods' || intent === 'return_policy') && REFUND_ASKED.test(key)) return 'return_policy';
  if (intent === 'return_policy' && PAID_BACK_WHEN.test(key) && (RETURNS_TOPICS.has(ctx.state.slots?.topic ?? '') || !!ctx.state.slots?.orderId)) return intent;
  if (intent !== 'return_policy' && intent !== 'exchange_shipping') return intent;
  // «اونم پولشو من میدم؟» right after the returns answer is still about the return.
  if (GIVES_BACK.test(key) || RETURNS_TOPICS.has(ctx.state.slots?.topic ?? '')) return intent;
  // «میخوام کادو بدم»: giving a gift, neither a payment nor a return.
  if (GIFT_GIVING.test(key)) return OUT_OF_SCOPE;
  if (SHIPPING_WORDS.test(key)) return 'shipping_info';
  if (PAYING_WORDS.test(key)) return 'payment_methods';
  return intent;
}

// Topics an order's own question may carry («… پرداختش انجام نشده انگار»): answered after the order.
const ORDER_SIDE_TOPICS = new Set(['payment_methods', 'shipping_info', 'return_policy']);
const ORDER_POLICY_TOPICS = new Set(['return_policy', 'exchange_shipping']);

async function routeIntent(ctx: TurnContext, intent: string, afterOrder = false): Promise<void> {
  intent = withoutGivingBack(ctx, intent);
  // «تا ساعت چند سفارش بدم که امروز بیاد؟»: by when to order for it to go out that day, not the hours.
  if (intent === 'business_hours' && /سفارش|ارسال|بیاد|برسه|میرسه|بفرست|پیک/.test(ctx.normalized?.key ?? '') && answerSendingTime(ctx)) return;
  // «ایرفورس چند؟ … آخرش چند میدی؟»: the price asked of the product named, then the shop's word on haggling.
  if (intent === 'haggle' && namesProduct(ctx) && ASKS_ITS_PRICE.test(ctx.normalized?.key ?? '')) askAboutProduct(ctx, 'price');
  // «سفارش ۱۰۴۳۴ موبایل ۰۹۱۲… پرداختش انجام نشده»: an order number with its phone is about that
  // order, whatever else the words lean to; the order first, then the topic they raise.
  const entities = ctx.understanding?.entities ?? [];
  const provesAnOrder = entities.some((e) => e.type === 'order_number') && entities.some((e) => e.type === 'phone');
  if (provesAnOrder && !afterOrder && intent !== 'order_status' && intent !== 'complaint' && intent !== 'human_handoff' && !(intent in PRODUCT_ASKS)) {
    await routeIntent(ctx, 'order_status');
    if (ORDER_SIDE_TOPICS.has(intent)) await routeIntent(ctx, intent, true);
    return;
  }
  // «سفارش ۱۰۴۳۰ بنده کی ارسال می‌شود؟»: when an order named by its number goes out is that order's question.
  if (intent === 'shipping_info' && !afterOrder && namesOrderNumber(ctx) && /سفارش|بسته|مرسوله/.test(ctx.normalized?.key ?? '')) intent = 'order_status';
  // «سفارش قبلیم ۱۰۴۰۴ پولش برگشت؟»: a policy word asked of an order named by its number is that
  // order's question (its status says whether it came back); the policy follows the order.
  if (ORDER_POLICY_TOPICS.has(intent) && !afterOrder && namesOrderNumber(ctx) && /سفارش|بسته|مرسوله/.test(ctx.normalized?.key ?? '')) {
    await routeIntent(ctx, 'order_status');
    return;
  }
  if (intent === 'shipping_info' && ctx.state.slots?.topic === 'return_policy' && WHO_PAYS.test(toKey(question(ctx)))) {
    intent = 'exchange_shipping';
  }
  // «میخوام سفارشمو کنسل کنم»: a person cancels an order; the bot offers one rather than a policy.
  // («میخوام کنسلش کنم، هنوز که ارسال نشده» leans to shipping by a word; it cancels all the same.)
  // «اگه امروز تایید نشه سفارشم کنسل میشه؟» asks when the shop cancels an order, as its rules say.
  if (CANCELLED_IF.test(ctx.normalized?.key ?? '')) {
    const shop = ctx.services.commerce.shop();
    const rule = [...shop.payments.map((p) => p.description ?? ''), shop.shipping.notes ?? '', shop.returns ?? ''].flatMap(sentences).find((s) => /لغو|کنسل/.test(s));
    if (rule) return ctx.send(message(rule));
  }
  if ((intent === 'return_policy' || intent === 'order_status' || intent === 'shipping_info' || intent === OUT_OF_SCOPE) && CANCEL_ORDER.test(ctx.normalized?.key ?? '')) {
    return ctx.send(message(textsOf(ctx).cancelOrder, { quickReplies: [{ title: textsOf(ctx).talkToHuman, value: { do: 'handoff' } }] }));
  }
  // «کد رهگیری میدین؟» asks whether the shop gives one, not for an order's: the shipping notes say.
  const asked = ctx.normalized?.key ?? '';
  // «با تیپاکس کی میرسه دستم؟» after shipping costs: how long that way of sending takes, not where an order is.
  if (intent === 'order_status' && ctx.state.slots?.topic === 'shipping_info' && !MY_ORDER.test(asked) && namedMethods(ctx.services.commerce.shop(), asked).length > 0) {
    intent = 'shipping_info';
  }
  // «چنانچه امروز ساعت ۱۸ پرداخت کنم، سفارش چه زمانی ارسال خواهد شد؟» has no order yet: when one goes out.
  if (intent === 'order_status' && !namesOrderNumber(ctx) && !MY_ORDER.test(asked) && answerSendingTime(ctx)) return;
  // («کد رهگیری به چه صورت اطلاع داده می‌شود؟» asks how the shop gives codes, as much as «… میدین؟».)
  if (intent === 'order_status' && TRACKING_POLICY.test(asked) && !MY_ORDER.test(asked) && (isYesNo(asked) || HOW_GIVEN.test(asked))) {
    const notes = ctx.services.commerce.shop().shipping.notes;
    const focused = notes ? focusedAnswer(question(ctx), notes, textsOf(ctx).yes) : undefined;
    if (focused && !namesOrderNumber(ctx)) return ctx.send(message(focused));
  }
  // «آدرستون رو بفرستین» asks where the shop is, whatever a «send me» made of it («آدرس سایت» is contact).
  if ((intent === 'contact_info' || intent === 'human_handoff') && ADDRESS_WORD.test(ctx.normalized?.key ?? '') && !CONTACT_WORD.test(ctx.normalized?.key ?? '')) intent = 'shop_address';
  // «اگه نرسید به کی زنگ بزنم؟» asks whom to call: the contact details, not an order lookup.
  if (ASKS_WHO_TO_CALL.test(asked) && !namesOrderNumber(ctx)) intent = 'contact_info';
  // «شماره پشتیبانی چنده؟» asks for a number, not for a person now: the contact details.
  if (intent === 'human_handoff' && ASKS_FOR_CONTACT.test(ctx.normalized?.key ?? '')) intent = 'contact_info';
  // «تا چه ساعتی پذیرای مشتریان هستید؟» asks the hours, whatever product a «ساعت» looked like.
  if ((intent in PRODUCT_ASKS || intent === OUT_OF_SCOPE || intent === 'shop_address') && HOURS_ASKED.test(asked) && !namesProduct(ctx)) intent = 'business_hours';
  if (intent !== OUT_OF_SCOPE) ctx.state.misses = 0;
  if (TOPICS.has(intent)) setSlots(ctx, { topic: intent });
  const ask = PRODUCT_ASKS[intent];
  if (ask) return askAboutProduct(ctx, ask);
  // «کتاب داستان میفروشید؟» asks for one thing, not for the range: whether the shop has it.
  if (intent === 'catalog_overview' && (namesProduct(ctx) || notCarried(ctx))) return askAboutProduct(ctx, 'availability');
  // «عطر ساواج دیور اورجینال دارید؟» names a thing the shop lacks: that, not the word on originals.
  if (intent === 'authenticity' && !namesProduct(ctx) && notCarried(ctx)) return askAboutProduct(ctx, 'availability');
  // «این کیف دوشی و کیف پول رو با هم بخرم تخفیف میدین؟»: the products' prices, then the discounts.
  if (intent === 'discount_code' && namesProduct(ctx)) return askAboutProduct(ctx, 'price');
  // «سایز مانتو کتان چی بگیرم؟» names a product: its sizes and stock beside the shop's size advice.
  if (intent === 'size_advice' && namesProduct(ctx)) {
    // «بین ۳۸ و ۴۰ موندم»: the two sizes are the doubt, not a stock question about the first.
    if (BETWEEN_SIZES.test(ctx.normalized?.key ?? '') && ctx.understanding) {
      ctx.understanding = { ...ctx.understanding, intent: 'size_advice', entities: ctx.understanding.entities.filter((e) => e.type !== 'size') };
    }
    return askAboutProduct(ctx, 'info');
  }
  // «۲ دی ماه مغازه بازه؟ میخوام بیام»: whether it is open that day comes before where it is.
  if (intent === 'shop_address' && ASKS_IF_OPEN.test(asked) && (weekdayNamed(asked) !== undefined || dateAsked(asked, ctx.now, ctx.services.commerce.shop().timezone))) {
    answerFaqIntent(ctx, 'business_hours');
  }
  if (answerFaqIntent(ctx, intent)) {
    // «حداقل چند تا؟» after the wholesale answer leans on it, as a follow-up after shipping does.
    if (intent !== 'bot_identity') setSlots(ctx, { topic: intent });
    return rememberNamedProduct(ctx);
  }
  const shop = ctx.services.commerce.shop();
  switch (intent) {
    case 'greeting':
      return ctx.send(message(textsOf(ctx).greeting));
    case 'thanks':
      // «مرسی از راهنماییتون خدافظ»: thanked and taking leave.
      if (LEAVING.test(ctx.normalized?.key ?? '')) return ctx.send(message(`${textsOf(ctx).thanksAck} ${textsOf(ctx).goodbye}`));
      return ctx.send(message(textsOf(ctx).thanks));
    case 'goodbye':
      return ctx.send(message(textsOf(ctx).goodbye));
    case 'order_status':
      return askOrderStatus(ctx);
    case 'shipping_info':
      answerShipping(ctx);
      // «اگه مانتو مخمل کبریتی بگیرم ارسالش …؟»: the product named is the thread's for «بژ سایز ال داره؟» next.
      return rememberNamedProduct(ctx);
    case 'return_policy':
      answerPolicy(ctx, shop.returns, returns);
      // «مانتو کرپ خریدم … میشه عوضش کنم؟»: the product named is the thread's for what comes next.
      return rememberNamedProduct(ctx);
    case 'payment_methods':
      return answerPayment(ctx);
    case 'human_handoff':
      return startHandoff(ctx, 'requested');
    case 'complaint':
      // «ده روزه منتظرم! سفارش ۱۰۴۲۷»: what the customer wants first is where the order is; it is
      // looked up (after the phone that proves it) rather than left waiting for a person.
      // A parcel crushed, a wrong item, «دیگه خرید نمیکنم»: more than the wait, so a person is
      // offered beside the lookup (which proves the order for them too).
      if (namesOrderNumber(ctx)) {
        ctx.send(message(textsOf(ctx).complaintSorry));
        await askOrderStatus(ctx);
        const ask = ctx.replies.at(-1);
        if (ask && !ask.suggestedActions && !onlyAboutTheWait(ctx.normalized?.key ?? '')) ask.suggestedActions = suggestedActionsOf(offerPerson(ctx));
        return;
      }
      startHandoff(ctx, 'complaint');
      // «زیپش از روز اول خراب بود … باید خودم پول پست بدم؟»: who pays the way back is the shop's
      // rule, said now rather than left for the person.
      if (asksReturnPostage(ctx.normalized?.key ?? '')) answerFaqIntent(ctx, 'exchange_shipping');
      return;
    default:
      return understandOutOfScope(ctx);
  }
}

/** Whether a message is made of words the model knows («جوک بگو»), not keys or laughter («asdfgh»). */
function speaksWords(ctx: TurnContext): boolean {
  if (isMash(ctx)) return false;
  const vocabulary = ctx.services.nlu.classifier.vocabulary;
  const words = (ctx.understanding?.classified ?? ctx.normalized?.key ?? '').split(/[^\p{L}]+/u).filter((w) => w.length >= 2);
  const known = words.filter((w) => vocabulary.has(w)).length;
  return known >= 2 || (known >= 1 && known === words.length);
}

/** Not one of the intents: maybe an FAQ topic, a bare order number or a product name. */
async function understandOutOfScope(ctx: TurnContext): Promise<void> {
  // («اگه ساعت ۵ عصر سفارش بدم چی بازم امروز میاد؟»: when an order goes out, in words read as nothing.)
  if (answerTopic(ctx) || answerSendingTime(ctx)) {
    ctx.state.misses = 0;
    return;
  }
  const entities = ctx.understanding?.entities ?? [];
  if (namesOrderNumber(ctx)) {
    ctx.state.misses = 0;
    return askOrderStatus(ctx);
  }
  // An alarm or the weather is not a product question, whatever word happens to look like one.
  const outside = (ctx.understanding?.outside ?? 0) >= SURELY_OUTSIDE;
  if (!outside && entities.some((e) => e.type === 'product' && e.score >= ctx.services.options.productMinScore && !onlyDescribes(e.text))) {
    ctx.state.misses = 0;
    return askAboutProduct(ctx, 'info');
  }
  // «برا جای نیمه رسمی خوبه؟» after the polo, read as surely about something else: its description
  // says «مناسب استفاده‌ی روزمره و نیمه‌رسمی», which is the answer.
  if (detailOfThread(ctx)) {
    ctx.state.misses = 0;
    return;
  }
  // «ما مشهد هستیم» says where the customer lives, however far from a shop it reads («هوای مشهد» does not).
  const where = ctx.normalized?.key ?? '';
  if (SAYS_WHERE.test(where) && findCities(where).length > 0 && where.split(/\s+/).filter(Boolean).length <= SAYS_CITY_MAX_WORDS) {
    ctx.state.misses = 0;
    return answerShipping(ctx);
  }
  // «یه آهنگ شاد پخش کن»: an honest "not something I do", and what the bot does instead.
  if (outside && speaksWords(ctx)) return ctx.send(message(textsOf(ctx).outOfScope));
  if (weakMatchOnLast(ctx) || sayNotCarriedIfAsked(ctx)) {
    ctx.state.misses = 0;
    return;
  }
  // «من ساکن مشهدم»: a customer who says where they live will ask what reaching them costs.
  const key = ctx.normalized?.key ?? '';
  if (findCities(key).length > 0 && key.split(/\s+/).filter(Boolean).length <= SAYS_CITY_MAX_WORDS) {
    ctx.state.misses = 0;
    return answerShipping(ctx);
  }
  fallback(ctx);
}

// «👍»، «🙏🌹» alone: an acknowledgement, answered as a thanks.
const THANKS_EMOJI = /👍|👌|🙏|❤|♥|🌹|🌸|💐|🌷|😍|🥰|😘|☺|😊|🙂|✌|💙|💜|💚|🤍|🖤|💖|😇|👏/u;
const RETURNS_TOPICS = new Set(['return_policy', 'exchange_shipping']);
const CONDITION = /(?:^|\s)(?:اگه|اگر|چنانچه)\s/;
const CONDITION_MAX_WORDS = 8;
// «… چی؟»، «اگه …»، «بازش کرده باشم»: a condition put to the policy just given.
const RETURN_CUE = /(?:^|\s)(?:چی|اگه|اگر|بازش|باز|استفاده|پس|مرجوع|عوض|تعویض|برگشت)/;
// Words that ask for goods, not about a policy: «قیمتش چنده؟»، «موجود دارین؟».
const ASKS_FOR_GOODS = /قیمت|چنده|چند میشه|موجود|دارین|دارید|داری(?:\s|$)/;
// «همون قبلیه رو میگم» with what is asked of it, in a message no longer than this.
const REFER_BACK_MAX_WORDS = 10;
const wordCount = (ctx: TurnContext) => (ctx.normalized?.key ?? '').split(/\s+/).filter((w) => /[\p{L}\d]/u.test(w)).length;
// A follow-up cue without a product: «صورتیش چی»، «ال چی؟»، «بزرگ‌ترش؟».
const PRODUCT_FOLLOW_UP_MAX_CONFIDENCE = 0.9;
const HAGGLE_KEEPS = 0.5;
// A whole message read as a complaint this surely, in words that complain, is answered as one.
const SURE_COMPLAINT = 0.8;
const SIZE_WORD = String.raw`(?:\d{2}(?:[.,/]5)?|\d{2} و نیم|اس|ام|ال|ایکس ?ال|دو ?ایکس ?ال|xx?l|xs|[sml])`;
const BETWEEN_SIZES = new RegExp(
  String.raw`(?:^|\s)بین (?:سایز )?${SIZE_WORD} (?:و|یا|تا) ${SIZE_WORD} (?:موندم|مونده ام|مردد|شک|دو ?دلم)|(?:^|\s)(?:سایز )?${SIZE_WORD} (?:بگیرم|بردارم|بخرم|سفارش بدم) یا (?:سایز )?${SIZE_WORD}(?:\s|$|[?!.])|(?:^|\s)(?:سایز )?${SIZE_WORD} یا (?:سایز )?${SIZE_WORD} (?:بگیرم|بردارم|بخرم|کدوم|کدام)|(?:بگیرم|بردارم|بخرم) یا (?:یه سایز )?(?:بزرگ|کوچیک|کوچک) ?تر`,
);

const AMOUNT = String.raw`(?:\d+(?:[.,/]\d+)?|یک|یه|دو|سه|چهار|پنج|ش|شش|شیش|هفت|هشت|نه|ده|صد|دویست|سیصد|چارصد|چهارصد|پونصد|پانصد|ششصد|شیشصد|هفتصد|هشتصد|نهصد|هزار|تومن|تومان|میلیون|تومنی)`;
const PRICE_OFFER = new RegExp(
  String.raw`(?:^|\s)(?<!سایز\s)${AMOUNT}(?:\s(?:و\s)?(?:نیم|${AMOUNT})){0,3}\s(?:بدی|بده|بدین|بدید|میدی|میدین|میدید|حساب کن\S*|بزن|بزنی|بزنین)(?:\s|$|[?!.،,])`,
);
const LAST_PRICE = /(?:^|\s)(?:اخرش|آخرش|تهش|ته ش) (?:چند|چقدر|چقد)|(?:اخرین|آخرین) قیمت|قیمت (?:اخر|آخر)(?:\s|$|[?!.])/;
const COUNTED = /\d+\s?(?:تا|عدد|دونه|جفت)\s(?:بده|بدین|بدید|بدی)/;

/**
 * Whether a message asks only what it all comes to: no product named in full (a typo-close «کلش»
 * is no «کلاه»), no variant, no order.
 */
// («اگه کتونی ایرفورس بگیرم ارسالش رایگانه؟» with a basket: that product, against the floor.)
const asksTotalOnly = (ctx: TurnContext) => asksTotal(ctx) && !namesVariant(ctx) && !namesOrderNumber(ctx) && wholeMatches(ctx).length === 0 && !namesProduct(ctx);

/** The message's product matches that name a product whole (a name or alias) and strongly. */
/** «سرم … بهتره یا کرم سراوی؟»: two products named whole, one or the other. */
const weighsTwo = (ctx: TurnContext) =>
  / یا /.test(ctx.normalized?.key ?? '') && (ctx.understanding?.productMatches ?? []).filter((m) => m.complete && m.score >= NAMED_APART_SCORE).length >= 2;

/** How many things apart the message names: matches (0.4 and up) at places that do not overlap. */
function thingsNamedApart(ctx: TurnContext): number {
  const spans: Array<{ start: number; end: number }> = [];
  for (const m of ctx.understanding?.productMatches ?? []) {
    if (m.score >= NAMED_APART_SCORE && !spans.some((s) => m.start < s.end && s.start < m.end)) spans.push(m);
  }
  return spans.length;
}
const NAMED_APART_SCORE = 0.4;
const wholeMatches = (ctx: TurnContext) => (ctx.understanding?.productMatches ?? []).filter((m) => m.complete && m.score >= ctx.services.options.productMinScore);

/** The product the message names in full (its name or an alias, whole), when one stands ahead. */
function productNamedWhole(ctx: TurnContext): Product | undefined {
  const whole = wholeMatches(ctx);
  // («هودی زیپ دار مردانه» is whole, and so is its «هودی»: the fuller one, ahead, is meant.)
  const [first, second] = whole;
  return first && (!second || second.score < first.score) ? ctx.services.commerce.catalog().product(first.productId) : undefined;
}

/** Whether the message is one product's name (or alias) written whole, with nothing around it. */
function onlyAProductName(ctx: TurnContext): boolean {
  const u = ctx.understanding;
  const key = u?.productKey ?? '';
  const m = wholeMatches(ctx)[0];
  return !!m && !/\p{L}/u.test(key.slice(0, m.start) + key.slice(m.end));
}

// «ارسالش رایگانه؟»، «پست مجانی میشه؟»: whether sending it is free.
const FREE_SENDING = /(?:ارسال|پست|ارسالش|پستش|هزینه ?ی? ارسال)\S*\s(?:\S+\s)?(?:رایگان|مجانی|مفت)|(?:رایگان|مجانی)\s(?:ارسال|میفرستین|میفرستید)/;

/** «اگه کتونی ایرفورس بگیرم ارسالش رایگانه؟»: one product named, answered against the floor; false otherwise. */
function productShipsFree(ctx: TurnContext): boolean {
  const over = ctx.services.commerce.shop().shipping.free_over;
  const key = ctx.normalized?.key ?? '';
  if (over === undefined || !FREE_SENDING.test(key) || namesOrderNumber(ctx) || namesVariant(ctx) || TOTAL_WORDS.test(key)) return false;
  const strong = (ctx.understanding?.entities ?? []).filter((e) => e.type === 'product' && e.score >= ctx.services.options.productMinScore);
  const ids = [...new Set(strong.map((e) => e.value))];
  // (Two named apart, not one word that names either: «شال نخی بخرم …» is one scarf.)
  const apart = strong.length === 2 && (strong[0]!.end <= strong[1]!.start || strong[1]!.end <= strong[0]!.start);
  // «اگه هودی دورس با شلوار کارگو بگیرم ارسالش رایگان میشه؟»: two things, their sum against the floor.
  if (ids.length === 2 && apart) {
    const [a, b] = ids.map((id) => ctx.services.commerce.catalog().product(id));
    if (!a || !b) return false;
    const t = textsOf(ctx);
    const sum = effectivePrice(a) + effectivePrice(b);
    ctx.send(message([t.price(a.name, a.price, a.salePrice), t.price(b.name, b.price, b.salePrice), t.together(sum), ...shippingOf(ctx, key, sum)].join('\n')));
    ctx.state.lastProductId = a.id;
    setSlots(ctx, { previousProductId: b.id });
    return true;
  }
  if (ids.length > 2) return false;
  const named = productNamedWhole(ctx) ?? (ids.length === 1 ? ctx.services.commerce.catalog().product(ids[0]!) : undefined);
  if (!named) return false;
  const price = effectivePrice(named);
  // «اگه دو تا هودی بگیرم ارسالش رایگان میشه؟»: that many of it against the floor.
  const count = Math.max(1, ...(ctx.understanding?.entities ?? []).filter((e) => e.type === 'quantity').map((e) => Number(e.value)));
  if (count > 1) {
    ctx.send(message([textsOf(ctx).wantedLine(count, named.name, '', count * price), ...shippingOf(ctx, key, count * price)].join('\n')));
    ctx.state.lastProductId = named.id;
    return true;
  }
  ctx.send(message(price >= over ? textsOf(ctx).productShipsFree(named.name, price, over) : textsOf(ctx).productShortOfFree(named.name, price, over)));
  ctx.state.lastProductId = named.id;
  return true;
}
const RECEIPT_WHERE = /رسید\S*\s(?:\S+\s)?(?:کجا|به کجا|برای کی|واسه کی|به کی|چجوری|چطوری)\s(?:بفرستم|ارسال کنم|بدم|بفرستیم)|(?:کجا|به کی)\s(?:بفرستم|ارسال کنم)\sرسید/;
const BOTH_PRICES = /(?:قیمت|چند|چقدر|چقد)\S*\s(?:\S+\s)?هر ?دو|هر ?دو\S*\s(?:\S+\s)?(?:چند|چقدر|چقد|قیمت)/;
// (A sum asked goes to the basket: «جمعش … ارسالش رایگان میشه؟».)
const TOTAL_WORDS = /جمع|کلش|همش|با هم|باهم|روی هم/;
// «کل هزینه … چی میشه»، «جمعش چقد میشه»: a sum asked.
const SUM_ASKED = /(?:جمع|کلش|کل هزینه|هزینه ?ی? کل|کل مبلغ|مبلغ کل|روی هم|با هم|باهم)\S*(?:\s\S+){0,4}?\s(?:چی|چقدر|چقد|چند)\s?(?:میشه|میشود|می شود|درمیاد)/;

/** Whether a message names a size, colour or shade. */
const namesVariant = (ctx: TurnContext) => (ctx.understanding?.entities ?? []).some((e) => e.type === 'size' || e.type === 'colour' || e.type === 'shade');

/** The product a message names, else the one in the thread. */
function productNamedOrThread(ctx: TurnContext): Product | undefined {
  const catalog = ctx.services.commerce.catalog();
  const named = ctx.understanding?.entities.find((e) => e.type === 'product')?.value;
  return (named ? catalog.product(named) : undefined) ?? (ctx.state.lastProductId ? catalog.product(ctx.state.lastProductId) : undefined);
}

/** Whether the customer names the price they would pay, or asks for the last price: haggling. */
function offersAPrice(ctx: TurnContext): boolean {
  const key = ctx.normalized?.key ?? '';
  if (COUNTED.test(key)) return false;
  const aboutPrice =
    !!ctx.state.lastProductId || (ctx.understanding?.entities ?? []).some((e) => e.type === 'product') || /گرون|قیمت|تومن|تومان|تخفیف|\d{3,}|صد(?:\s|$)|دویست|سیصد|پونصد|پانصد|هزار|میلیون|و نیم/.test(key);
  return aboutPrice && (PRICE_OFFER.test(key) || LAST_PRICE.test(key));
}

const WAY_FOLLOW_UP_MAX_WORDS = 4;
const OWN_COLOUR_MAX_WORDS = 3;
// Topics whose follow-up «هزینش؟» asks what sending costs, and the answer to it.
const COST_TOPICS: Readonly<Record<string, string>> = { shipping_info: 'shipping_info', return_policy: 'exchange_shipping', exchange_shipping: 'exchange_shipping' };
const COST_WORD = /(?:^|\s)(?:هزینه|هزینش|هزینشو|هزینه ?اش|هزینه ?ش|خرجش|کرایش|کرایه ?اش|کرایه)(?=\s|$|[?؟!.])/;
// Topics a bare weekday follows up as a question of opening hours.
const DAY_TOPICS = new Set(['business_hours', 'shop_address', 'contact_info']);
const DAY_FOLLOW_UP_MAX_WORDS = 4;

// A reading this unsure gives way to a complaint close behind it whose words are in the message.
const UNSURE = 0.65;
const TOPIC_FOLLOW_UP_MAX_CONFIDENCE = 0.45;
// A doubtful clause takes the next reading only when that one has some weight.
const DOUBTFUL_RUNNER_UP = 0.1;
const COMPLAINT_RUNNER_UP = 0.3;

/**
 * The intent, read against the conversation: a short follow-up in a product or topic thread
 * continues it, and is a complaint only when its words say so.
 */
// «ضد آفتاب آردن اصله؟»: whether a product named is original, however its name leans the reading.
const ASKS_ORIGINAL = /(?:^|\s)(?<!قیمت(?:ش)? )(?:اصله|اصلیه|اورجیناله|اورجینال|اوریجیناله|فیکه|تقلبیه|کپیه|های ?کپیه)(?=\s|$|[?؟!.])/;

async function routeUnderstood(ctx: TurnContext, intent: string): Promise<void> {
  // «اگه ساعت ۵ عصر سفارش بدم امروز میاد؟» names no product, whatever its order word leans to: the cut-off.
  if (intent in PRODUCT_ASKS && !namesProduct(ctx) && !namesOrderNumber(ctx) && /(?:^|\s)(?:اگه|اگر)\s/.test(ctx.normalized?.key ?? '') && answerSendingTime(ctx)) return;
  if ((intent === 'product_info' || intent === 'product_availability') && ASKS_ORIGINAL.test(ctx.normalized?.key ?? '') && namesProduct(ctx)) intent = 'authenticity';
  // «واریز کردم … کی تایید میشه؟» after the ways to pay: when a payment is confirmed, as the shop wrote it.
  if (ctx.state.slots?.topic === 'payment_methods' && CONFIRMED.test(ctx.normalized?.key ?? '') && !namesOrderNumber(ctx) && wordCount(ctx) <= REFER_BACK_MAX_WORDS) {
    return routeIntent(ctx, 'payment_methods');
  }
  // «پولوشرت مردانه پیکه»: a product's whole name and nothing else asks about it, whatever one of
  // its words («پیکه», a courier) leans to.
  if (!(intent in PRODUCT_ASKS) && onlyAProductName(ctx)) intent = 'product_info';
  const confidence = ctx.understanding?.confidence ?? 0;
  // «مبلغ را چه زمانی عودت می‌دهید؟»: money given back, in words the classifier has rarely seen, is the returns policy.
  if ((intent === OUT_OF_SCOPE || intent === 'payment_methods') && REFUND_ASKED.test(ctx.normalized?.key ?? '') && !namesOrderNumber(ctx)) intent = 'return_policy';
  const asked = ctx.normalized?.key ?? '';
  // «شماره پشتیبانی چنده زنگ بزنم؟» in a product thread: the shop's number, not a product's price.
  // («شماره کارتتون چنده؟» asks where to pay.)
  if (ASKS_FOR_CONTACT.test(asked) && !CARD_NUMBER.test(asked) && !namesProduct(ctx) && !namesOrderNumber(ctx)) return routeIntent(ctx, 'contact_info');
  // «اگه مانتو مخمل کبریتی بگیرم ارسالش رایگانه؟»: that product's price against the free-shipping floor.
  if (productShipsFree(ctx)) return;
  // «پالازو کرم مدیوم و شومیز سفید ال کل هزینه با پیک چی میشه»: the things named, their sum and the
  // sending, whatever way of sending leads the reading.
  if ((intent === 'shipping_info' || intent === 'payment_methods' || intent === OUT_OF_SCOPE) && SUM_ASKED.test(asked) && SHIPPING_WORDS.test(asked) && thingsNamedApart(ctx) >= 2 && !namesOrderNumber(ctx)) {
    return askAboutProduct(ctx, 'price');
  }
  // «قیمت هردو رو بگو» after two products: both prices, whatever a few words were read as.
  if (BOTH_PRICES.test(asked) && ctx.state.slots?.previousProductId && ctx.state.lastProductId && !namesProduct(ctx) && !namesOrderNumber(ctx)) return askAboutProduct(ctx, 'price');
  // «جمعش با ارسال به تبریز چقد میشه»: the sum of what the customer said they want.
  if (asksTotalOnly(ctx) && answerTotal(ctx)) return;
  const wholeNamed = productNamedWhole(ctx);
  // «یه کفش راحت دیگه چی دارین؟» after one was shown: the others of its kind.
  if (!namesOrderNumber(ctx) && !wholeNamed && othersOfThread(ctx)) return;
  // «ارزونترش چی دارین؟»: a cheaper one of the thread's kind (a named one answers itself), no bargain.
  if (!namesOrderNumber(ctx) && !namesProduct(ctx) && cheaperOfThread(ctx)) return;
  if (intent === 'haggle' && namesProduct(ctx) && CHEAPER_ONE.test(asked)) return askAboutProduct(ctx, 'price');
  // «نیم بوت چرم حراج شده؟»: that product's own sale, whatever the few words were read as.
  if (wholeNamed && !namesOrderNumber(ctx) && saleOfThread(ctx, wholeNamed)) return;
  // «واریز کردم رسیدشو کجا بفرستم …»: where the receipt goes is in the way to pay that asks for one;
  // said first, the rest of the message is answered after it.
  if (RECEIPT_WHERE.test(asked) && ctx.understanding?.intent !== 'payment_methods') {
    const line = ctx.services.commerce.shop().payments.find((p) => /رسید/.test(p.description ?? ''));
    const said = line ? sentences(line.description ?? '').filter((x) => /رسید/.test(x)).join(' ') : '';
    if (line && said) ctx.send(message(`${line.name}: ${said}`));
  }
  // «پوستم چربه بهم میخوره؟» of the foundation just asked about: what its description says of skin.
  if (!namesOrderNumber(ctx) && !weighsTwo(ctx) && suitsSkinOfThread(ctx, productNamedOrThread(ctx))) return;
  // «پولی که کم شده چی میشه پس؟»: money taken without an order paid, which only a person can trace.
  if (MONEY_TAKEN.test(asked) && !GIVES_BACK.test(asked)) return routeIntent(ctx, 'complaint');
  // «پس کی واریز میشه؟ به کدوم کارت؟» after a returned order or the returns policy: the refund.
  if (PAID_BACK_INTENTS.has(intent) && PAID_BACK_WHEN.test(asked) && (RETURNS_TOPICS.has(ctx.state.slots?.topic ?? '') || !!ctx.state.slots?.orderId)) intent = 'return_policy';
  // «سلام خسته نباشید ۱۰۴۲۱»، «سلام ۱۰۴۱۶، 0901…»: a greeting with an order number asks for that order.
  if ((intent === 'greeting' || intent === 'thanks') && namesOrderNumber(ctx)) {
    if (intent === 'greeting') ctx.send(message(textsOf(ctx).greetingAck));
    return routeIntent(ctx, 'order_status');
  }
  // «اگر امروز کارت به کارت کنم سفارشم لغو نمی‌شود؟»: how long an order waits for its payment, the rule.
  if ((intent === 'order_status' || intent === OUT_OF_SCOPE) && !namesOrderNumber(ctx) && PAYMENT_DEADLINE.test(asked) && PAYING_WORDS.test(asked)) return answerPayment(ctx);
  // «سبدم ۹۰۰ تومنه میشه؟» after the discount code's terms: the sum against the rule's floor.
  if (answerAmountAgainstFloor(ctx, namesProduct(ctx) || namesOrderNumber(ctx) || offersAPrice(ctx))) return;
  // «بین ۳۸ و ۴۰ موندم»، «ام بردارم یا ال؟»: torn between two sizes asks which one fits, not whether one is in stock.
  if (BETWEEN_SIZES.test(ctx.normalized?.key ?? '') && !namesOrderNumber(ctx)) intent = 'size_advice';
  // «۴ و نیم بدی دوتا برمیدارم»، «آخرش چند میدی؟ ۷۰۰ بده»: a price offered or the last price asked is haggling.
  if (offersAPrice(ctx) && intent !== 'order_status' && !namesOrderNumber(ctx)) intent = 'haggle';
  // «کد NILOOFAR10 رو مانتو میخوره؟»: a code from the shop's answers names what is asked about.
  const coded = intentOfNamedCode(ctx);
  if (coded && intent !== 'order_status' && !namesOrderNumber(ctx)) intent = coded;
  // «کیف دوشی که خریدم بندش کنده شد», read as a product question by a hair: its words complain.
  const complaint = ctx.understanding?.alternatives.find((a) => a.intent === 'complaint')?.confidence ?? 0;
  // (An order question keeps its reading: «هنوز نرسیده» is best answered with the order.)
  if ((intent in PRODUCT_ASKS || intent === OUT_OF_SCOPE) && confidence < UNSURE && complaint >= COMPLAINT_RUNNER_UP && saysComplaint(ctx.normalized?.key ?? '')) {
    intent = 'complaint';
  }
  // «polo shirt darid?» read as a policy («shirt» guessed «شرایط»): a product named whole and «do
  // you have it?» in a few words asks whether the shop has it.
  const namedWhole = (ctx.understanding?.productMatches ?? []).some((m) => m.complete && m.score >= ctx.services.options.productMinScore);
  // («پس کیف پول مردانه چطور؟» after a thing the shop lacks: the wallet, whatever «پول» leans to.)
  if (namedWhole && !(intent in PRODUCT_ASKS) && !namesOrderNumber(ctx) && wordCount(ctx) <= HAVE_IT_MAX_WORDS + 1 && (HAVE_IT.test(cueKey(ctx)) || (WHAT_ABOUT.test(cueKey(ctx)) && (intent === 'payment_methods' || (intent === 'return_policy' && !GIVES_BACK.test(ctx.normalized?.key ?? '')))))) intent = 'product_availability';
  const followUp = inThread(ctx) && isShortFollowUp(ctx);
  // «نه همون قبلیه رو میگم، زرشکی ۴۲ داره؟» is longer than a follow-up, and still one.
  const k = ctx.normalized?.key ?? '';
  const refersBack = inThread(ctx) && pointsToEarlier(k) && wordCount(ctx) <= REFER_BACK_MAX_WORDS;
  // «جمعه چی؟»، «فردا هستین؟»، «۴ دی چطور؟» after the hours and the address: a day asks when the shop
  // is open, whichever came last.
  const dayTopic = ctx.state.slots?.topic;
  if (followUp && dayTopic && DAY_TOPICS.has(dayTopic) && wordCount(ctx) <= DAY_FOLLOW_UP_MAX_WORDS && (weekdayNamed(k) !== undefined || dateAsked(k, ctx.now, ctx.services.commerce.shop().timezone)) && !namesProduct(ctx)) {
    return routeIntent(ctx, 'business_hours');
  }
  // «کی میاد؟» right after «sold out»: when it comes back, not where an order is.
  if (!namesOrderNumber(ctx) && !MY_ORDER.test(k) && restockOfThread(ctx)) return;
  // «کد رهگیری نداره؟»، «چرا لغو شده؟ پولم چی میشه» right after an order was shown: about that order.
  if (await aboutShownOrder(ctx)) return;
  if (await deliveredNotReceived(ctx)) return routeIntent(ctx, 'complaint');
  // «گارانتی هم داره؟» of a product: its own warranty, not the returns policy.
  if ((inThread(ctx) || namesProduct(ctx)) && answerWarranty(ctx)) return;
  // «اون یکی چی؟» after a pick among offered products, or after the nearest variants were offered.
  if (inThread(ctx) && wordCount(ctx) <= REFER_BACK_MAX_WORDS && (theOtherOne(ctx) || theEarlierNamed(ctx))) return;
  if ((followUp || refersBack) && referBack(ctx)) return;
  if (inThread(ctx) && wordCount(ctx) <= OWN_COLOUR_MAX_WORDS && !namesOrderNumber(ctx) && ownColourOfThread(ctx)) return;
  // «چند روز وقت دارم بفرستمش؟» after the returns policy: how long one has to send it back.
  if (RETURNS_TOPICS.has(ctx.state.slots?.topic ?? '') && RETURN_WINDOW.test(k) && !namesOrderNumber(ctx) && wordCount(ctx) <= REFER_BACK_MAX_WORDS) {
    return routeIntent(ctx, 'return_policy');
  }
  // «رژلب که بازش کرده باشم چی» after the returns policy: the policy, for that kind of product.
  if (RETURNS_TOPICS.has(ctx.state.slots?.topic ?? '') && namesProduct(ctx) && wordCount(ctx) <= REFER_BACK_MAX_WORDS && RETURN_CUE.test(k) && !ASKS_FOR_GOODS.test(k)) {
    return routeIntent(ctx, 'return_policy');
  }
  // «سبدم ۸۰۰ تومنه میشه اعمال کنم؟» after the discount code: whether the code applies, as the shop's terms say.
  if (ctx.state.slots?.topic === 'discount_code' && APPLIES_CODE.test(k) && !namesProduct(ctx) && !namesOrderNumber(ctx) && wordCount(ctx) <= REFER_BACK_MAX_WORDS) {
    return routeIntent(ctx, 'discount_code');
  }
  // «بد نیست»، «مشکلی نیست» alone: an opinion, answered as one (never a complaint, never a product card).
  const key = ctx.normalized?.key ?? '';
  if (deniesComplaint(key) && key.split(/\s+/).filter(Boolean).length <= OPINION_MAX_WORDS && !namesProduct(ctx)) {
    return ctx.send(message(textsOf(ctx).noted));
  }
  // «تخفیف خورده؟ الان چند شده» of the product in the thread: its own sale first.
  if (followUp && (intent === 'discount_code' || intent in PRODUCT_ASKS || confidence < UNSURE) && !namesProduct(ctx) && !namesOrderNumber(ctx) && saleOfThread(ctx)) return;
  // «خیلی گرونه» right after a price: a reaction that bargains; the shop's price policy answers it.
  // («ارزونتره رنگ آجری داره؟» asks for a variant of the cheaper one.)
  if (followUp && ctx.state.lastProductId && PRICE_REACTION.test(ctx.normalized?.key ?? '') && !namesProduct(ctx) && productCue(ctx) !== 'variant') return routeIntent(ctx, 'haggle');
  // «اگه ایراد داشت چی؟» after the returns or exchange-postage answer: a condition put to that policy.
  // («اگه پارگی یا ایراد داشت چی؟» is one too, however few of its words a follow-up would use.)
  const putToPolicy = followUp || (inThread(ctx) && WHAT_ABOUT.test(k) && wordCount(ctx) <= CONDITION_MAX_WORDS);
  if (putToPolicy && RETURNS_TOPICS.has(ctx.state.slots?.topic ?? '') && CONDITION.test(k) && productCue(ctx) !== 'variant' && !namesProduct(ctx)) {
    return routeIntent(ctx, ctx.state.slots!.topic!);
  }
  if ((intent === 'complaint' || intent === 'human_handoff') && complaintIsDoubtful(ctx, intent)) {
    // «کتونی سفید نایک» read as a complaint names a product: that is the question.
    const named = (ctx.understanding?.entities ?? []).some((e) => e.type === 'product' && e.score >= ctx.services.options.productMinScore);
    if (named) return askAboutProduct(ctx, 'info');
    if (followUpOnProduct(ctx)) return;
    const topic = ctx.state.slots?.topic;
    return topic ? routeIntent(ctx, topic) : fallback(ctx);
  }
  // «اگه اندازه نشد عوض میکنین؟ هزینش با کیه»: right after the returns answer, who pays is the
  // exchange postage, whatever product the thread holds.
  const lastTopic = ctx.state.slots?.topic ?? '';
  // (Not to a city named: «هزینه ارسال به شیراز چنده؟» is the sending there.)
  if (RETURNS_TOPICS.has(lastTopic) && (COST_WORD.test(k) || WHO_PAYS.test(k)) && findCities(k).length === 0 && !namesProduct(ctx) && !namesOrderNumber(ctx) && wordCount(ctx) <= REFER_BACK_MAX_WORDS) {
    return routeIntent(ctx, 'exchange_shipping');
  }
  const productIntent = intent in PRODUCT_ASKS;
  // «۳۸ طوسی چی؟» in a product thread is about the product, whatever a short text was read as;
  // without such a cue only an unsure reading gives way.
  const cue = productCue(ctx);
  const unsure = confidence < PRODUCT_FOLLOW_UP_MAX_CONFIDENCE;
  // «سفارش ۱۰۴۰۱ رو دوباره بگو» names an order: never a question about the product in the thread.
  const namesOrder = (intent === 'order_status' && cue !== 'variant') || namesOrderNumber(ctx);
  // A topic, or a question the shop wrote its own answer for («تاریخ انقضاش کیه؟»), keeps its reading.
  // («تخفیف بده دیه😅» after a price bargains, however its typo lowers the reading.)
  // («باشه ۱۲۰ رو برمیدارم، قیمتش؟» takes a shade and asks its price: no price offered, no bargain.)
  const bargains = intent === 'haggle' && confidence >= HAGGLE_KEEPS && !(ASKS_ITS_PRICE.test(k) && !offersAPrice(ctx));
  const topical = TOPICS.has(intent) || intent.startsWith(SHOP_FAQ_PREFIX) || intent in FAQ_INTENTS || bargains;
  // (Torn between two sizes is size advice, whatever sizes it names.)
  const yields = !namesOrder && intent !== 'size_advice' && (cue === 'variant' || (topical ? false : cue === 'attribute' || unsure));
  if (followUp && ctx.state.lastProductId && !productIntent && yields && followUpOnProduct(ctx)) {
    ctx.state.misses = 0;
    return;
  }
  const topic = ctx.state.slots?.topic;
  // «درمحل چی؟»، «قسطی؟» after the ways to pay: another way, named.
  if (topic === 'payment_methods' && intent !== 'payment_methods' && wordCount(ctx) <= WAY_FOLLOW_UP_MAX_WORDS && !namesProduct(ctx) && !namesOrderNumber(ctx)) {
    const methods = ctx.services.commerce.shop().payments;
    if (methods.some((p) => namesMethod(k, p.name)) || PAYMENT_KINDS.test(k)) return routeIntent(ctx, 'payment_methods');
  }
  // «هزینش؟» right after the days of sending: what sending costs, read as a product's price with no product named.
  if (followUp && intent === 'product_price' && topic && COST_TOPICS[topic] && COST_WORD.test(k) && !namesProduct(ctx)) return routeIntent(ctx, COST_TOPICS[topic]!);
  const outside = (ctx.understanding?.outside ?? 0) >= SURELY_OUTSIDE;
  // (A reading barely over the classifier's threshold gives way to the thread too: «حداقل چند تا؟»
  // after wholesale is about wholesale, whatever a few words lean to.)
  // (A product question in a product thread stays one: «ایکس ال کرم چی» after the manto.)
  const barely = intent !== OUT_OF_SCOPE && intent !== topic && confidence < TOPIC_FOLLOW_UP_MAX_CONFIDENCE && !(intent in PRODUCT_ASKS && ctx.state.lastProductId);
  if (followUp && (intent === OUT_OF_SCOPE || barely) && topic && !outside && !(ctx.understanding?.entities ?? []).some((e) => e.type === 'product')) {
    if (answerTopic(ctx)) return;
    return routeIntent(ctx, topic);
  }
  return routeIntent(ctx, intent);
}

/** Clarifying questions that mean "not understood": left out when another clause was answered. */
const NOT_UNDERSTOOD = new Set(
  [texts, { ...texts, ...casualTexts }].flatMap((t) => [t.clarify, t.clarifyNoOptions, t.offerHuman, t.greeting, t.thanks, t.outOfScope]),
);

// Words that complain only of waiting: beside an order question, the lookup is the answer to them.
const WAITING = /منتظرم|منتظریم|هنوز نرسیده|نرسیده|نرسید|نیومده|نیومد|تاخیر|تأخیر|(?:^|\s)دیر(?:\s|$)|خبری نیست|خبری نشد|\S+ ?(?:روزه|روز است|هفتست|هفته است|هفته ست)/;
const EVERY_WAITING = new RegExp(WAITING.source, 'g');
const onlyAboutTheWait = (key: string) => WAITING.test(key) && !saysComplaint(key.replace(EVERY_WAITING, ' '));

/**
 * A message with a greeting before its question, or with several questions: each clause is read
 * and answered on its own, in order, and the answers go out as one reply.
 */
const VARIANT_KINDS = new Set(['colour', 'size', 'shade']);
const CHEAPER_ONE = /(?:ارزون|ارزان) ?تر(?:ش|ی|شو)?(?=\s|$|[?؟!.])/;
// (The matching key folds repeated letters: «تایید» is «تاید».)
const CONFIRMED = /(?:تاید|تأید|چک|برسی|ثبت)\S* (?:میشه|میشود|می شود|میکنین|میکنید|میکنید|شد)|taeed|tayid/;
const RETURN_WINDOW = /چند روز (?:وقت|فرصت|مهلت)|تا (?:کی|چند روز) (?:وقت|فرصت|مهلت)|(?:^|\s)مهلت\S*(?:\s\S+)?\s(?:چند|چقدر|چقد|کیه|تا کی)/;
const MIN_TOLD_WORDS = 3;
const ARRIVES = /(?:^|\s)(?:میرسه|می ?رسه|میرسد|می ?رسد|برسه|برسد|میاد|میرسن|میرسونین|میرسونید)(?=\s|$|[?؟!.])/;
// The words beside a colour or a size that ask nothing else: «سایز»، «رنگ»، «هست»، «داری»، «چی».
const PRICES_OF_THEM = /^(?:قیمتا|قیمتاش|قیمتاشون|قیمت ?هاش|قیمت ?هاشون)(?: (?:چنده|چنده|چقدره|چقده|چند|چیه))?$/;
// A product question that ends on «داری؟»، «هست؟»، «چی؟» («… خریدم گشاده، ام کرمش هست؟» tells first).
// («فیت می دارین» is keyed «فیت میدارین»: the verb prefix rule glues a name's «می» to the verb.)
const HAVE_ASKED = /^(?:(?:می)?دار(?:ی|ین|ید|ه|ن)|هست\S{0,2}|موجود\S{0,2}|چی|چیه|dar(?:i|in|id|e|an)|hast\S{0,2}|mojud\S{0,2}|chi)$/;
const VARIANT_FILLER = /^(?:سایز\S{0,2}|size|rang|رنگ\S{0,2}|شماره|shomare|هست\S{0,2}|hast\S{0,2}|دار(?:ی|ین|ید|ه)|dar(?:i|in|id|e)|چی|chi)$/;

async function answerClauses(ctx: TurnContext, asked: readonly string[], opener: Opener): Promise<void> {
  const clauses = [...asked];
  const whole = { normalized: ctx.normalized, understanding: ctx.understanding };
  const misses = ctx.state.misses;
  const matcher = ctx.services.commerce.catalog().matcher;
  const readOne = (clause: string) => {
    const normalized = normalize(clause);
    return { normalized, understanding: ctx.services.nlu.understand(clause, matcher, normalized) };
  };
  const read = clauses.map(readOne);
  // «پلمب آن را باز کرده‌ام ولی با پوست بنده سازگار نیست. آیا امکان مرجوع کردن آن وجود دارد؟»: a
  // formal «آیا …؟» after what the customer told asks about that. It is read with what was told (the
  // policy's sentence, the product) and keeps its own reading of what is asked.
  for (let k = read.length - 1; k >= 1; k--) {
    const told = clauses[k - 1]!.split(' ');
    if (!/^(?:ایا|آیا)$/.test(clauses[k]!.split(' ')[0] ?? '') || told.length < MIN_TOLD_WORDS || endsQuestion(told.at(-1) ?? '')) continue;
    const own = read[k]!.understanding;
    const joined = `${clauses[k - 1]} ${clauses[k]}`;
    const both = readOne(joined);
    clauses.splice(k - 1, 2, joined);
    read.splice(k - 1, 2, { ...both, understanding: { ...both.understanding, intent: own.intent, confidence: own.confidence, alternatives: own.alternatives, outside: own.outside } });
  }
  // «crop top dari? meshki M»، «تیشرت زنونه چی؟ صورتی ام»: a clause of only a colour or a size is the
  // variant asked of the product just named, one question (apart, the product's whole stock came first).
  for (let k = read.length - 1; k >= 1; k--) {
    const u = read[k]!.understanding;
    const onlyVariant =
      u.entities.some((e) => VARIANT_KINDS.has(e.type)) &&
      u.entities.every((e) => VARIANT_KINDS.has(e.type)) &&
      u.productKey.split(/[\s?؟!.،,]+/).every((w) => w === '' || VARIANT_FILLER.test(w) || (/^\d+$/.test(w) && u.entities.some((e) => e.type === 'shade')));
    // (Only of a product question with no variant of its own: «مشکی ال دارین؟ سفید ایکس ال چی؟» asks two.)
    const before = read[k - 1]!.understanding;
    const asksHave = HAVE_ASKED.test(clauses[k - 1]!.split(' ').at(-1) ?? '');
    // («هودی دارین؟ قیمتاش چنده»: the prices of what it has, one question.)
    const pricesOfThem = PRICES_OF_THEM.test(clauses[k]!) && u.productMatches.length === 0 && read[k - 1]!.understanding.productMatches.length > 1;
    if (pricesOfThem && asksHave) {
      const joined = `${clauses[k - 1]} ${clauses[k]}`;
      clauses.splice(k - 1, 2, joined);
      read.splice(k - 1, 2, readOne(joined));
      continue;
    }
    if (onlyVariant && asksHave && before.productMatches.length > 0 && !before.entities.some((e) => VARIANT_KINDS.has(e.type))) {
      const joined = `${clauses[k - 1]} ${clauses[k]}`;
      clauses.splice(k - 1, 2, joined);
      read.splice(k - 1, 2, readOne(joined));
    }
  }
  // «شماره من ۰۹۱۲… هست»، «شماره سفارشم ۱۰۴۰۱ هست» tell, they do not ask: what they tell serves
  // the other clauses (the phone is in the slots already; the order number goes to the order question).
  const has = (u: Understanding, type: 'phone' | 'order_number') => u.entities.some((e) => e.type === type);
  const tells = (u: Understanding) =>
    u.intent !== 'order_status' && (has(u, 'phone') || (has(u, 'order_number') && !(u.intent in PRODUCT_ASKS) && !TOPICS.has(u.intent)));
  const told = read.flatMap((r) => r.understanding.entities.filter((e) => e.type === 'order_number')).slice(0, 1);
  const answers: Outbound[][] = [];
  let orderAsked = false;
  let returnsAnswered = false;
  const asksOrder = told.length > 0 || read.some((r) => r.understanding.intent === 'order_status');
  for (const { normalized, understanding: asRead } of read) {
    // «… کی میرسه و اینکه کد رهگیری داره؟»: one clause of several is a complaint only when its words say so.
    // («… میخوام مستقیم بفرستم برا دوستم» read as asking for a person, with no word that asks for one.)
    const doubtful = (asRead.intent === 'complaint' && !saysComplaint(normalized.key)) || (asRead.intent === 'human_handoff' && !wordsAskForPerson(normalized.key));
    const understanding = doubtful ? { ...asRead, intent: asRead.alternatives.find((a) => a.intent !== 'complaint' && a.intent !== 'human_handoff' && a.confidence >= DOUBTFUL_RUNNER_UP)?.intent ?? OUT_OF_SCOPE } : asRead;
    if (tells(understanding)) continue;
    // «شماره تلفنتون چنده زنگ بزنم»: the customer will call the number asked for; no person now.
    if (understanding.intent === 'human_handoff' && CALLS_THEMSELF.test(normalized.key) && read.some((r) => r.understanding.intent === 'contact_info')) continue;
    // «باشه. گردنبند ماه …؟»: an «OK» before a question acknowledges, it takes no leave.
    if (read.length > 1 && ACKNOWLEDGES.test(normalized.key)) continue;
    // «سفارش ۱۰۴۳۱ چی شد پس؟ سه روزه منتظرم»: the wait is what the order question is about; the
    // customer hears "sorry" and gets the lookup, not a queue that silences the bot.
    if (understanding.intent === 'complaint' && asksOrder && onlyAboutTheWait(normalized.key)) {
      answers.unshift([message(textsOf(ctx).complaintSorry)]);
      continue;
    }
    // One order question per message, however many clauses ask it.
    if (understanding.intent === 'order_status' && orderAsked) continue;
    // «پیک دارین؟ امروز میرسه؟» names no order of the customer's: how long sending takes, which the
    // shipping answer beside it says.
    const ownOrder = told.length > 0 || MY_ORDER.test(normalized.key);
    if (understanding.intent === 'order_status' && !ownOrder && ARRIVES.test(normalized.key) && read.some((r) => r.understanding.intent === 'shipping_info')) continue;
    orderAsked ||= understanding.intent === 'order_status';
    // «رژ لبی که گرفتم … یه بار زدمش. میشه پس بدم؟»: one returns answer, the first (for that product),
    // not the general rule after it saying yes.
    if (understanding.intent === 'return_policy' && returnsAnswered) continue;
    returnsAnswered ||= understanding.intent === 'return_policy';
    ctx.normalized = normalized;
    ctx.understanding = understanding;
    if (understanding.intent === 'order_status' && !understanding.entities.some((e) => e.type === 'order_number')) {
      ctx.understanding = { ...understanding, entities: [...understanding.entities, ...told] };
    }
    const depth = ctx.state.dialogStack.length;
    await routeUnderstood(ctx, ctx.understanding.intent);
    const replies = ctx.replies.splice(0);
    // «این هودی XL داره؟ و قیمتش چنده؟»: «قیمتش» is the product an earlier clause asked to choose;
    // a second «which product?» would hide that choice (and the size kept with it).
    // «ارسال به شهرستان دارید؟ هزینه‌اش چقدر است؟»: «هزینه‌اش» leans on the clause answered before it.
    const choosing = ctx.state.dialogStack.slice(0, depth).some((f) => f.id === 'product.choose') || answers.length > 0;
    if (choosing && ctx.state.dialogStack.at(-1)?.id === 'product.which' && replies.every((r) => r.text === textsOf(ctx).whichProduct)) {
      ctx.state.dialogStack.pop();
      continue;
    }
    answers.push(replies);
  }
  Object.assign(ctx, whole);
  let understood = answers.filter((a) => !a.every((r) => NOT_UNDERSTOOD.has(r.text ?? '')));
  // «سلام خوبی؟ یه آهنگ بذار»: nothing else asked, so the honest "not something I do" is the answer.
  if (understood.length === 0) understood = answers.filter((a) => a.some((r) => r.text === textsOf(ctx).outOfScope));
  if (understood.length === 0) {
    ctx.state.misses = misses;
    return routeUnderstood(ctx, ctx.understanding?.intent ?? OUT_OF_SCOPE);
  }
  ctx.state.misses = 0;
  const said = opener === 'hello' ? textsOf(ctx).greetingAck : opener === 'thanks' ? textsOf(ctx).thanksAck : undefined;
  const ack = said && !understood.flat().some((r) => r.text?.startsWith(said)) ? said : undefined;
  ctx.send(...composeReplies(understood.flat(), ack));
}

// «کدومش زودتر میرسه؟»، «کدوم ارزونتره؟» after a city's ways of sending: the fastest or the cheapest.
const WHICH_WAY = /(?:^|\s)(?:کدوم|کدام|کدومش|کدامش|کدومشون|کدامیک|کدوم یکی)(?=\s|$|[?؟!.])/;
const FASTEST = /زودتر|سریعتر|سریع تر|زودترین|سریعترین/;
const CHEAPEST = /ارزونتر|ارزانتر|ارزونترین|ارزانترین|کم ?هزینه ?تر|هزینش کمتر/;
/** The least days a method's days say («۱ تا ۳ روز کاری» → 1, «همان روز» → 0): read in its key, Latin digits. */
function leastDays(days?: string): number {
  if (!days) return Infinity;
  const key = toKey(days);
  if (/همان روز|همون روز|same day/.test(key)) return 0;
  const first = key.match(/\d+/);
  return first ? Number(first[0]) : Infinity;
}

function fastestOrCheapestWay(ctx: TurnContext): boolean {
  const key = ctx.normalized?.key ?? '';
  if (ctx.state.slots?.topic !== 'shipping_info' || !WHICH_WAY.test(key) || namesProduct(ctx)) return false;
  const fast = FASTEST.test(key);
  if (!fast && !CHEAPEST.test(key)) return false;
  const city = findCities(key)[0] ?? ctx.state.slots?.city;
  const found = city ? shippingToCity(ctx.services.commerce.shop(), toKey(city)) : undefined;
  if (!found || found.methods.length === 0) return false;
  const t = textsOf(ctx);
  const best = [...found.methods].sort((a, b) => (fast ? leastDays(a.days) - leastDays(b.days) : a.cost - b.cost))[0]!;
  ctx.send(message(fast && best.days ? t.fastestWay(found.city, best.name, best.days) : t.cheapestWay(found.city, best.name, best.cost)));
  return true;
}

// «اوکی مرسی، سفارش میدم»: the customer will place the order — no question, no product to answer.
// (At the end, after at most a thanks or an OK: «اولین بارمه خرید میکنم کد تخفیف ندارین» asks on.)
const WILL_ORDER = /^(?:\S+\s){0,3}(?:سفارش (?:میدم|میدیم|میذارم|میزارم|ثبت میکنم|میکنم|می دهم)|ثبتش میکنم|ازتون میخرم|میخرمش|خرید میکنم)\s*[.!]*\s*$/;
const ASKS_SOMETHING = /[?؟]|(?:^|\s)(?:چطور|چطوری|چجوری|کجا|کی|چی|چند|چقدر|آیا|ایا|دارین|ندارین|دارید|ندارید|هست|میشه)(?=\s|$)/;
/** «سفارش میدم» said, not asked: thanks, and how to order in the shop's own words (its FAQ entry for it). */
function willOrder(ctx: TurnContext): boolean {
  const key = ctx.normalized?.key ?? '';
  if (!WILL_ORDER.test(key) || ASKS_SOMETHING.test(ctx.activity.text ?? '') || namesProduct(ctx) || namesOrderNumber(ctx)) return false;
  // The shop's trained FAQ says which of its entries answers «how do I order?».
  const how = ctx.services.nlu.classifier.classify(textsOf(ctx).howToOrderProbe).intent;
  const said = how.startsWith(SHOP_FAQ_PREFIX) ? shopAnswer(ctx, how) : undefined;
  ctx.send(message(`${textsOf(ctx).thanksAck}\n${said ?? textsOf(ctx).orderOnSite(ctx.services.commerce.shop().website)}`));
  return true;
}

/** A message that no dialog was waiting for. */
async function routeMessage(ctx: TurnContext): Promise<void> {
  if (MARKUP.test(ctx.activity.text ?? '') && !textUnderMarkup(ctx.activity.text ?? '')) {
    ctx.state.misses += 1;
    return ctx.send(message(textsOf(ctx).unreadable));
  }
  const key = ctx.normalized?.key ?? '';
  if (announcesQuestion(key)) return ctx.send(message(textsOf(ctx).askAway));
  if (fastestOrCheapestWay(ctx)) return;
  // «چه محصولات آرایشی دارین؟»: what a category holds (a product named answers itself).
  if (!namesOrderNumber(ctx) && listCategory(ctx)) return;
  if (willOrder(ctx)) return;
  if (CHANGE_ORDER.test(key) && !namesProduct(ctx)) {
    const { greeting } = splitGreeting(key);
    const said = greeting ? `${textsOf(ctx).greetingAck}\n\n` : '';
    return ctx.send(message(`${said}${textsOf(ctx).changeOrder}`, { quickReplies: [{ title: textsOf(ctx).talkToHuman, value: { do: 'handoff' } }] }));
  }
  const text = ctx.activity.text ?? '';
  if (THANKS_EMOJI.test(text) && !/[\p{L}\d]/u.test(text)) return ctx.send(message(textsOf(ctx).thanks));
  // «برای مامانم یه چیزی میخوام کادو بدم چی پیشنهاد میدین؟ بودجم …»: no product named, only whom
  // and how much (what it names comes first); the whole message, before its clauses or its words
  // pass for things the shop lacks.
  // («قیمتش چنده پنج تا میخوام برای هدیه، کادو هم میکنین؟» is about the product in the thread.)
  // («جعبه داره؟ میخوام کادو بدم» after the wallet asks whether it comes in a box, not what to give.)
  const ofTheThread = ctx.state.lastProductId !== undefined && (LEANS_ON_PRODUCT.test(key) || (HAS_IT_VERB.test(key) && !ASKS_ADVICE.test(key)));
  // («روسری ابریشم میخوام کادو، آبیش هست؟» names what the gift is: that product's answer.)
  const giftNamed = namesProduct(ctx) && !ASKS_ADVICE.test(key);
  if (asksForGiftAdvice(key) && !ofTheThread && !giftNamed) return adviseGift(ctx);
  // «پوستم خیلی چربه و جوش میزنم چی پیشنهاد میکنی؟ یه ضد آفتاب هم میخوام»: what suits that skin, in
  // the shop's own words, before a clause's product word asks «which one?».
  // «جمعش چقدر میشه؟ به اصفهان ارسالش چند؟»: the sum and the sending, as one answer.
  if (asksTotalOnly(ctx) && answerTotal(ctx)) return;
  // («کرم پودر فیت می ۱۲۰ چی؟ برای پوستم مناسبه؟ پوستم چربه» names the product: it, and whether it suits.)
  const named = namesProduct(ctx) ? productNamedOrThread(ctx) : undefined;
  // («سرم … برای پوست جوشی بهتره یا کرم سراوی؟» weighs two named: the comparison answers it.)
  const eitherOfTwo = weighsTwo(ctx);
  if (named && !eitherOfTwo && asksIfSuitsSkin(key) && writtenSkinOf(named)) {
    // (A shade or colour asked beside it is answered first; alone, the answer is only the fit.)
    const variantAsked = namesVariant(ctx) || /(?<!\d)\d{2,3}(?!\d)|رنگ|سایز|شید|شماره/.test(key);
    if (splitGreeting(key).greeting) ctx.send(message(textsOf(ctx).greetingAck));
    // («سراوی بهم میخوره؟ قیمتش؟»: the price asked beside it, too.)
    if (variantAsked) answer(ctx, named, 'availability');
    else if (/قیمت|چنده|چند\s*[?؟]|چقدر/.test(key)) answer(ctx, named, 'price');
    suitsSkinOfThread(ctx, named);
    ctx.state.lastProductId = named.id;
    return;
  }
  if (asksForSkinAdvice(key) && !weighsTwo(ctx) && adviseForSkin(ctx)) return;
  const { greeting, opener, rest } = splitGreeting(key);
  // «خوبی؟» (after a hello, or with one): asked after the bot — thanked and asked back, never a goodbye.
  if (greeting && !rest && opener !== 'thanks' && ASKS_AFTER_YOU.test(key)) {
    const hello = textsOf(ctx).greetingAck.replace(/\s*\p{Extended_Pictographic}+$/u, '');
    return ctx.send(message(opener === 'hello' ? `${hello}. ${textsOf(ctx).howAreYou}` : textsOf(ctx).howAreYou));
  }
  // «خیلی بدقولین … ۱۰ روزه منتظرم … دیگه ازتون خرید نمیکنم»: a rant is one complaint, however many
  // sentences it has; answered clause by clause, its last words read as a goodbye.
  const whole = ctx.understanding;
  if (whole?.intent === 'complaint' && whole.confidence >= SURE_COMPLAINT && saysComplaint(key)) return routeUnderstood(ctx, 'complaint');
  // «این ایرفورس ۵ و دویست خیلیه، ۴ و نیم بدی دوتا برمیدارم»: one offer, however many sentences carry it.
  if (offersAPrice(ctx) && !namesOrderNumber(ctx)) return routeIntent(ctx, 'haggle');
  const clauses = rest ? splitClauses(rest) : [];
  if (clauses.length > 1 || (greeting && clauses.length === 1)) return answerClauses(ctx, clauses, opener);
  return routeUnderstood(ctx, ctx.understanding?.intent ?? OUT_OF_SCOPE);
}

const RATING_WORDS: Readonly<Record<string, number>> = { یک: 1, یه: 1, دو: 2, سه: 3, چهار: 4, پنج: 5 };
// «۲»، «۲ ستاره»، «۴ از ۵»، «نمره ۳»، «⭐⭐⭐»، «پنج»: a whole message that is only a score.
const TYPED_SCORE = /^(?:(?:نمره|امتیاز|امتیازم|نمرم|نمره ام)\s?)?([1-5]|یک|یه|دو|سه|چهار|پنج)\s?(?:ستاره|از\s?5|از\s?پنج)?\s?[.!]*$/u;
const STARS = /^(?:\s*(?:⭐|★|🌟)\uFE0F?)+\s*$/u;

/** The score a message gives when it is only a rating, as the customer typed it. */
function typedRating(key: string): number | undefined {
  const text = key.trim();
  if (STARS.test(text)) {
    const count = [...text.matchAll(/⭐|★|🌟/gu)].length;
    return count >= 1 && count <= 5 ? count : undefined;
  }
  const m = TYPED_SCORE.exec(text);
  if (!m) return undefined;
  return RATING_WORDS[m[1]!] ?? Number(m[1]);
}

/** A rating at or below this asks what went wrong. */
const LOW_RATING = 2;
const RATING_COMMENT_MAX = 1000;

async function runChoice(ctx: TurnContext, choice: Choice): Promise<void> {
  const pending = ctx.state.dialogStack.at(-1);
  ctx.state.dialogStack = [];
  ctx.state.misses = 0;
  if (choice.do === 'product') {
    const variant = pending?.id === 'product.choose' && pending.candidates.includes(choice.id) ? pending.variant : undefined;
    if (pending?.id === 'product.choose') setSlots(ctx, { offeredIds: pending.candidates });
    return chooseProduct(ctx, choice.id, choice.ask, variant);
  }
  if (choice.do === 'handoff') return startHandoff(ctx, 'requested');
  if (choice.do === 'rate') {
    // A rating belongs to a handoff an agent closed, and is given once.
    if (!ctx.state.awaitingRating) return ctx.send(message(texts.rateNothing));
    ctx.state.awaitingRating = undefined;
    ctx.emit(event(HANDOFF.rating, { conversationId: ctx.conversationId, channelId: ctx.activity.channelId, score: choice.score }));
    ctx.state.rating = { score: choice.score, at: ctx.now.toISOString() };
    if (choice.score > LOW_RATING) return ctx.send(message(textsOf(ctx).rateThanks));
    // A low rating asks what went wrong; the next message is the answer, kept with the rating.
    ctx.state.dialogStack = [{ id: 'rating.why' }];
    return ctx.send(message(textsOf(ctx).rateWhy));
  }
  return routeIntent(ctx, choice.intent);
}

const ASK_INTENT: Readonly<Record<ProductAsk, string>> = { price: 'product_price', availability: 'product_availability', info: 'product_info' };

/**
 * What a message a dialog was waiting for is about, whatever the classifier made of it alone: a
 * phone sent for an order lookup is part of order_status, not out_of_scope (the transcript, the
 * owner's top intents and the review queue read the turn's understanding).
 */
function answeredWithin(ctx: TurnContext, frame: DialogFrame): void {
  const intent = frame.id === 'order.number' || frame.id === 'order.verify' ? 'order_status' : frame.id === 'product.choose' || frame.id === 'product.which' ? ASK_INTENT[frame.ask] : undefined;
  if (intent && ctx.understanding && ctx.understanding.intent !== intent) ctx.understanding = { ...ctx.understanding, intent, confidence: 1 };
}

async function continueDialog(ctx: TurnContext): Promise<boolean> {
  const frame = ctx.state.dialogStack.at(-1);
  const handled = await continueFrame(ctx);
  if (handled && frame) answeredWithin(ctx, frame);
  return handled;
}

async function continueFrame(ctx: TurnContext): Promise<boolean> {
  const frame = ctx.state.dialogStack.pop();
  if (!frame) return false;
  switch (frame.id) {
    case 'product.choose':
      return continueChoose(ctx, frame);
    case 'product.which':
      return continueWhich(ctx, frame);
    case 'order.number':
      return continueOrderNumber(ctx, frame);
    case 'order.verify':
      return continueVerify(ctx, frame);
    case 'rating.why':
      if (ctx.state.rating) ctx.state.rating.comment = (ctx.activity.text ?? '').trim().slice(0, RATING_COMMENT_MAX);
      ctx.send(message(textsOf(ctx).rateWhyThanks));
      return true;
  }
}

/**
 * The customer shared a contact (Telegram). The channel set verifiedPhone only for their own
 * number, and linked it to their profile already; anyone else's number proves nothing.
 */
async function sharedContact(ctx: TurnContext): Promise<void> {
  if (typeof ctx.activity.channelData?.verifiedPhone !== 'string') return ctx.send(message(textsOf(ctx).foreignContact));
  ctx.state.misses = 0;
  const frame = ctx.state.dialogStack.at(-1);
  if (frame?.id === 'order.verify' && (await continueDialog(ctx))) return;
  return askOrderStatus(ctx);
}

/** The shop's own handoff keywords (shop.yaml handoff_keywords) go straight to a person. */
function asksForPerson(ctx: TurnContext): boolean {
  const keywords = ctx.services.commerce.shop().handoff_keywords;
  const key = ctx.normalized?.key ?? '';
  return keywords.some((k) => key.includes(toKey(k)));
}

export const dialogs: Middleware = async (ctx, next) => {
  if (ctx.activity.type !== 'message') return next();
  // A phone typed before the order number is asked for is kept for the lookup.
  const phone = ctx.understanding?.entities.find((e) => e.type === 'phone');
  if (phone) setSlots(ctx, { phone: phone.value });
  // «من از اصفهانم» now, «هزینه ارسال چنده؟» later: the city is kept for the shipping answer.
  const [city] = findCities(cueKey(ctx));
  if (city) setSlots(ctx, { city });
  const choice = ChoiceSchema.safeParse(ctx.activity.value);
  const typed = ctx.state.awaitingRating ? typedRating(ctx.normalized?.key ?? '') : undefined;
  if (choice.success) await runChoice(ctx, choice.data);
  // «۲» typed instead of tapped (or on a channel without buttons) is the rating asked for.
  else if (typed) await runChoice(ctx, { do: 'rate', score: typed });
  else {
    const command = commandOf(ctx.activity.text);
    if (ctx.activity.channelData?.sharedContact) await sharedContact(ctx);
    else if (!(command && (await runCommand(ctx, command)))) {
      if (!ctx.activity.text?.trim()) ctx.send(message(textsOf(ctx).nonText));
      else if (asksForPerson(ctx)) startHandoff(ctx, 'requested');
      else if (!(await continueDialog(ctx))) await routeMessage(ctx);
    }
  }
  // No sentence twice in one reply, however its parts were put together.
  for (const reply of ctx.replies) if (reply.text) reply.text = withoutRepeats(reply.text);
  await next();
};
