// Product questions: price, availability (per size and colour), details. The product comes from
// the message, from the conversation ("قیمتش چنده؟" after one was discussed), or from a choice the
// customer makes among close matches. A product is answered only when the match is confident; a
// kind of thing the shop does not sell gets "we don't carry it", with alternatives of the same kind.
import { wordsToNumber } from '@persian-tools/persian-tools';
import { effectivePrice, formatToman, persianDigits, totalStock, type Product, type Variant } from '../../commerce/index.js';
import { findColours, SHOP_FAQ_PREFIX, spokenBases, toKey, WEAK_MATCH } from '../../nlu/index.js';
import { heroCard, message, type ProductAsk, type QuickReply } from '../activity.js';
import type { TurnContext } from '../context.js';
import type { AskedVariant, DialogFrame } from '../conversation.js';
import { sentences } from '../focus.js';
import { textsOf } from '../texts.js';
import { intentOfNamedCode } from '../shop-codes.js';
import { answerFaqIntent, answerShopEntryByWords, answerTopic } from './faq.js';
import { answerTotal, asksShipping, noteWanted, saysWanted, shippingOf } from './basket.js';
import { skinNeedOf, writtenSkinOf } from './skin.js';
import { withCodeLine } from './with-code.js';
import { fallback } from './fallback.js';
import { isMash, notCarried, onlyDescribes, type NotCarried } from './not-carried.js';
import { cueKey, followUpAsk, isShortFollowUp, pointsToEarlier, setSlots, sizeStep, stepSize } from '../thread.js';

const MAX_CHOICES = 3;
const MAX_NEAREST = 3;
// Below this the classifier is not sure the message asks about a product at all.
const PRODUCT_QUESTION_CONFIDENCE = 0.55;
// A shop's own FAQ entry this close behind a product reading answers a question that names no product.
const SHOP_FAQ_RUNNER_UP = 0.25;

type Resolution =
  | { kind: 'one'; product: Product }
  | { kind: 'many'; products: Product[] }
  | { kind: 'weak'; products: Product[] }
  | { kind: 'none' };

/** Whether a word of the message, as spoken («کرپه»، «مانتوهه»), is a whole word of every product's name. */
function namedAsSpoken(ctx: TurnContext, products: readonly Product[]): boolean {
  if (!products.length) return false;
  const key = ctx.understanding?.productKey ?? toKey(ctx.activity.text ?? '');
  const names = products.map((p) => new Set(toKey(p.name).split(/\s+/)));
  return key.split(/\s+/).some((word) => spokenBases(word).some((base) => names.every((name) => name.has(base))));
}

function resolve(ctx: TurnContext, restrictTo?: readonly string[]): Resolution {
  const catalog = ctx.services.commerce.catalog();
  const { productMinScore, productAmbiguityMargin } = ctx.services.options;
  // Among the few offered, those are scored whatever else the message also fits (matches are capped).
  const key = ctx.understanding?.productKey ?? toKey(ctx.activity.text ?? '');
  const words = ctx.services.nlu.classifier.vocabulary;
  const matches = (restrictTo ? catalog.matcher.match(key, { among: restrictTo, words }) : (ctx.understanding?.productMatches ?? catalog.matcher.match(key, { words })))
    .filter((m) => !restrictTo || restrictTo.includes(m.productId))
    .map((m) => ({ ...m, product: catalog.product(m.productId) }))
    .filter((m): m is typeof m & { product: Product } => m.product !== undefined)
    // «شلوار … کوتاه»: a match on a describing word alone gives way to one on a naming word.
    .filter((m, _, all) => !onlyDescribes(key.slice(m.start, m.end)) || all.every((o) => onlyDescribes(key.slice(o.start, o.end))))
    // «XXL سفیدش چی؟»: a colour alone («سفید» of «کتونی سفید نایک») names no product.
    .filter((m) => !onlyAColour(key.slice(m.start, m.end)));
  const strong = matches.filter((m) => m.score >= productMinScore);
  const top = strong[0];
  if (!top) {
    // «بودجم ۱ میلیونه»: a number alone («۱» of «ایرفورس ۱») suggests no product.
    const weak = matches.filter((m) => m.score >= WEAK_MATCH && /\p{L}/u.test(key.slice(m.start, m.end))).slice(0, MAX_CHOICES);
    return weak.length ? { kind: 'weak', products: weak.map((m) => m.product) } : { kind: 'none' };
  }
  let close = strong.filter((m) => top.score - m.score < productAmbiguityMargin);
  // «کتونی» heads the sneakers' names and only qualifies «مانتو کتونی»: the sneakers are meant.
  if (close.length > 1) {
    const keyWords = key.split(/[\s?!.،,]+/).filter((w) => w.length >= 2);
    const headed = close.filter((m) => keyWords.some((w) => catalog.matcher.isHeadedBy(w, m.productId)));
    if (headed.length > 0 && headed.length < close.length) close = headed;
  }
  // «کمربند» is the belt's own name and only part of «مانتو … کمربنددار»: the belt.
  // Two of a kind (two hoodies, both «هودی …») stay a choice.
  const whole = close.filter((m) => m.complete);
  const head = (p: Product) => toKey(p.name).split(' ')[0];
  const sameKind = whole.length === 1 && close.some((m) => m !== whole[0] && head(m.product) === head(whole[0]!.product));
  if (close.length > 1 && whole.length === 1 && !sameKind) return { kind: 'one', product: whole[0]!.product };
  return close.length === 1 ? { kind: 'one', product: top.product } : { kind: 'many', products: close.map((m) => m.product) };
}

// Clitics a colour may carry and still be only a colour («سفیدش»، «مشکیه»).
const COLOUR_CLITIC_LETTERS = 3;
const onlyAColour = (span: string): boolean => {
  const colours = findColours(span);
  const covered = colours.reduce((n, e) => n + (e.end - e.start), 0);
  return colours.length > 0 && span.replace(/\s+/g, '').length - covered <= COLOUR_CLITIC_LETTERS;
};

/** «جوراب ساق بلند»: the product was matched only on a word that describes («بلند»), not on one that names it. */
function namedOnlyByDescription(ctx: TurnContext, product: Product): boolean {
  const key = ctx.understanding?.productKey ?? '';
  const match = (ctx.understanding?.productMatches ?? []).find((m) => m.productId === product.id);
  return match !== undefined && onlyDescribes(key.slice(match.start, match.end));
}

function sayNotCarried(ctx: TurnContext, found: NotCarried, ask: ProductAsk): void {
  const catalog = ctx.services.commerce.catalog();
  // A kind may hold thousands of products: only the first few in stock are looked up.
  const shown: Product[] = [];
  for (const id of found.alternatives ?? []) {
    const p = catalog.product(id);
    if (p && totalStock(p) > 0) shown.push(p);
    if (shown.length === MAX_CHOICES) break;
  }
  if (shown.length === 0) return ctx.send(message(textsOf(ctx).notCarried(found.phrase)));
  ctx.send(message(`${textsOf(ctx).notCarried(found.phrase)}\n${textsOf(ctx).sameKind}`, { quickReplies: choices(shown, ask) }));
}

const choices = (products: readonly Product[], ask: ProductAsk): QuickReply[] =>
  products.map((p) => ({ title: p.name, value: { do: 'product', id: p.id, ask } }));

/**
 * The product a short follow-up is about: the thread's, or after an order was shown, the item of
 * that order one of its words names («شالش هم هست؟» after an order of a manto and a shawl).
 */
function lastProduct(ctx: TurnContext): Product | undefined {
  const catalog = ctx.services.commerce.catalog();
  const inOrder = ctx.state.slots?.orderProductIds ?? [];
  const named = inOrder.length > 1 ? pickByWord(ctx, (ctx.normalized?.key ?? '').replace(/[?؟!.]/g, ' '), inOrder) : undefined;
  const id = named ?? ctx.state.lastProductId;
  return id ? catalog.product(id) : undefined;
}

const sureItIsAProductQuestion = (ctx: TurnContext) => (ctx.understanding?.confidence ?? 0) >= PRODUCT_QUESTION_CONFIDENCE;
/** Read as a product question, and surely (a sure out_of_scope reading is no product question). */
const readAsProductQuestion = (ctx: TurnContext) => /^product_/.test(ctx.understanding?.intent ?? '') && sureItIsAProductQuestion(ctx);

// «… با … ست میشه؟» asks about the two together: both, side by side, like a comparison.
// («سرم اوردینری برای جوش خوبه یا کرم سراوی؟»: which of two, for a need.)
const COMPARE = /فرق|تفاوت|مقایسه|بهتره|کدومش بهتر|کدوم بهتر|ست میش|ست میکنه|بهم میاد|بهم میان|با هم میخوره|به هم میاد|(?:خوبه|بهتره|مناسبه|بهتر است|مناسب است) یا /;

/** A product question from a message; `carried`: a size or colour said before the product was named. */
export function askAboutProduct(ctx: TurnContext, asked: ProductAsk, carried?: AskedVariant): void {
  // «این عینک یووی داره؟» read as a price question asks about the product: its details (with the price).
  const read = ctx.understanding?.classified ?? ctx.normalized?.key ?? '';
  const ask = asked === 'price' && !PRICE_WORDS.test(read) && !asksForVariant(ctx) ? 'info' : asked;
  if (isMash(ctx)) return ctx.send(message(textsOf(ctx).clarifyNoOptions));
  const resolution = resolve(ctx);
  const thread = lastProduct(ctx);
  // («با کد تخفیف، مجموع هر دو چقدر میشه؟» after two products: their sum, with the code, below.)
  const sumOfTwo = TOGETHER.test(read) && /چند|چقد|قیمت/.test(read) && !!ctx.state.slots?.previousProductId && thread !== undefined;
  // «خب با تخفیف چند میشه» after a product: its price (with the sale), then what the shop says of discounts.
  if (resolution.kind === 'none' && thread && !sumOfTwo && PRICE_WORDS.test(read) && DISCOUNT_WORDS.test(read) && !notCarried(ctx)?.named) {
    answer(ctx, thread, 'price');
    answerTopic(ctx);
    return;
  }
  // «تخفیف دارین؟»، «ساعت کاریتون تا چنده؟»: no product named, but a question the shop answers.
  // («عطر ساواج دیور اورجینال دارید؟» asks for a thing the shop lacks, not about originals.)
  const originalOfLacking = ORIGINAL_WORDS.test(read) && notCarried(ctx) !== undefined;
  // (Not «ایکس ال کرم چی؟» in a product thread: a size or colour asks of the product.)
  const variantOfThread = thread !== undefined && asksForVariant(ctx, carried);
  if ((resolution.kind === 'none' || resolution.kind === 'weak') && !originalOfLacking && !variantOfThread && !sumOfTwo && answerTopic(ctx)) return;
  // «سداکترس چند» after the lipstick: a shade or colour the customer names as the product calls it.
  // «بژ طبیعیش چی؟» after the sunscreen: the thread product's own two-word colour, whatever other
  // products its words («طبیعی» of «چرم طبیعی») happen to name.
  const key = ctx.normalized?.key ?? '';
  const ownColour = thread && (resolution.kind === 'none' || resolution.kind === 'weak') ? colourNamedOf(thread, key) : thread && resolution.kind === 'many' ? wholeColourNamedOf(thread, key) ?? possessiveColourOf(thread, key) : undefined;
  if (thread && ownColour) return answer(ctx, thread, /چند|قیمت|چقدر/.test(read) ? 'price' : ask === 'info' ? 'availability' : ask, { colour: ownColour });
  // «عرض کمربند چرم … چند سانتی‌متره؟»، «کش داره؟» after the jeans, «اورسایزه؟» after the zip
  // hoodie (whose description says «نه اورسایز», whatever product «اورسایز» names): the part of the
  // product's description that answers, when no variant is asked and no price.
  // («کیف دوشی یا کوله کدومش جادارتره؟» sets two side by side, not a part of one's description.)
  const twoRanked = WHICH_IS_MORE.test(key) && / (?:یا|با) /.test(ctx.understanding?.productKey ?? '');
  // («… بهتره یا کرم سراوی؟» weighs two: the comparison, not a line of one description.)
  if (!twoRanked && !COMPARE.test(ctx.normalized?.key ?? '') && answerDetail(ctx, resolution, thread, carried)) return;
  // A product named in full is what the customer means, whatever other words stand around it.
  const missing = notCarried(ctx);
  // «چند لیتره؟» after the backpack, «… تیشرت نخی … بعد شستن آب نمیره؟»: words the product's own
  // description holds are asked of it, no thing to sell.
  // (Only a product named in full, or the thread's when the words lean on it: «لپ‌تاپ ایسوس» after the
  // backpack, whose description says «جای لپ‌تاپ», still asks for a laptop; «دکمه‌هاش» asks of the manto.)
  const namedWhole = resolution.kind === 'one' && (ctx.understanding?.productMatches ?? []).some((m) => m.productId === resolution.product.id && m.complete);
  const threadAmong = resolution.kind === 'none' || (resolution.kind === 'one' ? resolution.product.id === thread?.id : resolution.products.some((p) => p.id === thread?.id));
  const unnamed = (resolution.kind === 'none' || resolution.kind === 'weak') && !missing?.named;
  const leansOnThread = threadAmong && (unnamed || POSSESSIVE.test(missing?.phrase ?? ''));
  const subject = namedWhole && resolution.kind === 'one' ? resolution.product : leansOnThread ? thread : undefined;
  // «… سیاه نمیشه؟»: a colour that something turns is no colour asked; the description may say it does not.
  const turnsTo = COLOUR_TURNS.exec(key);
  const changeAsked = turnsTo && (ctx.understanding?.entities ?? []).some((e) => e.type === 'colour' && toKey(e.text) === turnsTo[1]) ? turnsTo[0] : undefined;
  const described = subject && (missing || changeAsked) ? describedIn(subject, changeAsked ?? missing!.phrase) : undefined;
  if (subject && described) {
    ctx.state.lastProductId = subject.id;
    return ctx.send(message(textsOf(ctx).fromDescription(subject.name, described), { attachments: [productCard(ctx, subject)] }));
  }
  // «فرق هودی دورس با زیپ دار چیه؟»: both products, side by side.
  // «جین مام یا اسلیم مردونه کدوم ارزونتره؟»: two named, and which is more so (named both: no fallback).
  const ranks = !COMPARE.test(key) && twoRanked;
  const comparing = COMPARE.test(key) || ranks;
  // «کوله ضد آب با یه کیف پول چرمی جمعا چقدر میشه؟»: «با» joins two things bought together.
  // («شلوار پالازو ال با شومیز حریر ال میخوام»: «با» joins two things wanted together, too.)
  const withEachOther = (TOGETHER.test(key) || saysWanted(key)) && / با /.test(ctx.understanding?.productKey ?? '');
  const joined = / و /.test(ctx.understanding?.productKey ?? '') || withEachOther;
  const pair = comparing || joined ? comparedPair(ctx, ranks ? { kind: 'none' } : resolution, !comparing && !withEachOther) : undefined;
  // (Two products the shop sells, named side by side, are no one thing it lacks.)
  if (!pair && missing && (resolution.kind !== 'one' || missing.named || namedOnlyByDescription(ctx, resolution.product))) return sayNotCarried(ctx, missing, ask);
  // «ساعت مچی زنونه دارین؟» of a shop whose only watch is «ساعت مچی مردانه»: not that one.
  // («کیف دوشی و کیف پول مردانه»: the word is the second one's, not both's.)
  const forWhom = pair ? undefined : askedGender(ctx);
  if (forWhom && (resolution.kind === 'one' || resolution.kind === 'many')) {
    const all = resolution.kind === 'one' ? [resolution.product] : resolution.products;
    const fitting = all.filter((p) => !clashes(p, forWhom.gender));
    if (fitting.length === 0) return sayNotCarried(ctx, { phrase: forWhom.phrase, named: true, alternatives: all.map((p) => p.id) }, ask);
    if (resolution.kind === 'many' && fitting.length < all.length) {
      return fitting.length === 1 ? answer(ctx, fitting[0]!, carried ? 'availability' : ask, carried) : askAboutProductAmong(ctx, fitting, ask, carried);
    }
  }
  const last = lastProduct(ctx);
  // «… موجود نیست؟ کی میارین؟»: when it comes back is asked of the product in the thread.
  if (last && resolution.kind !== 'one' && RESTOCK.test(key) && key.split(/\s+/).filter(Boolean).length <= RESTOCK_MAX_WORDS) {
    return answer(ctx, last, 'availability', carried);
  }
  if (pair && comparing) return compare(ctx, pair[0], pair[1]);
  // «قیمت ریمل و خط چشم چنده؟»: the same question of each.
  if (pair) {
    // «… جمعش چقد میشه؟» asks the price of each and of both, whatever the reading.
    const each = TOGETHER.test(key) && PRICE_WORDS.test(key) ? 'price' : ask;
    // «کیف دوشی مشکی با کوله طوسی»: each one's size and colour are the ones said beside it.
    // («… دوتاش با هم چند؟» counts the two named, not two of each.)
    const whole = ctx.understanding && { ...ctx.understanding, entities: ctx.understanding.entities.filter((e) => !(e.type === 'quantity' && BOTH_OF_THEM.test(e.text))) };
    ctx.understanding = whole;
    const side = (before: boolean) => {
      if (!whole || pair[2] < 0) return;
      const own = (e: (typeof whole.entities)[number]) => !SAID_OF_ONE.has(e.type) || e.start < 0 || (e.start < pair[2]) === before;
      ctx.understanding = { ...whole, entities: whole.entities.filter(own) };
    };
    const sayBoth = whole?.entities.some((e) => SAID_OF_ONE.has(e.type) && e.start >= 0 && e.start < pair[2]) ?? false;
    // (Two summed are what the customer means to buy: both go to the basket, each in its variant.)
    // («دوتا رژ سوپراستی با یه ضد آفتاب آردن جمعش»: each counted as its answer counted it.)
    const summed = TOGETHER.test(key) && (PRICE_WORDS.test(key) || /جمع|کلش|روی هم|مجموع/.test(key));
    const countOf = (before?: boolean) =>
      Math.max(1, ...(whole?.entities ?? []).filter((e) => e.type === 'quantity' && (before === undefined || e.start < 0 || (e.start < pair[2]) === before)).map((e) => Number(e.value)));
    const [firstCount, secondCount] = [countOf(sayBoth ? true : undefined), countOf(sayBoth ? false : undefined)];
    if (sayBoth) side(true);
    answer(ctx, pair[0], each, carried);
    if (summed) noteWanted(ctx, pair[0], firstCount, true);
    if (sayBoth) side(false);
    answer(ctx, pair[1], each, carried);
    if (summed) noteWanted(ctx, pair[1], secondCount, true);
    if (whole) ctx.understanding = whole;
    // «… با هم چند میشه؟»: the two together; «… ارسالش رایگان میشه؟» what sending them costs.
    const sum = firstCount * effectivePrice(pair[0]) + secondCount * effectivePrice(pair[1]);
    const shipping = asksShipping(key) && (TOGETHER.test(key) || saysWanted(key));
    // («… جمعش؟» asks the sum by itself.)
    if (summed || (TOGETHER.test(key) && ask === 'price') || shipping) {
      ctx.send(message(textsOf(ctx).together(sum)));
      ctx.sum = sum;
    }
    const withCode = withCodeLine(ctx, [
      { product: pair[0], count: firstCount },
      { product: pair[1], count: secondCount },
    ]);
    if (withCode) ctx.send(message(withCode));
    if (shipping) ctx.send(message(shippingOf(ctx, key, sum).join('\n')));
    // «… با هم بخرم تخفیف میدین؟»: and the shop's word on discounts.
    if (/تخفیف|حراج/.test(key)) answerTopic(ctx);
    return;
  }
  switch (resolution.kind) {
    case 'one': {
      // «… یه کیف پول چرم هم بذارم جمعش چقد میشه؟» after the backpack: each price and the two together.
      // («ba oversize meshki XL ba ham chand mishe?»: Finglish says it in its Persian reading.)
      const cue = cueKey(ctx);
      // («دوتا بگیرم با ریمل اسنس چقد میشه»: «با» right before the new one adds it to the thread's.)
      const at = (ctx.understanding?.entities ?? []).find((e) => e.type === 'product' && e.value === resolution.product.id)?.start ?? -1;
      const addedWith = at > 0 && /(?:^|\s)(?:با|بعلاوه|به علاوه)(?:\s(?:یه|یک|یدونه|یه دونه))?\s+$/.test((ctx.understanding?.productKey ?? '').slice(0, at));
      if (thread && thread.id !== resolution.product.id && (TOGETHER.test(cue) || addedWith) && (ask === 'price' || PRICE_WORDS.test(read) || /چند|چقد|جمع/.test(cue))) {
        return pricesOf(ctx, thread, resolution.product, true, carried);
      }
      // «رژلب چه برندایی دارین؟»: a kind asked for, and its word happened to be one product's alias.
      const kind = asksWhichOnes(key) && !carried && namedByKind(ctx, resolution.product) ? sameKindAs(ctx, resolution.product) : [];
      if (kind.length > 1) return listKind(ctx, kind, ask);
      answer(ctx, resolution.product, carried ? 'availability' : ask, carried);
      // «… اینو بخرم تخفیف میدین؟»، after the discount code «رو رژ میبلین که حراجیه هم اعمال میشه»:
      // and the shop's word on discounts.
      // («کد NILOOFAR10 رو مانتو بزنم؟» names the shop's code, no discount word.)
      if (DISCOUNT_WORDS.test(read) || intentOfNamedCode(ctx) === 'discount_code' || (ctx.state.slots?.topic === 'discount_code' && /اعمال|شامل/.test(read))) {
        if (!answerTopic(ctx)) answerFaqIntent(ctx, 'discount_code');
      }
      return;
    }
    case 'many': {
      // «قد شلوار رو کم میکنید؟» asks whether the shop does something to a kind of product, and was
      // barely read as a product question: not «which trousers?».
      if (!readAsProductQuestion(ctx) && ASKS_SHOP_TO_DO.test(read) && !PRODUCT_QUESTION_WORDS.test(read)) return fallback(ctx);
      // «شالش دیگه هست؟» after an order with a shawl: of the shawls, the order's.
      const ordered = (ctx.state.slots?.orderProductIds ?? []).filter((id) => resolution.products.some((p) => p.id === id));
      if (ordered.length === 1 && isShortFollowUp(ctx)) return answer(ctx, resolution.products.find((p) => p.id === ordered[0])!, ask, carried);
      return askAboutProductAmong(ctx, resolution.products, ask, carried);
    }
    case 'weak': {
      // «کرپه سایز ۴۰ …» after the linen and the crepe mantos were compared: the one of the two
      // that the word names, not the thread's first.
      const recent = [ctx.state.slots?.previousProductId, ...(ctx.state.slots?.offeredIds ?? [])].filter((id) => id && id !== last?.id);
      const other = resolution.products.filter((p) => recent.includes(p.id));
      if (last && other.length === 1 && !resolution.products.some((p) => p.id === last.id)) return answer(ctx, other[0]!, carried ? 'availability' : ask, carried);
      // «کرپ» after the crepe manto: a weak match on the thread's product is that product, whatever
      // intent the word was read as (the out-of-scope path does the same in weakMatchOnLast).
      if (last && (isShortFollowUp(ctx) || resolution.products.some((p) => p.id === last.id))) return answer(ctx, last, ask);
      if (!sureItIsAProductQuestion(ctx)) return ctx.send(message(textsOf(ctx).clarifyNoOptions));
      // «قیمت کرپه»: «کرپه» is «کرپ» as spoken, a word of every product offered: a choice among
      // them, not «پیدا نکردم … شاید منظورتان», which reads as «you made a typo».
      if (namedAsSpoken(ctx, resolution.products)) return askAboutProductAmong(ctx, resolution.products, ask, carried);
      return ctx.send(message(textsOf(ctx).productNotFound(true), { quickReplies: choices(resolution.products, ask) }));
    }
    case 'none': {
      // «جمعا چقدر میشه؟» after two products: both prices and the two together.
      const previous = ctx.state.slots?.previousProductId ? ctx.services.commerce.catalog().product(ctx.state.slots.previousProductId) : undefined;
      // («قیمتشون چنده؟»: their prices, each.)
      const both = TOGETHER.test(key) && /چند|چقد|قیمت/.test(key);
      if (last && previous && previous.id !== last.id && (both || THEIR_PRICE.test(key))) return pricesOf(ctx, previous, last, both);
      // «تاریخ انقضاش کیه؟» names no product, and the shop wrote an answer for it: that answer.
      if (answerShopOwn(ctx)) return;
      if (last && isShortFollowUp(ctx)) return answer(ctx, last, ask);
      // «خب قیمتش چند بود ببخشید یادم رفت»: «its price», however many words around it, is the thread's.
      if (last && ITS_ATTRIBUTE.test(key)) return answer(ctx, last, ask);
      // «باشه سایز ۴۳ سفید بدین، چند میشه»: a size and colour the product in the thread is made in.
      const variant = askedVariant(ctx);
      if (last && variant && madeIn(last, variant)) return answer(ctx, last, ask, variant);
      if (!sureItIsAProductQuestion(ctx)) return ctx.send(message(textsOf(ctx).clarifyNoOptions));
      {
        const variant = askedVariant(ctx);
        ctx.state.dialogStack.push({ id: 'product.which', ask, ...(variant ? { variant } : {}) });
      }
      return ctx.send(message(textsOf(ctx).whichProduct));
    }
  }
}

const ITS_ATTRIBUTE = /(?:^|\s)(?:قیمتش|قیمتشو|قیمتشم|رنگاش|رنگاشو|رنگش|رنگشو|سایزاش|سایزش|سایزاشو|موجودیش|جنسش|جنسشو)(?=\s|$|[?؟!.،,])/;
// «دکمه‌هاش»، «جنسش»: a word with «its» on it is about the product in the thread.
const POSSESSIVE = /(?:هاش|اش|ش|شون)(?:\s|$)/;
const COLOUR_TURNS = /(?:^|\s)(\S+) (?:ن?میشه|ن?میشود|ن?میشن|شده|نشده|ن?میکنه)(?=\s|$|[?؟!.])/;
// Endings of a word asked about («لیترش»، «لیتره»، «سانتشه»): the word under them is in the description.
const ASKED_ENDING = /(?:یه|شه|ش|ه|ی)$/;

/** The clause of a product's description that holds a word of the phrase («ظرفیت ۲۵ لیتر» for «لیتره»). */
function describedIn(product: Product, phrase: string): string | undefined {
  const words = toKey(phrase)
    .split(/\s+/)
    .flatMap((w) => [w, w.replace(ASKED_ENDING, '')])
    // (Verbs say nothing of which part: «نمیشه» would find any «نمی‌…».)
    .filter((w) => w.length >= 3 && !/^ن?می/.test(w));
  if (!product.description || words.length === 0) return undefined;
  const clauses = product.description.split(/[.،؛\n]+/).map((c) => c.trim()).filter(Boolean);
  // «دکمه» of «دکمه‌های چوبی», «شستن» of «شستشو»: the description's word starts with the asked one, or its stem.
  const names = (d: string, w: string) => d.startsWith(w) || (w.length >= 4 && d.startsWith(w.slice(0, 3)));
  const holds = (clause: string) => toKey(clause).split(/\s+/).some((d) => words.some((w) => names(d, w)));
  const found = clauses.find(holds);
  return found ? `${found}.` : undefined;
}

// Words that ask rather than say what is asked about: no clue to a part of a description.
const ASKING = new Set(
  ('چند چنده چقدر چقدره چقد چیه چیست چی چطوره چطور چجوری است هست هستش هستن داره دارین دارید داری دارن دارد میشه میشد میتونم ' +
    'خوبه مناسبه مناسب میخوره میاد یا و با به از در برای برا واسه رو را که این اون ایا آیا اگه اگر هم ام من ما شما تو ' +
    'سلام ممنون مرسی لطفا ببخشید خب پس ولی چون دیگه الان حالا اصلا واقعا خیلی یه یک دو سه تا عدد رنگ سایز قیمت قیمتش ' +
    'موجود موجوده نه نیست ندارن نداره جای باهاش ازش بهش روی زیر توی تو بالای کنار پیش ' +
    'حراج حراجی حراجیه تخفیف اعمال کد').split(' '),
);
// Words that ask what of a part, not which part: «جنس»، «مدل»، «نوع».
const WHAT_OF_IT = new Set(['جنس', 'جنسش', 'جنسشون', 'مدل', 'مدلش', 'نوع', 'نوعش']);
// Endings a word asked about may carry («پاشنش»، «حجمش»، «طبیعیه»، «اورسایزه»، «کمرم»).
const ASKED_CLITIC = /(?:هاش|اش|تون|مون|ش|شو|شه|یه|ه|م|ی)$/;

/**
 * The clause of a product's description a question is about («عرض … چند سانتی‌متره؟» → «عرض ۳٫۵
 * سانتی‌متر»، «ضد آب هست؟» → «ضدآب ۳۰ متر (…)»، «کش داره؟» → «جین کش‌دار …»), by the message's words
 * that are neither the product's own name nor words that ask; undefined when none is.
 */
export function describedPart(ctx: TurnContext, product: Product): string | undefined {
  if (!product.description || ctx.understanding?.script !== 'persian') return undefined;
  const own = nameWords(product);
  const raw = (ctx.normalized?.key ?? '').split(/[^\p{L}\d]+/u).filter(Boolean);
  const said = raw.filter((w) => /^\d+$/.test(w));
  const words = raw.filter((w) => !/^\d+$/.test(w) && !ASKING.has(w) && !own.has(w) && !own.has(w.replace(ASKED_CLITIC, '')));
  const glued = raw.slice(1).map((w, i) => raw[i] + w).filter((w) => w.length >= 4 && !own.has(w));
  const asked = [...new Set([...words, ...words.map((w) => w.replace(ASKED_CLITIC, '')), ...glued])].filter((w) => w.length >= 2 && !ASKING.has(w));
  if (asked.length === 0) return undefined;
  // A short sentence is one answer («قالب کمی کوچک است، نیم سایز بزرگ‌تر بردارید»); a long one is a
  // list, answered by its part («… ، ضدآب ۳۰ متر (…)، …»).
  const clauses = product.description
    .split(/[.؛\n]+/)
    .map((c) => c.trim())
    .filter(Boolean)
    .flatMap((sentence) => (sentence.split(/\s+/).length <= WHOLE_SENTENCE_WORDS ? [sentence] : sentence.split('،').map((c) => c.trim()).filter(Boolean)));
  // A short word names a part only whole, or as the start of a word of a few letters («کش» of «کش‌دار»).
  const names = (d: string, w: string) => d === w || (w.length >= 3 ? d.startsWith(w) : d.startsWith(w) && d.length <= w.length + 3);
  let best: { clause: string; score: number } | undefined;
  for (const clause of clauses) {
    const ws = toKey(clause).split(/[^\p{L}\d]+/u).filter(Boolean);
    // («… ۱۵ اینچی داره؟»: a number said that the clause holds counts too.)
    // (Only beside a word that matched: a number alone, «ایرفورس ۱», is no detail.)
    // («جنس دکمه‌هایش چیست؟»: «دکمه» says which part, «جنس» what of it: the buttons' clause, not the fabric's.)
    const words = asked.filter((w) => ws.some((d) => names(d, w))).reduce((sum, w) => sum + (WHAT_OF_IT.has(w) ? 0.5 : 1), 0);
    const numbers = said.filter((n) => n.length >= 2 && ws.includes(n)).length;
    const score = words > 0 ? words + numbers : 0;
    if (score > 0 && (!best || score > best.score)) best = { clause, score };
  }
  return best ? `${best.clause}.` : undefined;
}

/**
 * «عرض کمربند چرم … چند سانتی‌متره؟»، «کش داره؟» after the jeans, «اورسایزه؟» after the zip hoodie
 * (whose description says «نه اورسایز», whatever product «اورسایز» names): the part of the product's
 * description that answers, when no variant is asked (and the price too when it is asked). True
 * when answered. Which size to take is the size advice's, not a line of the description («قد ۱۰۵» is
 * no «قدم ۱۶۵»), and discounts are the shop's word.
 */
function answerDetail(ctx: TurnContext, resolution: Resolution, thread: Product | undefined, carried?: AskedVariant): boolean {
  const key = ctx.normalized?.key ?? '';
  const read = ctx.understanding?.classified ?? key;
  const sizeAdvice = ctx.understanding?.intent === 'size_advice' || SIZE_ADVICE.test(key) || DISCOUNT_WORDS.test(read);
  if (asksForVariant(ctx, carried) || TOGETHER.test(key) || sizeAdvice) return false;
  const namedOne = resolution.kind === 'one' ? resolution.product : undefined;
  const namedFully = namedOne !== undefined && (ctx.understanding?.productMatches ?? []).some((m) => m.productId === namedOne.id && m.complete);
  // («چرمش طبیعیه یا مصنوعی؟» after the boot: «its leather», a word of its own name with «its» on it,
  // whatever other leather goods «طبیعی»، «مصنوعی» name.)
  // («کوتاهش میکنین؟» after the belt «کوتاه کردن رایگان»: a word of its description, the same.)
  const withIts = key.split(/[\s?!.،,؟]+/).filter((w) => w.length >= 4 && /(?:ش|اش)$/.test(w)).map((w) => w.replace(/(?:اش|ش)$/, ''));
  const ownAndDescribed = thread && withIts.length ? new Set([...nameWords(thread), ...toKey(thread.description ?? '').split(/[^\p{L}\d]+/u)]) : undefined;
  const itsOwnWord = ownAndDescribed !== undefined && withIts.some((w) => ownAndDescribed.has(w));
  const threadAsked = thread && (resolution.kind === 'none' || resolution.kind === 'weak' || (resolution.kind === 'many' && (resolution.products.some((p) => p.id === thread.id) || itsOwnWord)) || (namedOne && !namedFully));
  // («اورسایزه؟» in a few words after the zip hoodie: the word names another product, and the
  // thread's own description speaks of it.)
  const aboutThread = thread && namedOne && namedOne.id !== thread.id && key.split(/\s+/).filter(Boolean).length <= DETAIL_FOLLOW_UP_MAX_WORDS ? describedPart(ctx, thread) : undefined;
  // («فرمش اورسایزه یا معمولی؟» after the zip hoodie: «its fit», whatever product «اورسایز» names in full.)
  const detailOf = aboutThread || (itsOwnWord && describedPart(ctx, thread!)) ? thread : namedFully ? namedOne : threadAsked ? thread : undefined;
  const part = aboutThread ?? (detailOf ? describedPart(ctx, detailOf) : undefined);
  if (!detailOf || !part) return false;
  // «دامن جین دارین؟» after the crop top «مناسب ست کردن با شلوار جین»: a thing asked for by a word
  // its description lacks is a new thing, not a detail (nor is a word of the product's own name as
  // spoken, «مردونه» of «مردانه»).
  const lacking = notCarried(ctx);
  const head = toKey(lacking?.phrase ?? '').split(/\s+/)[0] ?? '';
  const described = toKey(detailOf.description ?? '').split(/[^\p{L}\d]+/u);
  const ownWords = nameWords(detailOf);
  const known = (w: string) => w !== '' && (described.some((d) => d.startsWith(w)) || ownWords.has(w) || spokenBases(w).some((b) => ownWords.has(b)));
  if (lacking !== undefined && head !== '' && !known(head) && !known(head.replace(ASKED_CLITIC, ''))) return false;
  // (A new product named for a detail is the thread's now, the one before it «the other».)
  moveThreadTo(ctx, detailOf);
  const price = PRICE_WORDS.test(read) ? `\n${textsOf(ctx).price(detailOf.name, detailOf.price, detailOf.salePrice)}` : '';
  ctx.send(message(`${textsOf(ctx).fromDescription(detailOf.name, part)}${price}`, { attachments: [productCard(ctx, detailOf)] }));
  return true;
}

/**
 * «دور کمرم کمه، کوتاهش میکنین؟» after the belt, read as nothing the bot knows: a detail of the
 * thread's product its description answers («کوتاه کردن رایگان»). True when answered.
 */
export function detailOfThread(ctx: TurnContext): boolean {
  const thread = lastProduct(ctx);
  if (!thread || (ctx.normalized?.key ?? '').split(/\s+/).length > DETAIL_QUESTION_MAX_WORDS) return false;
  // (Products matched only on a describing word, «کوتاه» of two short ones, are no other product.)
  const resolution = resolve(ctx);
  const describing = resolution.kind === 'many' && resolution.products.every((p) => namedOnlyByDescription(ctx, p));
  return answerDetail(ctx, describing ? { kind: 'none' } : resolution, thread);
}

/** The colour (or shade) of a product that a message names by a word of its own («سداکترس» of «۶۵ سداکترس»). */
function colourNamedOf(product: Product, key: string): string | undefined {
  const words = new Set(key.split(/[\s?!.،,]+/).map((w) => w.replace(/(?:ش|شو|شم)$/, '')));
  const colours = [...new Set(product.variants.map((v) => v.colour).filter((c): c is string => !!c))];
  return colours.find((c) => toKey(c).split(' ').some((w) => w.length >= 4 && !/\d/.test(w) && words.has(w)));
}

/** A colour of several words the product is made in, named whole in the message («بژ طبیعی»). */
function wholeColourNamedOf(product: Product, key: string): string | undefined {
  const colours = [...new Set(product.variants.map((v) => v.colour).filter((c): c is string => !!c))];
  return colours.find((c) => toKey(c).includes(' ') && key.includes(toKey(c)));
}

/** «طبیعیش چند» after the sunscreen offered in «بژ طبیعی»: a word of its colour, with «its» on it. */
function possessiveColourOf(product: Product, key: string): string | undefined {
  const stems = new Set(key.split(/[\s?!.،,]+/).filter((w) => /(?:ش|شو|شم)$/.test(w)).map((w) => w.replace(/(?:ش|شو|شم)$/, '')));
  if (stems.size === 0) return undefined;
  const colours = [...new Set(product.variants.map((v) => v.colour).filter((c): c is string => !!c))];
  return colours.find((c) => toKey(c).split(' ').some((w) => w.length >= 4 && !/\d/.test(w) && stems.has(w)));
}

/** Whether a product is made in the size and colour asked (in stock or not). */
const madeIn = (product: Product, variant: AskedVariant) =>
  product.variants.some((v) => (!variant.size || sameSize(v.size, variant.size)) && (!variant.colour || colourNames(v.colour, variant.colour)) && (variant.size || variant.colour));

/** Several products fit: the one a size or colour said narrows them to, or "which one?". */
function askAboutProductAmong(ctx: TurnContext, products: Product[], ask: ProductAsk, carried?: AskedVariant): void {
  const variant = carried ?? askedVariant(ctx);
  // «مانتو سایز ۴۰ مشکی»: of the mantos, only those made in that size and colour are meant.
  const fitting = variant ? products.filter((p) => p.variants.some((v) => matchesWanted(v, variant))) : [];
  if (fitting.length === 1) return answer(ctx, fitting[0]!, ask, variant);
  if (fitting.length > 1) products.sort((a, b) => Number(fitting.includes(b)) - Number(fitting.includes(a)));
  // «هودی دارین؟» asks whether the shop has the kind: what it has of it, not «which one do you mean?».
  const written = ctx.normalized?.key ?? '';
  // («hoodie darin?»: Finglish asks it in its Persian reading.)
  const classified = ctx.understanding?.classified ?? '';
  const key = classified.startsWith(`${written} `) ? classified.slice(written.length + 1) : written;
  // («هودی دارین چه رنگایی»: the colours asked after it are listed beside each.)
  const asked = key.replace(WHICH_ATTRIBUTE_END, '');
  const asksForKind = (ask === 'availability' || asked !== key) && asked.split(/\s+/).filter(Boolean).length <= KIND_QUESTION_MAX_WORDS && HAVE_END.test(asked);
  // («قیمت هودی‌ها چنده؟»، «قیمتاشون؟»: the prices of them all, asked in the plural.)
  if (!variant && (asksWhichOnes(key) || asksForKind || PLURAL_PRICE.test(key))) return listKind(ctx, products, ask);
  const shown = products.slice(0, MAX_CHOICES);
  ctx.state.dialogStack.push({ id: 'product.choose', ask, candidates: shown.map((p) => p.id), ...(variant ? { variant } : {}) });
  ctx.send(message(textsOf(ctx).chooseProduct, { quickReplies: choices(shown, ask) }));
}

// «چه مانتوهایی دارین؟»، «کتونی چیا دارین؟»، «چه برندایی»، «چه مدل‌هایی»: the range of a kind, not one of it.
const WHICH_ONES =
  /(?:^|\s)(?:چه|کدوم|کدام)\s(?:\S+\s)?\S*(?:هایی|ایی|های|ها|ا)?\s?(?:دارین|دارید|داری|دارن|موجوده|موجود|هست|هستش)|(?:^|\s)(?:چی|چیا|چه چیزایی|چه چیزهایی)\s(?:دارین|دارید|داری|موجوده)|(?:^|\s)چه (?:برند|مارک|مدل|نوع|جور)\S*/;
const asksWhichOnes = (key: string) => WHICH_ONES.test(key);
const PLURAL_PRICE = /(?:^|\s)(?:قیمتا|قیمتاش|قیمتاشون|قیمتاشو|قیمت ?هاش|قیمت ?هاشون|قیمت ?هاشان)(?=\s|$|[?؟!.،,])|(?:^|\s)\S{2,}(?: ?ها| ?های|یا)\s(?:چنده|چندن|چند|چقدره|چقدرن|چقدن)(?=\s|$|[?؟!.،,])|(?:^|\s)(?:چندن|چقدرن|چقدن)(?=\s|$|[?؟!.،,])/;
const HAVE_END = /(?:دارین|دارید|داری|دارن|موجوده|موجود دارین|هست|میفروشین|میفروشید)\s*[?!.]*\s*$/;
const KIND_QUESTION_MAX_WORDS = 3;
const WHICH_ATTRIBUTE_END = /\s+(?:چه|چی|کدوم|کدام) (?:رنگ|سایز)\S*(?: (?:داره|دارین|دارید|هست|موجوده))?\s*[?؟!.]*\s*$/;

/** The products of the same kind as one: those whose names start with its name's first word («رژ …»). */
function sameKindAs(ctx: TurnContext, product: Product): Product[] {
  const catalog = ctx.services.commerce.catalog();
  const head = toKey(product.name).split(' ')[0] ?? '';
  return head.length >= 2 ? catalog.matcher.headedBy(head).map((id) => catalog.product(id)).filter((p): p is Product => !!p) : [];
}

/** Whether the product was matched only by its kind's word («رژلب» = «رژ لب …»), no word of its own. */
function namedByKind(ctx: TurnContext, product: Product): boolean {
  const key = ctx.understanding?.productKey ?? ctx.normalized?.key ?? '';
  const match = (ctx.understanding?.productMatches ?? []).find((m) => m.productId === product.id);
  if (!match) return false;
  const said = key.slice(match.start, match.end).replace(/\s+/g, '');
  const words = toKey(product.name).split(' ');
  return said === words[0] || said === `${words[0]}${words[1] ?? ''}`;
}

// «دیگه چی دارین؟»، «مدل دیگه‌ای هست؟»: what else of that kind, after one was shown.
const OTHERS_ASKED = /(?:دیگه|دیگر|دیگ) ?(?:چی|چیا|چه چیزی|چیزی|چه مدلی|مدلی|کدوم) ?(?:دارین|دارید|داری|هست|موجوده|دارید\?)|مدل(?:ای|های|ا)? (?:دیگه|دیگر|دیگش)|چیز دیگه ?ای|(?:غیر|به جز|بجز) (?:از )?(?:این|اون|همین)/;
const OTHERS_MAX_WORDS = 12;

/**
 * «یه کفش راحت دیگه چی دارین؟» after the college shoe: the other products of its category in
 * stock, to pick from. False when not asked, or nothing else is in stock.
 */
export function othersOfThread(ctx: TurnContext): boolean {
  const key = ctx.normalized?.key ?? '';
  const last = lastProduct(ctx);
  if (!last || !OTHERS_ASKED.test(key) || key.split(/\s+/).filter(Boolean).length > OTHERS_MAX_WORDS) return false;
  const others = ctx.services.commerce.catalog().products.filter((p) => p.id !== last.id && p.category === last.category && totalStock(p) > 0);
  if (others.length === 0) return false;
  listKind(ctx, others, 'info');
  return true;
}

// «ارزونترش چی دارین؟»، «ارزان‌تر از این ندارید؟»: a cheaper one of the same kind, not a bargain.
const CHEAPER_ASKED = /(?:ارزون|ارزان) ?تر(?:ش|ی|شو)?(?:\s(?:از (?:این|اون|این یکی)))?\s(?:چی )?(?:دارین|دارید|داری|ندارین|ندارید|نداری|هست|نیست|هم هست|موجوده|سراغ دارین)|(?:ارزون|ارزان) ?ترش (?:چیه|چی)/;
const CHEAPER_MAX_WORDS = 8;

/** «ارزونترش چی دارین؟» of the thread's product: the cheaper ones of its kind in stock, or that there is none. */
export function cheaperOfThread(ctx: TurnContext): boolean {
  const key = ctx.normalized?.key ?? '';
  const last = lastProduct(ctx);
  if (!last || !CHEAPER_ASKED.test(key) || key.split(/\s+/).filter(Boolean).length > CHEAPER_MAX_WORDS) return false;
  const cheaper = sameKindAs(ctx, last).filter((p) => p.id !== last.id && effectivePrice(p) < effectivePrice(last) && totalStock(p) > 0).sort((a, b) => effectivePrice(a) - effectivePrice(b));
  if (cheaper.length === 0) {
    ctx.send(message(textsOf(ctx).noCheaper(last.name)));
    return true;
  }
  if (cheaper.length === 1) answer(ctx, cheaper[0]!, 'price');
  else listKind(ctx, cheaper, 'price');
  return true;
}

// «چه محصولات آرایشی دارین؟»، «اکسسوری‌هاتون چیه؟»: a category of the shop's, asked for what it holds.
const ASKS_WHAT_IS_HELD = /دارین|دارید|داری|دارن|موجود|هست|میفروشین|میفروشید|(?:^|\s)(?:چی|چیا|چه|کدوم|چیه)(?=\s|$|[?؟!.])/;
const CATEGORY_SUFFIX = /^(?:ها|های|هایی|ی|یی|ایی|تون|هاتون|اتون|ات|ا)?$/;

// («آرایش» of «آرایشی»: the adjective's noun.)
const stemOf = (word: string) => (word.endsWith('ی') ? word.slice(0, -1) : word);

/** A catalog's categories by the words that name them, and their products in stock. */
interface Categories {
  /** Each category with its words of four letters or more that no product is named by first. */
  words: ReadonlyArray<{ category: string; words: readonly string[] }>;
  inStock: ReadonlyMap<string, readonly Product[]>;
}
// Worked out once per catalog (a reload makes a new one): a message costs its own words, not a walk
// over every product.
const categoriesByCatalog = new WeakMap<object, Categories>();

function categoriesOf(ctx: TurnContext): Categories {
  const catalog = ctx.services.commerce.catalog();
  let found = categoriesByCatalog.get(catalog);
  if (!found) {
    const inStock = new Map<string, Product[]>();
    for (const p of catalog.products) {
      if (!p.category) continue;
      const list = inStock.get(p.category) ?? [];
      if (totalStock(p) > 0) list.push(p);
      inStock.set(p.category, list);
    }
    // (Only words no product is named by first: «مانتو»، «هودی» are kinds the product answers already
    // handle, with what is said beside them.)
    const words = [...inStock.keys()].map((category) => ({ category, words: toKey(category).split(/\s+/).filter((w) => w.length >= 4 && catalog.matcher.headedBy(w).length === 0) }));
    categoriesByCatalog.set(catalog, (found = { words, inStock }));
  }
  return found;
}

/** The shop's categories a message names by a word of theirs («آرایشی»، «لوازم آرایش»، «اکسسوری‌ها»). */
function categoriesNamed(ctx: TurnContext): Array<{ category: string; words: readonly string[] }> {
  const words = (ctx.normalized?.key ?? '').split(/[^\p{L}\d]+/u).filter(Boolean);
  const names = (c: string) => words.some((w) => (w.startsWith(c) && CATEGORY_SUFFIX.test(w.slice(c.length))) || w === stemOf(c));
  return categoriesOf(ctx).words.filter((entry) => entry.words.some(names));
}

/** «چه محصولات آرایشی دارین؟»: the products of the categories named, with prices; false when none is named. */
export function listCategory(ctx: TurnContext): boolean {
  const key = ctx.normalized?.key ?? '';
  if (!ASKS_WHAT_IS_HELD.test(key) || key.split(/\s+/).filter(Boolean).length > CATEGORY_QUESTION_MAX_WORDS) return false;
  const named = categoriesNamed(ctx);
  if (named.length === 0) return false;
  // A product named by more than the category's word («کرم سراوی آرایشی») answers itself; one named
  // only by it («آرایشی» in «پاک‌کننده‌ی آرایش») does not.
  const stems = named.flatMap((entry) => toKey(entry.category).split(/\s+/)).map(stemOf);
  const productWord = (ctx.understanding?.entities ?? []).some(
    (e) => e.type === 'product' && e.score >= ctx.services.options.productMinScore && !toKey(e.text).split(/\s+/).every((w) => stems.some((c) => w.startsWith(c))),
  );
  if (productWord) return false;
  const products = named.flatMap((entry) => categoriesOf(ctx).inStock.get(entry.category) ?? []);
  if (products.length === 0) return false;
  listKind(ctx, products, 'info', MAX_CATEGORY_SHOWN);
  return true;
}
const CATEGORY_QUESTION_MAX_WORDS = 7;
// A category is asked for whole: more of it than a choice among a few.
const MAX_CATEGORY_SHOWN = 6;

/** «چه مانتوهایی دارین؟»: the products of a kind with their prices, each a quick reply to pick. */
function listKind(ctx: TurnContext, products: readonly Product[], ask: ProductAsk, limit = MAX_CHOICES): void {
  const shown = products.slice(0, limit);
  // «هودی دارین؟ چه رنگایی»: each one's colours (or sizes) in stock beside its price.
  const key = ctx.normalized?.key ?? '';
  const attribute = ONLY_COLOURS.test(key) ? 'colour' : ONLY_SIZES.test(key) ? 'size' : undefined;
  const inStock = (p: Product) => {
    if (!attribute) return '';
    const values = [...new Set(p.variants.filter((v) => v.stock > 0).map((v) => v[attribute]).filter((x): x is string => !!x))];
    if (!values.length) return '';
    const list = attribute === 'colour' ? values.map(persianDigits).join('، ') : values.map(sizeLabel).join('، ');
    return ` (${attribute === 'colour' ? textsOf(ctx).colours(list) : textsOf(ctx).sizes(list)})`;
  };
  const lines = shown.map((p) => `• ${p.name}: ${totalStock(p) > 0 ? `${formatToman(effectivePrice(p))}${inStock(p)}` : textsOf(ctx).soldOutShort}`);
  ctx.state.dialogStack.push({ id: 'product.choose', ask, candidates: shown.map((p) => p.id) });
  ctx.send(message([textsOf(ctx).kindHeader, ...lines, textsOf(ctx).kindPick].join('\n'), { quickReplies: choices(shown, ask) }));
}

// Who a thing is for, as customers write it and as product names say it.
const WOMEN = /(?:^|\s)(?:زنانه|زنونه|دخترانه|دخترونه|خانمانه|خانومانه|خانوما|بانوان)(?:\s|$|[?؟!.])/;
const MEN = /(?:^|\s)(?:مردانه|مردونه|پسرانه|پسرونه|اقایان|آقایان)(?:\s|$|[?؟!.])/;
export type Gender = 'women' | 'men';

/** The gender a message asks for («ساعت مچی زنونه»), and the words of it as a phrase, if one. */
function askedGender(ctx: TurnContext): { gender: Gender; phrase: string } | undefined {
  const key = ctx.understanding?.classified ?? ctx.normalized?.key ?? '';
  const women = WOMEN.exec(key);
  const men = MEN.exec(key);
  if (!women === !men) return undefined;
  const found = (women ?? men)!;
  const top = (ctx.understanding?.productMatches ?? []).find((m) => m.score >= ctx.services.options.productMinScore);
  const at = found.index + (found[0].length - found[0].trimStart().length);
  const end = found.index + found[0].replace(/[?؟!.]$/, '').length;
  const phrase = top ? key.slice(Math.min(top.start, at), Math.max(top.end, end)).trim() : found[0].trim();
  return { gender: women ? 'women' : 'men', phrase: phrase.replace(/[?؟!.]+$/, '') };
}

/** A product named for the other gender («… مردانه» asked «زنونه»); unisex and unnamed ones fit both. */
export function clashes(product: Product, gender: Gender): boolean {
  const name = ` ${toKey(product.name)} `;
  if (/یونیسکس|unisex/.test(name)) return false;
  return gender === 'women' ? MEN.test(name) && !WOMEN.test(name) : WOMEN.test(name) && !MEN.test(name);
}

// Words between the two things compared: «فرق X با Y»، «X یا Y کدوم بهتره»، «X و Y چه فرقی دارن».
const COMPARED_WITH = /^(?:با|یا|و|از|نسبت)$/;
// «کدوم ارزونتره؟»، «کدومش گرم تره؟»: which of two is more so.
const WHICH_IS_MORE = /(?:^|\s)(?:کدوم|کدومش|کدوماش|کدام|کدامش|کدامیک)(?:\s\S+){0,3}?\s?\S*\s?(?:تره|تر است|تر هست|تره؟)(?=\s|$|[?؟!.])/;

/**
 * The two products a comparison names: each side of «با»/«یا»/«و» matched on its own, the second
 * read with the first's head noun when it names only a modifier («هودی دورس با زیپ دار»).
 */
// Words after «و»/«با» that ask, and name nothing: «… و سرمه ای دارین؟».
const PAIR_FILLER = new Set(['دارین', 'دارید', 'داری', 'داره', 'هست', 'هستش', 'موجوده', 'موجود', 'چی', 'چنده', 'چند', 'قیمت', 'قیمتش', 'میخوام', 'میخواستم', 'رو', 'هم', 'هام', 'دارن', 'دارند', 'است', 'میشه', 'میشود', 'چقدر', 'چقد', 'جمعا', 'جمعش', 'همش']);

// What a message says of one product of a pair: the one it stands beside.
/** The kinds of entity that say which variant of a product. */
export const VARIANT_TYPES: ReadonlySet<string> = new Set(['size', 'colour', 'shade']);
const SAID_OF_ONE = new Set([...VARIANT_TYPES, 'quantity']);

/** Two products named side by side, and where in the key the word joining them stands (-1: not known). */
type Pair = [Product, Product, number];

function comparedPair(ctx: TurnContext, whole: Resolution, joinedOnly = false): Pair | undefined {
  const catalog = ctx.services.commerce.catalog();
  const full = ctx.understanding?.productKey ?? toKey(ctx.activity.text ?? '');
  // A Finglish message is read as its Latin text, then its Persian reading: the pair is in one of
  // them, not one product from each half (offsets stay those of the whole key).
  const original = ctx.normalized?.key ?? '';
  const twin = ctx.understanding?.classified.startsWith(`${original} `) && original.length > 0 ? original.length + 1 : 0;
  const key = twin ? ' '.repeat(twin) + full.slice(twin) : full;
  const words = ctx.services.nlu.classifier.vocabulary;
  const { productMinScore, productAmbiguityMargin } = ctx.services.options;
  const spans = [...key.matchAll(/\S+/g)];
  const tokens = spans.map((m) => m[0]);
  const best = (text: string): Product[] => {
    const strong = catalog.matcher.match(text, { words }).filter((m) => m.score >= productMinScore);
    const top = strong[0];
    if (!top) return [];
    const close = strong.filter((m) => top.score - m.score < productAmbiguityMargin);
    const whole = close.filter((m) => m.complete);
    const picked = whole.length === 1 ? whole : close;
    return picked.map((m) => catalog.product(m.productId)).filter((p): p is Product => p !== undefined);
  };
  for (let i = 1; i < tokens.length - 1; i++) {
    if (!COMPARED_WITH.test(tokens[i]!) || (joinedOnly && tokens[i] !== 'و')) continue;
    // («کلاه کرم و شال قهوه ای» after both were talked about: «شال» is the scarf of this conversation.)
    const talkedOf = [ctx.state.lastProductId, ctx.state.slots?.previousProductId].filter((id): id is string => !!id);
    const oneOf = (found: Product[]) => (found.length > 1 ? found.filter((p) => talkedOf.includes(p.id)) : found);
    let left = oneOf(best(tokens.slice(0, i).join(' ')));
    // «قیمت آن و کرم سراوی را اعلام کنید»: «آن» is the product of the thread.
    const thread = ctx.state.lastProductId ? catalog.product(ctx.state.lastProductId) : undefined;
    // («باشه مشکی ۴۲ یکی با یه شومیز …»: a size or colour with no name before «با» is the thread's too;
    // a count alone is read below, «دوتا بگیرم با یه ریمل …».)
    const variantBefore = (ctx.understanding?.entities ?? []).some((e) => VARIANT_TYPES.has(e.type) && e.start >= 0 && e.start < spans[i]!.index!);
    if (left.length === 0 && thread && (tokens.slice(0, i).some((t) => THAT_ONE.test(t)) || variantBefore)) left = [thread];
    if (left.length !== 1) continue;
    const rightText = tokens.slice(i + 1).join(' ');
    let right = oneOf(best(rightText).filter((p) => p.id !== left[0]!.id));
    // («شال نخی کرم و سرمه ای دارین؟»: after «و» only a colour and a verb, no second thing.)
    if (right.length !== 1 && rightText.split(/\s+/).some((w) => w.length >= 2 && /\p{L}/u.test(w) && !PAIR_FILLER.has(w.replace(/[?؟!.،,]+$/, '')))) {
      const head = toKey(left[0]!.name).split(' ')[0]!;
      right = best(`${head} ${rightText}`).filter((p) => p.id !== left[0]!.id);
    }
    if (right.length === 1) return [left[0]!, right[0]!, spans[i]!.index!];
  }
  if (!joinedOnly && whole.kind === 'many' && whole.products.length >= 2) return [whole.products[0]!, whole.products[1]!, -1];
  return undefined;
}

const THAT_ONE = /^(?:آن|ان|این|اون|همین|همون|اینو|اونو|اینم|اونم)$/;

/** Two products side by side: each one's details, then what tells them apart in price. */
function compare(ctx: TurnContext, a: Product, b: Product): void {
  ctx.state.lastProductId = a.id;
  setSlots(ctx, { previousProductId: b.id, ask: 'info' });
  const pa = effectivePrice(a);
  const pb = effectivePrice(b);
  // What both have («رنگ‌ها: سفید، مشکی») is said once, after what tells them apart.
  const [la, lb] = [detailLines(ctx, a), detailLines(ctx, b)];
  const shared = la.slice(1).filter((line) => lb.includes(line));
  const own = (lines: string[]) => lines.filter((line) => !shared.includes(line)).join('\n');
  const both = shared.map((line) => textsOf(ctx).bothHave(line));
  if (pa !== pb) {
    const [dearer, cheaper] = pa > pb ? [a, b] : [b, a];
    both.push(textsOf(ctx).priceDifference(dearer.name, cheaper.name, Math.abs(pa - pb)));
  }
  // «کدوم برای پوست چرب بهتره؟»: the one whose description is written for that skin.
  const need = skinNeedOf(ctx.normalized?.key ?? '');
  const fits = need?.types.length ? [a, b].filter((p) => need.types.some((t) => t.written.test(toKey(writtenSkinOf(p) ?? '')))) : [];
  if (fits.length === 1) both.push(textsOf(ctx).fitsSkinBetter(fits[0]!.name, need!.types.map((t) => t.name)));
  const lines = [own(la), own(lb), ...(both.length ? [both.join('\n')] : [])];
  ctx.send(message(lines.join('\n\n'), { attachments: [productCard(ctx, a), productCard(ctx, b)] }));
}

// «… دارین؟»، «قیمت … چند؟»: the message asks for something to buy.
const ANOTHER_THING = /^\s*\S+(?:\s\S+)?\s+(?:چی|چطور|چطوره)\s*[?؟!.]*\s*$/;
/** Whether the bot's last answer was that the shop does not sell something. */
function saidNotCarriedLastTurn(ctx: TurnContext): boolean {
  const [before, after] = textsOf(ctx).notCarried('\u0000').split('\u0000') as [string, string];
  // (Anywhere in the reply: after a greeting, or beside another answer.)
  return (ctx.state.outbox.at(-1)?.replies ?? []).some((r) => !!r.text?.includes(before) && r.text.includes(after, r.text.indexOf(before)));
}
const ASKS_FOR_GOODS = /قیمت|چند|دارین|دارید|داری|داره|موجود|میخوام|میخواستم|میفروشین|میفروشید|هست/;

/** «گوشی آیفون ۱۳ چند؟» read as no intent at all: a thing the shop does not sell, said so; false otherwise. */
/**
 * «زیپیه سایز ال …» after two products were compared (or one named after another): a word that
 * names the earlier of the two is about it. True when answered.
 */
export function theEarlierNamed(ctx: TurnContext): boolean {
  const thread = ctx.state.lastProductId;
  const previous = ctx.state.slots?.previousProductId;
  const resolution = resolve(ctx);
  // (A kind named, «تیشرت …», asks about that kind; only a word of the earlier one's own name counts.)
  if (!thread || !previous || resolution.kind === 'many' || (resolution.kind === 'one' && resolution.product.id !== previous) || !isShortFollowUp(ctx)) return false;
  // The size and colour said are no words of a name («سفید» of «کتونی سفید نایک»).
  let key = ctx.normalized?.key ?? '';
  for (const e of ctx.understanding?.entities ?? []) if (e.type !== 'product' && e.start >= 0) key = `${key.slice(0, e.start)}${' '.repeat(e.end - e.start)}${key.slice(e.end)}`;
  key = key.replace(/[?؟!.]/g, ' ');
  const product = pickByWord(ctx, key, [thread, previous]) === previous ? ctx.services.commerce.catalog().product(previous) : undefined;
  if (!product) return false;
  const ask = PRODUCT_INTENT_ASKS[ctx.understanding?.intent ?? ''] ?? 'info';
  answer(ctx, product, asksForVariant(ctx) ? 'availability' : ask);
  return true;
}


/**
 * «کی میاد؟» right after a product (or its variant) was sold out: when it comes back, which the bot
 * does not know, and who may — not an order lookup. True when answered.
 */
export function restockOfThread(ctx: TurnContext): boolean {
  const key = ctx.normalized?.key ?? '';
  const product = ctx.state.lastProductId ? ctx.services.commerce.catalog().product(ctx.state.lastProductId) : undefined;
  if (!product || !RESTOCK.test(key) || key.split(/\s+/).filter(Boolean).length > RESTOCK_MAX_WORDS) return false;
  const { size, colour } = ctx.state.slots ?? {};
  const variant = size || colour ? { size, colour } : undefined;
  const left = product.variants.filter((v) => (!size || sameSize(v.size, size)) && (!colour || colourNames(v.colour, colour))).reduce((sum, v) => sum + v.stock, 0);
  if (left > 0) return false;
  answer(ctx, product, 'availability', variant);
  return true;
}

// «تخفیف خورده؟ الان چند شده»، «حراجه؟» of the product in the thread: its own sale, not the shop's codes.
const ITS_SALE = /(?:^|\s)(?:تخفیف ?(?:خورده|خورد|داره|دارد|داره|شده|هست|داشته)|حراج(?:ه|یه|ی|ه ?اس| شده)?(?=\s|$|[?؟!.]))|(?:^|\s)(?:الان|حالا) (?:چند|چقدر) (?:شده|میشه)/;
const SALE_MAX_WORDS = 6;

/**
 * Whether the customer asks if a product (the one named, else the thread's) is on sale; answers
 * with its price (the sale beside the old price), or that it has none and then the shop's codes.
 */
export function saleOfThread(ctx: TurnContext, named?: Product): boolean {
  const key = ctx.normalized?.key ?? '';
  const product = named ?? lastProduct(ctx);
  if (!product || !ITS_SALE.test(key) || key.split(/\s+/).filter(Boolean).length > SALE_MAX_WORDS) return false;
  if (product.salePrice !== undefined) {
    answer(ctx, product, 'price');
    return true;
  }
  moveThreadTo(ctx, product);
  ctx.send(message(textsOf(ctx).noSale(product.name, product.price), { attachments: [productCard(ctx, product)] }));
  answerFaqIntent(ctx, 'discount_code');
  return true;
}

export function sayNotCarriedIfAsked(ctx: TurnContext): boolean {
  const key = ctx.normalized?.key ?? '';
  // «لاک چی؟» right after «عطر را نداریم»: the same question, of another thing.
  const asks = ASKS_FOR_GOODS.test(key) || (ANOTHER_THING.test(key) && saidNotCarriedLastTurn(ctx));
  if (!asks || isMash(ctx) || resolve(ctx).kind === 'one') return false;
  const missing = notCarried(ctx);
  if (!missing) return false;
  sayNotCarried(ctx, missing, 'info');
  return true;
}

/** The words of a product's name and aliases, as matching keys. */
const nameWords = (product: Product): Set<string> => new Set([product.name, ...product.aliases].flatMap((n) => toKey(n).split(/\s+/)));

/** Each one's price, the second with the variant asked, and with `together` what the two cost together. */
function pricesOf(ctx: TurnContext, first: Product, second: Product, together: boolean, carried?: AskedVariant): void {
  // «دوتاش چند میشه» of two products is both of them, not two of each.
  const understanding = ctx.understanding;
  const entities = understanding?.entities.filter((e) => !(e.type === 'quantity' && BOTH_OF_THEM.test(e.text))) ?? [];
  // The size and colour said are the second's, named in this message («با تیشرت اورسایز مشکی XL»);
  // a count said before the second's name is the first's («دوتا بگیرم با ریمل اسنس»).
  const secondAt = entities.find((e) => e.type === 'product' && e.value === second.id)?.start ?? -1;
  const firstsCount = (e: (typeof entities)[number]) => e.type === 'quantity' && secondAt >= 0 && e.start >= 0 && e.start < secondAt;
  const counted = (list: typeof entities) => Math.max(1, ...list.filter((e) => e.type === 'quantity').map((e) => Number(e.value)));
  // («دوتا مشکی XXL با یه پولوشرت سرمه‌ای XL»: a size or colour said before the second's name is the first's.)
  const before = (e: (typeof entities)[number]) => secondAt >= 0 && e.start >= 0 && e.start < secondAt;
  const variantKind = (e: (typeof entities)[number]) => VARIANT_TYPES.has(e.type);
  const firstsVariant = entities.some((e) => variantKind(e) && before(e));
  const forFirst = entities.filter((e) => (variantKind(e) ? firstsVariant && before(e) : e.type !== 'quantity' || firstsCount(e)));
  const forSecond = entities.filter((e) => !firstsCount(e) && !(variantKind(e) && firstsVariant && before(e)));
  // The two summed are what the customer means to buy: both go to the basket, each in its variant.
  if (understanding) ctx.understanding = { ...understanding, entities: forFirst };
  answer(ctx, first, 'price');
  if (together) noteWanted(ctx, first, counted(forFirst), true);
  if (understanding) ctx.understanding = { ...understanding, entities: forSecond };
  answer(ctx, second, 'price', carried);
  if (together) noteWanted(ctx, second, counted(forSecond), true);
  ctx.understanding = understanding;
  if (!together) return;
  const items = [{ product: first, count: counted(forFirst) }, { product: second, count: counted(forSecond) }];
  const sum = items.reduce((total, i) => total + i.count * effectivePrice(i.product), 0);
  ctx.send(message(textsOf(ctx).together(sum)));
  ctx.sum = sum;
  const withCode = withCodeLine(ctx, items);
  if (withCode) ctx.send(message(withCode));
  // «جمعش چقدر؟ تا تبریز ارسالش رایگانه؟»: and what sending the two costs.
  const key = cueKey(ctx);
  if (asksShipping(key)) ctx.send(message(shippingOf(ctx, key, sum).join('\n')));
}
const BOTH_OF_THEM = /^(?:دو|2)\s?\S+(?:ش|شو|شون|شونو)$/;

/**
 * «ایرفوث نایکی …»: beside the typo, a word of the product's own that names almost nothing else
 * («نایکی») says the typo meant it.
 */
function alsoNamedExactly(ctx: TurnContext, product: Product): boolean {
  const { matcher } = ctx.services.commerce.catalog();
  const own = nameWords(product);
  const said = (ctx.understanding?.productKey ?? ctx.normalized?.key ?? '').split(/[\s?!.،,]+/);
  return said.some((w) => w.length >= 4 && own.has(w) && matcher.productsOf(w).length <= 2);
}

/**
 * «این کرم سراوی اصله؟» answered by a topic: the one product it names becomes the thread's, so
 * «قیمتش چنده؟» next is about it.
 */
export function rememberNamedProduct(ctx: TurnContext): void {
  const resolution = resolve(ctx);
  if (resolution.kind !== 'one' || ctx.state.lastProductId === resolution.product.id) return;
  // Only a name or alias said whole: a typo-close word («بوتیک» ~ «بوتین») beside a topic is no product.
  const id = resolution.product.id;
  const whole = (ctx.understanding?.productMatches ?? []).some((m) => m.productId === id && m.complete);
  if (!whole && !alsoNamedExactly(ctx, resolution.product)) return;
  moveThreadTo(ctx, resolution.product);
}

/** The shop's own FAQ answer when the classifier put one close behind its reading; false when none. */
function answerShopOwn(ctx: TurnContext): boolean {
  const shopOwn = ctx.understanding?.alternatives.find((a) => a.intent.startsWith(SHOP_FAQ_PREFIX) && a.confidence >= SHOP_FAQ_RUNNER_UP);
  return shopOwn !== undefined && answerFaqIntent(ctx, shopOwn.intent);
}

/** A follow-up («قرمزشم هست؟»، «بزرگ‌ترش؟») about the product last talked about; false without one. */
export function followUpOnProduct(ctx: TurnContext): boolean {
  const last = lastProduct(ctx);
  // «کتونی جردن چی؟» names something else; «قرمز کلاسیکش چی» only words around a colour.
  if (!last || resolve(ctx).kind !== 'none' || notCarried(ctx)?.named) return false;
  // «تاریخ انقضاش چطوره؟» of the lipstick just shown: the shop wrote that answer, the product has none.
  if (answerShopOwn(ctx) || answerShopEntryByWords(ctx)) return true;
  // «برا جای نیمه رسمی خوبه؟ قیمتش چند» of the polo: what its description says, and the price.
  if (answerDetail(ctx, { kind: 'none' }, last)) return true;
  answer(ctx, last, followUpAsk(ctx));
  return true;
}

/**
 * «رولر» alone after the lipstick: a shade or colour the thread's product calls by that word of its
 * own («۸۰ رولر»), asked about as the last question was. False when no such word.
 */
export function ownColourOfThread(ctx: TurnContext): boolean {
  const last = lastProduct(ctx);
  if (!last || resolve(ctx).kind !== 'none') return false;
  const colour = colourNamedOf(last, ctx.normalized?.key ?? '');
  if (!colour) return false;
  const read = ctx.understanding?.classified ?? ctx.normalized?.key ?? '';
  answer(ctx, last, PRICE_WORDS.test(read) ? 'price' : 'availability', { colour });
  return true;
}

/** «کرپ» after the crepe manto was discussed: a weak match on the product in the thread is that product. */
export function weakMatchOnLast(ctx: TurnContext): boolean {
  const last = lastProduct(ctx);
  if (!last) return false;
  const resolution = resolve(ctx);
  if (resolution.kind !== 'weak' || !resolution.products.some((p) => p.id === last.id)) return false;
  answer(ctx, last, 'info');
  return true;
}

// «اون یکی چی؟»، «اون یکی رنگش؟»، «یکی دیگه»: the other of what was offered.
const OTHER_ONE = /(?:^|\s)(?:اون یکی|اونیکی|اون یکیش|اون یکیه|اون یکیو|یکی دیگه|اون دیگه|اون دیگری)(?:\S*)(?=\s|\?|$)/;

/**
 * «اون یکی چی؟» after the customer picked one of the products offered: the other one (a choice
 * again when several are left); after the nearest variants of a sold-out one were offered, the
 * first of them in another colour («اون یکی رنگش چی؟») or size, else the nearest. False otherwise.
 */
export function theOtherOne(ctx: TurnContext): boolean {
  const key = ctx.normalized?.key ?? '';
  if (!OTHER_ONE.test(key) || resolve(ctx).kind !== 'none') return false;
  const catalog = ctx.services.commerce.catalog();
  const last = ctx.state.lastProductId;
  const offered = ctx.state.slots?.offeredIds ?? [];
  const ask = ctx.state.slots?.ask ?? 'info';
  if (last && offered.length >= 2 && offered.includes(last)) {
    const others = offered.filter((id) => id !== last).map((id) => catalog.product(id)).filter((p): p is Product => !!p);
    if (others.length === 1) {
      answer(ctx, others[0]!, ask);
      return true;
    }
    if (others.length > 1) {
      askAboutProductAmong(ctx, others, ask);
      return true;
    }
  }
  const product = last ? catalog.product(last) : undefined;
  const { size, colour } = ctx.state.slots ?? {};
  if (!product || (!size && !colour)) return false;
  const inStock = product.variants.filter((v) => v.stock > 0);
  const otherColour = inStock.find((v) => (!size || sameSize(v.size, size)) && colour && !colourNames(v.colour, colour));
  const otherSize = inStock.find((v) => (!colour || colourNames(v.colour, colour)) && size && !sameSize(v.size, size));
  const pick = /رنگ/.test(key) ? otherColour : /سایز/.test(key) ? otherSize : nearest(product, { size, colour })[0];
  if (!pick) return false;
  answer(ctx, product, 'availability', { size: pick.size, colour: pick.colour });
  return true;
}

const WARRANTY = /گارانتی|ضمانت|وارانتی|garanti/;

/**
 * «گارانتی هم داره؟» of the product in the thread: what its description says of a warranty, or
 * that it says nothing (and a person who knows). False when no product is in the thread or named.
 */
export function answerWarranty(ctx: TurnContext): boolean {
  const key = cueKey(ctx);
  if (!WARRANTY.test(key)) return false;
  const resolution = resolve(ctx);
  const product = resolution.kind === 'one' ? resolution.product : resolution.kind === 'none' ? lastProduct(ctx) : undefined;
  if (!product) return false;
  const said = sentences(product.description ?? '').filter((s) => WARRANTY.test(toKey(s)));
  if (said.length) {
    ctx.send(message(`«${product.name}»: ${said.join(' ')}`, { attachments: [productCard(ctx, product)] }));
  } else {
    ctx.send(message(textsOf(ctx).warrantyUnknown(product.name), { quickReplies: [{ title: textsOf(ctx).talkToHuman, value: { do: 'handoff' } }] }));
  }
  ctx.state.lastProductId = product.id;
  return true;
}

/** «همون قبلیه رو میگم»: the product before the last one, asked the way the customer last asked. */
export function referBack(ctx: TurnContext): boolean {
  if (!pointsToEarlier(ctx.normalized?.key ?? '') || resolve(ctx).kind !== 'none') return false;
  // «مام جین ۳۸ مشکی» → «نه ۴۲ آبی» → «نه همون قبلی»: the variant before, of the same product.
  const last = lastProduct(ctx);
  const before = ctx.state.slots?.previousVariant;
  if (last && before && !askedVariant(ctx)) {
    answer(ctx, last, 'availability', before);
    return true;
  }
  const id = ctx.state.slots?.previousProductId;
  const product = id ? ctx.services.commerce.catalog().product(id) : undefined;
  if (!product) return false;
  // «نه همون قبلیه رو میگم، زرشکی ۴۲ داره؟»: a variant named with it is what is asked of it.
  const variant = askedVariant(ctx);
  answer(ctx, product, variant ? 'availability' : (ctx.state.slots?.ask ?? 'info'), variant);
  return true;
}

/** The size, colour and shade a message names, to keep while the customer picks the product. */
function askedVariant(ctx: TurnContext): AskedVariant | undefined {
  const entities = ctx.understanding?.entities ?? [];
  const value = (type: 'size' | 'colour' | 'shade') => entities.find((e) => e.type === type)?.value;
  const variant = { size: value('size'), colour: value('colour'), shade: value('shade') };
  return variant.size || variant.colour || variant.shade ? variant : undefined;
}

/** The customer picked one of the offered products (a quick reply or its name), maybe after naming a variant. */
export function chooseProduct(ctx: TurnContext, id: string, ask: ProductAsk, variant?: AskedVariant): void {
  const product = ctx.services.commerce.catalog().product(id);
  if (product) answer(ctx, product, variant ? 'availability' : ask, variant);
  else ctx.send(message(textsOf(ctx).productNotFound(false)));
}

const ORDINALS: ReadonlyArray<RegExp> = [/(^|\s)(اولی|اول|1|یکی)(\s|$)/, /(^|\s)(دومی|دوم|2)(\s|$)/, /(^|\s)(سومی|سوم|3)(\s|$)/];
const CHEAPER = /ارزون ?تر|ارزان ?تر|ارزونترین|ارزانترین|قیمت ?پایین ?تر/;
const DEARER = /گرون ?تر|گران ?تر|گرونترین|گرانترین/;
const LEADS_WITH_PRICE = new RegExp(`^(?:${CHEAPER.source}|${DEARER.source})`);
// «دومی»، «اولی رو میخوام»: a pick is a few words; a longer message is a new question.
const PICK_MAX_WORDS = 3;

/** Continues "which one?": true when the message answered it. */
export function continueChoose(ctx: TurnContext, frame: Extract<DialogFrame, { id: 'product.choose' }>): boolean {
  setSlots(ctx, { offeredIds: frame.candidates });
  const key = (ctx.normalized?.key ?? '').replace(/[?؟!.]/g, ' ').trim();
  const short = key.split(/\s+/).filter(Boolean).length <= PICK_MAX_WORDS;
  // «کتانه» among the mantos: a word of one offered name, even if it is one typo from another product.
  const byWord = short ? pickByWord(ctx, key, frame.candidates) : undefined;
  // «قیمت کتونی ایرفورس ۱؟» names another product: a new question, whatever digit it holds.
  const elsewhere = resolve(ctx);
  const namedInFull = (ctx.understanding?.productMatches ?? []).some((m) => m.complete && !frame.candidates.includes(m.productId));
  if (elsewhere.kind === 'one' && !frame.candidates.includes(elsewhere.product.id) && (namedInFull || !byWord)) return false;
  // «کوله لپ تاپ ۱۵ اینچی جا میشه؟ ضد آبه؟» names one offered and asks more of it: the question, answered.
  if (elsewhere.kind === 'one' && frame.candidates.includes(elsewhere.product.id) && !short && (ctx.understanding?.productMatches ?? []).some((m) => m.complete && m.productId === elsewhere.product.id)) return false;
  if (byWord) {
    chooseProduct(ctx, byWord, frame.ask, frame.variant);
    return true;
  }
  const byOrdinal = short ? ORDINALS.findIndex((pattern) => pattern.test(key)) : -1;
  const picked = byOrdinal >= 0 ? frame.candidates[byOrdinal] : undefined;
  if (picked) {
    chooseProduct(ctx, picked, frame.ask, frame.variant);
    return true;
  }
  // «ارزون‌ترش؟»، «گرون‌تره چی؟»: the cheapest or dearest of the offered few, not a haggle.
  // («ارزونتره رنگ آجری داره؟» leads with it and asks a variant of it.)
  const byPrice = short || LEADS_WITH_PRICE.test(key) ? (CHEAPER.test(key) ? 1 : DEARER.test(key) ? -1 : 0) : 0;
  if (byPrice) {
    const offered = frame.candidates.map((id) => ctx.services.commerce.catalog().product(id)).filter((p): p is Product => !!p);
    const [first] = offered.sort((a, b) => byPrice * (effectivePrice(a) - effectivePrice(b)));
    if (first) {
      chooseProduct(ctx, first.id, 'price', askedVariant(ctx) ?? frame.variant);
      return true;
    }
  }
  // «رنگ روشنش هست؟» among a serum, a sunscreen and a foundation: only the sunscreen is made in a
  // colour of that word («بژ روشن»).
  if (short || isShortFollowUp(ctx) || key.split(/\s+/).length <= COLOUR_PICK_MAX_WORDS) {
    const coloured = frame.candidates
      .map((id) => ctx.services.commerce.catalog().product(id))
      .filter((p): p is Product => !!p)
      .map((p) => ({ p, colour: colourNamedOf(p, key) }))
      .filter((c) => c.colour);
    if (coloured.length === 1) {
      chooseProduct(ctx, coloured[0]!.p.id, 'availability', { ...frame.variant, colour: coloured[0]!.colour });
      return true;
    }
  }
  const resolution = resolve(ctx, frame.candidates);
  // Among the offered few, one word that only one of them has («کرپ») is enough.
  const only = resolution.kind === 'one' ? resolution.product : resolution.kind === 'weak' && resolution.products.length === 1 ? resolution.products[0] : undefined;
  if (only) {
    chooseProduct(ctx, only.id, frame.ask, frame.variant);
    return true;
  }
  // «صورتیش هست؟» before picking: still which one, now of that colour.
  const variant = askedVariant(ctx);
  if (variant && elsewhere.kind === 'none' && isShortFollowUp(ctx)) {
    const candidates = frame.candidates.map((id) => ctx.services.commerce.catalog().product(id)).filter((p): p is Product => !!p);
    // «صورتی ۳۶ داره؟» after three sneakers: only one of them is made in pink, so it is the one meant.
    const made = candidates.filter((p) => madeIn(p, variant));
    const asked = { ...frame.variant, ...stripUndefined(variant) };
    if (made.length === 1) {
      chooseProduct(ctx, made[0]!.id, frame.ask, asked);
      return true;
    }
    // «مشکیش ایکس ال هست؟» after two hoodies: the answer for each of them, then still which one.
    const each = made.length > 1 ? made.map((p) => availability(ctx, p, asked).text) : [];
    ctx.state.dialogStack.push({ ...frame, variant: asked });
    ctx.send(message([...each, textsOf(ctx).chooseProduct].join('\n'), { quickReplies: choices(candidates, frame.ask) }));
    return true;
  }
  // «قیمتش چنده؟» before picking: the prices of the offered few, and still which one.
  const asks = PRODUCT_INTENT_ASKS[ctx.understanding?.intent ?? ''];
  if (asks && elsewhere.kind === 'none' && isShortFollowUp(ctx)) {
    const candidates = frame.candidates.map((id) => ctx.services.commerce.catalog().product(id)).filter((p): p is Product => !!p);
    const prices = asks === 'price' ? candidates.map((p) => textsOf(ctx).price(p.name, p.price, p.salePrice)) : [];
    ctx.state.dialogStack.push({ ...frame, ask: asks });
    ctx.send(message([...prices, textsOf(ctx).chooseProduct].join('\n'), { quickReplies: choices(candidates, asks) }));
    return true;
  }
  return false;
}

const PRODUCT_INTENT_ASKS: Readonly<Record<string, ProductAsk>> = { product_price: 'price', product_availability: 'availability', product_info: 'info' };
// «شماره ۱۱۵ آیوری میخوام، نبود نزدیکترینش چیه؟»: a colour word picks among the offered in a longer message too.
const COLOUR_PICK_MAX_WORDS = 8;
const DETAIL_FOLLOW_UP_MAX_WORDS = 3;
const WHOLE_SENTENCE_WORDS = 10;
const DETAIL_QUESTION_MAX_WORDS = 8;
const ASKING_VERBS = new Set(['داره', 'دارین', 'دارید', 'داری', 'نداره', 'ندارین', 'هست', 'هستش', 'نیست', 'موجوده', 'چیه', 'چنده']);
// Clitics on a picked word: «کتانه»، «کرپی»، «نخیش»، «زیپدارو».
const PICK_CLITIC = /(?:شم|شو|رو|یه|ه|ی|ش|و)$/;

/** The one offered product whose name or alias holds a word of the message, if exactly one does. */
function pickByWord(ctx: TurnContext, key: string, candidates: readonly string[]): string | undefined {
  const catalog = ctx.services.commerce.catalog();
  const wordsOf = (id: string) => {
    const p = catalog.product(id);
    return p ? nameWords(p) : new Set<string>();
  };
  const named = candidates.map((id) => ({ id, words: wordsOf(id) }));
  // («زیپیه» is «زیپی» + «ه», and «یه» is a clitic too: both readings.)
  // (A verb asks, it names no one: «داره» is no «… دار».)
  const asked = key
    .split(/\s+/)
    .filter((w) => !ASKING_VERBS.has(w))
    .flatMap((w) => [w, w.replace(PICK_CLITIC, ''), w.replace(/ه$/, '')])
    .filter((w) => w.length >= 3);
  // A word every offered product has («مانتو») tells none of them apart.
  const telling = (w: string) => named.filter((n) => n.words.has(w)).length === 1;
  const hits = new Set(named.filter((n) => asked.some((w) => n.words.has(w) && telling(w))).map((n) => n.id));
  return hits.size === 1 ? [...hits][0] : undefined;
}

const stripUndefined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Continues "which product?": true when the message named one. */
export function continueWhich(ctx: TurnContext, frame: Extract<DialogFrame, { id: 'product.which' }>): boolean {
  const resolution = resolve(ctx);
  if (resolution.kind === 'none') return false;
  askAboutProduct(ctx, frame.ask, frame.variant);
  return true;
}

const sizeLabel = (size: string) => (size.toUpperCase() === 'FREE' ? 'فری‌سایز' : persianDigits(size));
function describeVariant(size?: string, colour?: string): string {
  const sizePart = size && (size.toUpperCase() === 'FREE' ? sizeLabel(size) : `سایز ${sizeLabel(size)}`);
  const parts = [sizePart, colour && `رنگ ${persianDigits(colour)}`].filter(Boolean);
  return parts.join(' ');
}

const sameColour = (a?: string, b?: string) => a !== undefined && b !== undefined && toKey(a) === toKey(b);
const sameSize = (a?: string, b?: string) => a !== undefined && b !== undefined && toKey(a).toUpperCase() === toKey(b).toUpperCase();
// A cosmetic's colours carry a shade number: «۱۲۰ کلاسیک آیوری».
const NUMBER_WORD =
  '(?:یک|یه|دو|سه|چهار|پنج|شش|ش|شیش|هفت|هشت|نه|ده|یازده|دوازده|سیزده|چهارده|پانزده|پونزده|شانزده|شونزده|هفده|هیفده|هجده|هیجده|نوزده|بیست|سی|چهل|پنجاه|شصت|هفتاد|هشتاد|نود|صد|یکصد|دویست|سیصد|چهارصد|پانصد|پونصد)';
const SPOKEN_NUMBER = new RegExp(`(?<!\\p{L})${NUMBER_WORD}(?:\\s?و\\s?${NUMBER_WORD})*(?!\\p{L})`, 'gu');
// Spoken forms and the key's folds («شش» → «ش») as persian-tools reads them.
const NUMBER_FORMS: Readonly<Record<string, string>> = { یه: 'یک', ش: 'شش', شیش: 'شش', پونزده: 'پانزده', شونزده: 'شانزده', هیفده: 'هفده', هیجده: 'هجده', پونصد: 'پانصد' };

/** «کرم پودر فیت می صد و بیست چنده»: a shade of the product said in words is asked as a shade. */
function withSpokenShade(ctx: TurnContext, product: Product): void {
  const u = ctx.understanding;
  if (!u || u.entities.some((e) => e.type === 'shade') || !product.variants.some((v) => shadeOf(v.colour))) return;
  const shade = spokenShades(ctx.normalized?.key ?? '').find((n) => product.variants.some((v) => shadeOf(v.colour) === n));
  if (shade) ctx.understanding = { ...u, entities: [...u.entities, { type: 'shade', value: shade, text: shade, start: -1, end: -1, score: 1 }] };
}

/** The numbers of 10–999 said in words in a key («صد و پونزده» → "115"), as digit strings. */
function spokenShades(key: string): string[] {
  if (!/صد|ده|بیست|سی|چهل|پنجاه|شصت|هفتاد|هشتاد|نود|دویست|سیصد/.test(key)) return [];
  return [...key.matchAll(SPOKEN_NUMBER)]
    .map((m) => wordsToNumber(m[0].split(/\s+/).map((w) => NUMBER_FORMS[w] ?? w).join(' ')))
    .filter((n): n is number => typeof n === 'number' && n >= 10 && n <= 999)
    .map(String);
}

const shadeOf = (colour?: string) => (colour ? /^\d+/.exec(toKey(colour))?.[0] : undefined);
// «قرمز» names «۱۲۴ قرمز کلاسیک» too.
const colourNames = (variant: string | undefined, asked: string) =>
  variant !== undefined && (sameColour(variant, asked) || ` ${toKey(variant)} `.includes(` ${toKey(asked)} `));

/** "S (مشکی، کرم)، M (مشکی)" for the variants in stock. */
function inStockList(variants: readonly Variant[]): string {
  const available = variants.filter((v) => v.stock > 0);
  const bySize = new Map<string, string[]>();
  for (const v of available) {
    const size = v.size ?? '';
    const colours = bySize.get(size) ?? [];
    if (v.colour && !colours.includes(v.colour)) colours.push(v.colour);
    bySize.set(size, colours);
  }
  return [...bySize]
    .map(([size, colours]) => {
      if (!size) return colours.map(persianDigits).join('، ');
      return colours.length ? `${sizeLabel(size)} (${colours.map(persianDigits).join('، ')})` : sizeLabel(size);
    })
    .join('، ');
}

/** The variant a message asks about, completed from the conversation for a follow-up. */
interface Wanted {
  size?: string;
  colour?: string;
  /** A colour the product does not have, answered with `colour` from its family. */
  askedColour?: string;
  shade?: string;
  /** «بزرگ‌ترش؟» after the biggest size: the size asked past, and which way. */
  beyond?: { from: string; bigger: boolean };
}

// «تو هیچ سایزی نیست؟»، «سایزای دیگش چی؟»: every size (or colour), not the one said before.
const ANY_SIZE = /هیچ ?(?:سایز|سایزی|اندازه)|(?:سایز|سایزا|سایزهای|سایزای|اندازه)\S* (?:دیگه|دیگش|دیگر|دیگرش)|(?:بقیه|همه) ?(?:ی )?(?:سایز|سایزا|سایزها)|تو هر سایزی/;
const ANY_COLOUR = /هیچ ?(?:رنگ|رنگی)|(?:رنگ|رنگا|رنگهای|رنگای)\S* (?:دیگه|دیگش|دیگر|دیگرش)|(?:بقیه|همه) ?(?:ی )?(?:رنگ|رنگا|رنگها)/;

function wantedVariant(ctx: TurnContext, product: Product, carried?: AskedVariant): Wanted | undefined {
  const entities = [...(ctx.understanding?.entities ?? [])];
  // What was asked before the product was picked counts as asked now.
  for (const type of ['size', 'colour', 'shade'] as const) {
    const value = carried?.[type];
    const said = entities.findIndex((e) => e.type === type);
    if (value && said < 0) entities.push({ type, value, text: value, start: -1, end: -1, score: 1 });
    // «بژ طبیعی» carried where the message's words read only «بژ»: the product's own, narrower name.
    else if (value && type === 'colour' && value !== entities[said]!.value && toKey(value).includes(toKey(entities[said]!.value))) {
      entities[said] = { ...entities[said]!, value };
    }
  }
  const sizes = product.variants.map((v) => v.size).filter((s): s is string => !!s);
  const hasShades = product.variants.some((v) => shadeOf(v.colour));
  const key = ctx.normalized?.key ?? '';
  const sameProduct = ctx.state.lastProductId === product.id;
  const remembered = sameProduct ? ctx.state.slots : undefined;

  const sizeEntities = entities.filter((e) => e.type === 'size').sort((a, b) => b.score - a.score);
  // (A number read as a shade is a size of a product with no shades: «۴۳ سفید» of a sneaker.)
  let shade = hasShades ? entities.find((e) => e.type === 'shade')?.value : undefined;
  if (hasShades && !shade) shade = sizeEntities.map((e) => e.value).find((v) => /^\d+$/.test(v));
  if (hasShades && !shade) shade = /(?<!\d)\d{2,3}(?!\d)/.exec(key)?.[0];
  // «رنگ هشتاد رولر»، «صد و پونزده آیوری»: a shade number said in words, if the product has it.
  if (hasShades && !shade) shade = spokenShades(key).find((n) => product.variants.some((v) => shadeOf(v.colour) === n));
  let size = sizes.length ? sizeEntities.find((e) => sizes.some((s) => sameSize(s, e.value)))?.value ?? sizeEntities[0]?.value : undefined;
  if (hasShades && size && shade === size) size = undefined;
  const step = sizeStep(key);
  let beyond: Wanted['beyond'];
  if (!size && step && remembered?.size) {
    size = stepSize(sizes, remembered.size, step);
    if (!size) beyond = { from: remembered.size, bigger: step > 0 };
  }

  const colourEntity = entities.find((e) => e.type === 'colour');
  let colour = colourEntity?.value;
  let askedColour: string | undefined;
  if (colour && !product.variants.some((v) => colourNames(v.colour, colour!))) {
    const family = colourEntity?.family;
    // «آجری» (the lexicon's «قرمز آجری») of a lipstick whose shade is «۱۱۸ آجری»: the shop's own name.
    const written = colourEntity && colourEntity.start >= 0 ? product.variants.find((v) => colourNames(v.colour, colourEntity.text))?.colour : undefined;
    if (written) colour = written;
    else if (family && product.variants.some((v) => colourNames(v.colour, family))) {
      askedColour = colour;
      colour = family;
    }
  }
  if (beyond) return { colour: colour ?? remembered?.colour, beyond };
  if (!size && !colour && !shade) {
    // «دوتا ازش میخوام هست؟» right after L pink was answered: that many of that variant.
    const many = entities.some((e) => e.type === 'quantity' && Number(e.value) > 1);
    if (!many || !remembered || !(remembered.size || remembered.colour || remembered.shade)) return undefined;
    return { size: remembered.size, colour: remembered.colour, shade: remembered.shade };
  }
  // A follow-up changes what it names and keeps the rest: «کرمشم هست؟» after «سایز ال مشکی».
  if (remembered && !shade) {
    // (Not a size the product is not made in: «قهوه ایش چی» after «سایز ۴۰» of a manto in M–XL;
    // nor the size said before when the customer asks of every size: «بژ تو هیچ سایزی نیست؟».)
    if (!size && remembered.size && sizes.some((s) => sameSize(s, remembered.size)) && !ANY_SIZE.test(key)) size = remembered.size;
    if (!colour && remembered.colour && !ANY_COLOUR.test(key)) colour = remembered.colour;
  }
  return { size, colour, askedColour, shade };
}

function matchesWanted(v: Variant, w: Wanted): boolean {
  if (w.shade) return shadeOf(v.colour) === w.shade;
  return (!w.size || sameSize(v.size, w.size)) && (!w.colour || colourNames(v.colour, w.colour));
}

/** In-stock variants closest to the one asked for: same colour nearer sizes, then same size. */
function nearest(product: Product, w: Wanted): Variant[] {
  // Each size normalized once: a shoe in eight sizes and four colours compares 32 variants.
  const sizeKey = (s?: string) => (s === undefined ? undefined : toKey(s).toUpperCase());
  const keys = product.variants.map((v) => sizeKey(v.size ?? ''));
  const wanted = keys.indexOf(sizeKey(w.size));
  const distance = (v: Variant, i: number) => {
    const sizeGap = w.size ? Math.abs((v.size === undefined ? -1 : keys.indexOf(keys[i])) - wanted) : 0;
    const colourGap = w.colour && !colourNames(v.colour, w.colour) ? 1.5 : 0;
    return sizeGap + colourGap;
  };
  return product.variants
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => v.stock > 0 && !matchesWanted(v, w))
    .map(({ v, i }) => ({ v, d: distance(v, i), i }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, MAX_NEAREST)
    .map(({ v }) => v);
}

/** "(فقط ۲ عدد باقی مانده)" or "(۸ عدد)", as the shop's stock_display asks; "" otherwise. */
function stockNote(ctx: TurnContext, count: number): string {
  const { stock_display, low_stock_threshold } = ctx.services.commerce.shop();
  if (stock_display === 'exact') return ` (${textsOf(ctx).countLeft(count)})`;
  if (stock_display === 'low' && count <= low_stock_threshold) return ` (${textsOf(ctx).onlyLeft(count)})`;
  return '';
}

interface VariantAnswer {
  text: string;
  /** The asked variant and whether it is in stock, for the card beside the answer. */
  variant?: { label: string; count: number };
}

function availability(ctx: TurnContext, product: Product, carried?: AskedVariant): VariantAnswer {
  const total = totalStock(product);
  // «کلاه بافت فری سایزه؟» of a product made in one size: yes, and in what it is there.
  const askedFree = (ctx.understanding?.entities ?? []).some((e) => e.type === 'size' && e.value === 'FREE');
  if (askedFree && product.variants.every((v) => !v.size || sameSize(v.size, 'FREE'))) {
    const list = total > 0 && product.variants.some((v) => v.colour) ? `\n${textsOf(ctx).availableVariants(inStockList(product.variants))}` : '';
    return { text: `${textsOf(ctx).freeSize(product.name)}${total === 0 ? `\n${textsOf(ctx).outOfStock(product.name)}` : list}` };
  }
  const wanted = wantedVariant(ctx, product, carried);
  if (wanted?.beyond) {
    const list = total > 0 ? `\n${textsOf(ctx).availableVariants(inStockList(product.variants))}` : '';
    return { text: `${textsOf(ctx).sizeBeyond(product.name, sizeLabel(wanted.beyond.from), wanted.beyond.bigger)}${list}` };
  }
  if (!wanted) {
    if (total === 0) return { text: textsOf(ctx).outOfStock(product.name) };
    const list = product.variants.some((v) => v.size || v.colour) ? `\n${textsOf(ctx).availableVariants(inStockList(product.variants))}` : '';
    return { text: `${textsOf(ctx).inStock(product.name)}${list}` };
  }
  // The colour the product has: «بزرگ‌ترش؟» after «سرمه‌ای تیره» asks for the next size in سرمه‌ای.
  // «نه همون قبلی» later goes back to the variant asked before this one, of the same product.
  const before = ctx.state.slots ?? {};
  // (Only a variant named anew: after «بزرگ‌ترش؟», «همون قبلیه» is the product before, as customers mean it.)
  const named = (ctx.understanding?.entities ?? []).some((e) => (e.type === 'size' || e.type === 'colour' || e.type === 'shade') && e.start >= 0);
  const changed = named && (before.size || before.colour || before.shade) && (before.size !== wanted.size || before.colour !== wanted.colour || before.shade !== wanted.shade);
  const previousVariant = changed && ctx.state.lastProductId === product.id ? { size: before.size, colour: before.colour, shade: before.shade } : before.previousVariant;
  setSlots(ctx, { size: wanted.size, colour: wanted.colour, shade: wanted.shade, previousVariant });
  const matching = product.variants.filter((v) => matchesWanted(v, wanted));
  // «قرمز» asked, «۱۲۴ قرمز کلاسیک» meant: the answer names the colour the shop has.
  const matchedColours = [...new Set(matching.map((v) => v.colour).filter(Boolean))];
  const shadeColour = wanted.shade || (wanted.colour && matchedColours.length === 1) ? matchedColours[0] : undefined;
  const label = describeVariant(wanted.size, shadeColour ?? (wanted.shade ? `شماره ${wanted.shade}` : wanted.colour));
  const near = nearest(product, wanted);
  const nearText = near.length ? `\n${textsOf(ctx).variantNearest(near.map((v) => describeVariant(v.size, v.colour)).join('، '))}` : '';
  const prefix = wanted.askedColour && wanted.colour ? `${textsOf(ctx).colourNearest(wanted.askedColour, wanted.colour)}\n` : '';
  if (matching.length === 0) {
    const others = total > 0 ? `\n${textsOf(ctx).availableVariants(inStockList(product.variants))}` : '';
    return { text: `${textsOf(ctx).variantUnknown(product.name, label)}${others}`, variant: { label, count: 0 } };
  }
  const count = matching.reduce((sum, v) => sum + v.stock, 0);
  // (Of a product sold out in every variant, that too: else the next question is «other colours?».)
  const sized = product.variants.some((v) => v.size);
  const noneLeft = total === 0 && product.variants.length > 1 ? `\n${textsOf(ctx).noneLeftAtAll(sized, product.variants.some((v) => v.colour))}` : '';
  if (count === 0) return { text: `${prefix}${textsOf(ctx).variantSoldOut(product.name, label)}${nearText}${noneLeft}`, variant: { label, count } };
  // «۵ تا … موجوده؟» of a variant with 3 left: not a plain yes.
  const asked = Math.max(0, ...(ctx.understanding?.entities ?? []).filter((e) => e.type === 'quantity').map((e) => Number(e.value)));
  if (asked > count) {
    const { stock_display, low_stock_threshold } = ctx.services.commerce.shop();
    const shown = stock_display === 'exact' || (stock_display === 'low' && count <= low_stock_threshold);
    return { text: `${prefix}${textsOf(ctx).notEnough(product.name, label, asked, shown ? count : undefined)}`, variant: { label, count } };
  }
  // Several variants match (a size in every colour): say which of them are in stock.
  const colours = !wanted.colour && !wanted.shade && matching.length > 1 ? matching.filter((v) => v.stock > 0).map((v) => v.colour).filter(Boolean) : [];
  const which = colours.length ? ` (${colours.map((c) => persianDigits(c!)).join('، ')})` : '';
  return { text: `${prefix}${textsOf(ctx).variantAvailable(product.name, label, `${which}${stockNote(ctx, count)}`)}`, variant: { label, count } };
}

function details(ctx: TurnContext, product: Product): string {
  return detailLines(ctx, product).join('\n');
}

function detailLines(ctx: TurnContext, product: Product): string[] {
  const lines = [`«${product.name}»`];
  if (product.description) lines.push(product.description);
  const sizes = [...new Set(product.variants.map((v) => v.size).filter((s): s is string => !!s))];
  const colours = [...new Set(product.variants.map((v) => v.colour).filter((c): c is string => !!c))];
  if (sizes.length) lines.push(textsOf(ctx).sizes(sizes.map(sizeLabel).join('، ')));
  if (colours.length) lines.push(textsOf(ctx).colours(colours.map(persianDigits).join('، ')));
  const price = textsOf(ctx).price(product.name, product.price, product.salePrice);
  lines.push(totalStock(product) === 0 ? `${price} ${textsOf(ctx).outOfStockNote}` : price);
  return lines;
}

/**
 * The product's card. Its stock line follows the shop's stock_display, and for a question about
 * one variant it speaks of that variant, so it never contradicts the answer beside it.
 */
export function productCard(ctx: TurnContext, product: Product, variant?: { label: string; count: number }) {
  const count = variant?.count ?? totalStock(product);
  const stock = count > 0 ? `${textsOf(ctx).available}${stockNote(ctx, count)}` : textsOf(ctx).soldOut;
  return heroCard({
    title: product.name,
    subtitle: product.salePrice ? `${formatToman(product.salePrice)} (به‌جای ${formatToman(product.price)})` : formatToman(effectivePrice(product)),
    text: variant ? `${variant.label}: ${stock}` : stock,
    images: product.image ? [{ url: product.image, alt: product.name }] : [],
    buttons: product.url ? [{ type: 'openUrl', title: textsOf(ctx).viewOnSite, value: product.url }] : [],
  });
}

/** "سایز XXL داره؟" is about one variant, whichever intent it was read as. */
const asksForVariant = (ctx: TurnContext, carried?: AskedVariant) =>
  Boolean(carried) ||
  (ctx.understanding?.entities ?? []).some((e) => e.type === 'size' || e.type === 'colour' || e.type === 'shade') ||
  sizeStep(ctx.normalized?.key ?? '') !== 0;
const SIZE_ADVICE = /چه سایزی|چی بگیرم|(?:بگیرم|بردارم) یا (?:یه سایز )?(?:بزرگ|کوچیک|کوچک)|کدوم سایز|کدام سایز|سایزم چنده|سایزم چیه|قدم|وزنم|سایز مناسب|راهنمای سایز|کیلوام|کیلو هستم|\d+ ?کیلو|خوبه یا|بهم میخوره|اندازم میشه|اندازمه/;
// «… کم میکنید؟»، «… انجام میدید؟»: a verb asking the shop to do something, at the end.
const ASKS_SHOP_TO_DO = /(?:^|\s)(?:ن?می)?(?:کنید|کنین|کنی|دوزید|دوزین|دید|دین)\s*[?؟!.]*\s*$/;
const PRODUCT_QUESTION_WORDS = /قیمت|چند|موجود|دارین|دارید|داری|رنگ|سایز|جنس|مدل|عکس/;
const ORIGINAL_WORDS = /اصل|اورجینال|اوریجینال|original|فیک|تقلبی/;
const DISCOUNT_WORDS = /تخفیف|حراج|off(?:\s|$)/;
const PRICE_WORDS = /قیمت|چنده|چقدره|(?:چند|چقدر|چقد) ?(?:تومن|تومان|میشه|درمیاد|در میاد)|تومن|(?:^|\s)(?:چند|چقد|چقدر|چن|چنه)\s*\??\s*$/;
// «رنگاش چیه؟»، «rangash chie»: only the colours (or only the sizes) are asked, not the whole card.
const ONLY_COLOURS = /رنگ/;
const ONLY_SIZES = /سایز/;
const OTHER_ATTRIBUTES = /جنس|قیمت|چند|مشخصات|توضیح|سایز.*رنگ|رنگ.*سایز|ثابت|رنگ ?(?:میده|پس میده|میره|میدن)|نمیشه|میشه/;

/** The one attribute a short question asks for, answered alone: colours or sizes, with what is in stock. */
function oneAttribute(ctx: TurnContext, product: Product): string | undefined {
  const key = cueKey(ctx);
  if (!isShortFollowUp(ctx) || OTHER_ATTRIBUTES.test(key)) return undefined;
  const lines = detailLines(ctx, product);
  const colours = ONLY_COLOURS.test(key) ? textsOf(ctx).colours('') : undefined;
  const sizes = !colours && ONLY_SIZES.test(key) ? textsOf(ctx).sizes('') : undefined;
  const wanted = colours ?? sizes;
  const line = wanted ? lines.find((l) => l.startsWith(wanted)) : undefined;
  if (!line) return undefined;
  const stock = totalStock(product) === 0 ? textsOf(ctx).outOfStockNote : textsOf(ctx).availableVariants(inStockList(product.variants));
  return [`«${product.name}»`, line, stock].join('\n');
}

/** «کرم و سرمه‌ای دارین؟»: two colours asked, each one's availability (the card then speaks of the product). */
function eachColour(ctx: TurnContext, product: Product): VariantAnswer | undefined {
  const whole = ctx.understanding;
  if (!whole) return undefined;
  const colours = whole.entities.filter((e, k, all) => e.type === 'colour' && all.findIndex((o) => o.type === 'colour' && o.value === e.value) === k);
  if (colours.length < 2) return undefined;
  const parts = colours.map((colour) => {
    ctx.understanding = { ...whole, entities: whole.entities.filter((e) => e.type !== 'colour' || e === colour) };
    return availability(ctx, product).text;
  });
  ctx.understanding = whole;
  return { text: parts.join('\n') };
}

/**
 * «کرم سراوی …»: a colour word that is a word of the product's own name, in a product with no such
 * colour, names the product, not a colour.
 */
function withoutNameColours(ctx: TurnContext, product: Product): void {
  const u = ctx.understanding;
  if (!u) return;
  const words = nameWords(product);
  const own = (e: (typeof u.entities)[number]) =>
    e.type === 'colour' && words.has(toKey(e.text)) && !product.variants.some((v) => colourNames(v.colour, e.value));
  if (u.entities.some(own)) ctx.understanding = { ...u, entities: u.entities.filter((e) => !own(e)) };
}

/** The thread moves to another product: what was said of the last one's variants stays with it. */
function moveThreadTo(ctx: TurnContext, product: Product): void {
  if (ctx.state.lastProductId === product.id) return;
  setSlots(ctx, { size: undefined, colour: undefined, shade: undefined, previousVariant: undefined, previousProductId: ctx.state.lastProductId });
  ctx.state.lastProductId = product.id;
}

export function answer(ctx: TurnContext, product: Product, ask: ProductAsk, carried?: AskedVariant): void {
  withoutNameColours(ctx, product);
  withSpokenShade(ctx, product);
  moveThreadTo(ctx, product);
  setSlots(ctx, { ask });
  // (Size advice is for what comes in sizes: «… برای جوش خوبه یا …؟» of a serum is no size question.)
  const sized = product.variants.some((v) => v.size);
  let text: string;
  let variant: VariantAnswer['variant'];
  if (ask === 'price' && asksForVariant(ctx, carried)) {
    // «سایز ۴۴ ایرفورس سفید» read as a price question still asks for that variant.
    ({ text, variant } = availability(ctx, product, carried));
    if (PRICE_WORDS.test(ctx.understanding?.classified ?? ctx.normalized?.key ?? '')) text += `\n${textsOf(ctx).price(product.name, product.price, product.salePrice)}`;
  } else if (ask === 'price') {
    text = textsOf(ctx).price(product.name, product.price, product.salePrice);
    if (totalStock(product) === 0) text += ` ${textsOf(ctx).outOfStockNote}`;
  } else if ((ask === 'availability' || asksForVariant(ctx, carried)) && !(sized && SIZE_ADVICE.test(ctx.normalized?.key ?? '') && ctx.services.commerce.shop().faq.sizes)) {
    ({ text, variant } = eachColour(ctx, product) ?? availability(ctx, product, carried));
    // «قیمت و موجودی آن را اعلام فرمایید»: both asked, both said.
    if (PRICE_WORDS.test(ctx.understanding?.classified ?? ctx.normalized?.key ?? '')) text += `\n${textsOf(ctx).price(product.name, product.price, product.salePrice)}`;
  } else if (sized && SIZE_ADVICE.test(ctx.normalized?.key ?? '') && ctx.services.commerce.shop().faq.sizes) {
    // «قدم ۱۶۵ وزنم ۶۰، چه سایزی بگیرم؟»: its sizes and the shop's own size advice.
    const sizes = [...new Set(product.variants.map((v) => v.size).filter((x): x is string => !!x))];
    const inStock = sizes.length && totalStock(product) > 0 ? textsOf(ctx).availableVariants(inStockList(product.variants)) : '';
    const stock = totalStock(product) === 0 ? textsOf(ctx).outOfStockNote : inStock;
    text = [`«${product.name}»`, sizes.length ? textsOf(ctx).sizes(sizes.map(sizeLabel).join('، ')) : '', stock, ctx.services.commerce.shop().faq.sizes]
      .filter(Boolean)
      .join('\n');
  } else text = oneAttribute(ctx, product) ?? details(ctx, product);
  // «سه تا طوسی بخوام چند میشه؟»، «یکی طلایی یکی نقره‌ای بخرم چقد میشه؟»: that many, together.
  const count = countAsked(ctx);
  const priced = ask === 'price' || PRICE_WORDS.test(ctx.understanding?.classified ?? ctx.normalized?.key ?? '');
  if (count > 1 && priced) {
    text += `\n${textsOf(ctx).quantityTotal(count, count * effectivePrice(product))}`;
  }
  // «… با کد چقد میشه؟»: and with the shop's code.
  const withCode = priced ? withCodeLine(ctx, [{ product, count: Math.max(1, count) }]) : undefined;
  if (withCode) text += `\n${withCode}`;
  ctx.state.lastProductId = product.id;
  // «یاسی اس دوتا میخوام»: noted for «جمعش چند میشه؟» later (not a sold-out one).
  // («… میخواستم سایز ۴۰ مشکی دارید؟» sold out, then «آبیش چی؟»: the blue one is what is wanted.)
  const wantedBefore = ctx.state.slots?.wantedSoldOut === product.id;
  if (!(variant ? variant.count === 0 : totalStock(product) === 0)) {
    noteWanted(ctx, product, count, quantitySaid(ctx) || wantedBefore);
    if (wantedBefore) setSlots(ctx, { wantedSoldOut: undefined });
  } else if (saysWanted(cueKey(ctx))) setSlots(ctx, { wantedSoldOut: product.id });
  // «کی موجود میشه؟» of a sold-out product or variant: the bot does not know, and says who may.
  const soldOut = variant ? variant.count === 0 : totalStock(product) === 0;
  const restock = soldOut && RESTOCK.test(ctx.normalized?.key ?? '');
  if (restock) text += `\n${textsOf(ctx).restockUnknown}`;
  const quickReplies: QuickReply[] = restock ? [{ title: textsOf(ctx).talkToHuman, value: { do: 'handoff' } }] : [];
  ctx.send(message(text, { attachments: [productCard(ctx, product, variant)], ...(quickReplies.length ? { quickReplies } : {}) }));
  // «اگه یه شال گردن هم اضافه کنم چی؟» after a sum: the sum with it.
  if (!soldOut && ADDS_TO_SUM.test(ctx.normalized?.key ?? '')) answerTotal(ctx);
}

// «… هم اضافه کنم»، «… هم بذارم روش»: one more thing put to what was summed.
// («اگه یه کرم سراوی هم بذارم چی؟»: «هم» with «put in» adds it too.)
const ADDS_TO_SUM = /(?:^|\s)(?:اضافه (?:کنم|کنیم|بشه|کنین|کنید)|بذارم روش|بزارم روش|روش بذارم|روش بزارم|هم (?:بذارم|بزارم|بذاریم|بزاریم)(?= چی| چطور| چقد| چند))(?=\s|$|[?؟!.،,])/;
const RESTOCK_MAX_WORDS = 4;
// «قیمتاشون؟»، «هرکدوم چنده؟»: each one's price.
const THEIR_PRICE = /قیمت(?:ا|ها)?(?:شون|شونو|شونم)(?:\s|$|[?؟])|(?:^|\s)هر ?(?:کدوم|کدام|کدومش|کدومشون|کدامشان|دونه|دوتا|یک|یکی)(?:\s|ش\s)(?:\S+\s)?(?:چند|چنده|چقدر|چقده|قیمتش)/;
const ONE_OF = /(?<!\p{L})یکی(?!\p{L})/gu;
// «یکی طلایی یکی نقره‌ای»: one of each, two in all.
const ONE_AND_ONE = /(?:^|\s)یکی\s.+\sیکی(?:\s|$)/;

/** How many pieces a message asks the price of: a quantity said («سه تا»), or «یکی … یکی …»; 1 otherwise. */
function countAsked(ctx: TurnContext): number {
  const entities = ctx.understanding?.entities ?? [];
  // «یکی طلایی»: one, said as «one of it» (no quantity entity).
  const ones = (ctx.normalized?.key ?? '').match(ONE_OF)?.length ?? 0;
  const counts = [...entities.filter((e) => e.type === 'quantity').map((e) => Number(e.value)), ...Array<number>(ones).fill(1)];
  // «دوتا نقره‌ای یه دونه طلایی»: so many of each colour, all of them together.
  if (counts.length > 1 && entities.filter((e) => e.type === 'colour' || e.type === 'size' || e.type === 'shade').length >= counts.length) return counts.reduce((a, b) => a + b, 0);
  const said = Math.max(0, ...counts);
  if (said > 1) return said;
  return ONE_AND_ONE.test(ctx.normalized?.key ?? '') ? 2 : 1;
}
/** Whether the message says how many («دوتا»، «یکی … یکی …»). */
const quantitySaid = (ctx: TurnContext) => (ctx.understanding?.entities ?? []).some((e) => e.type === 'quantity') || ONE_AND_ONE.test(ctx.normalized?.key ?? '');
// (And in Finglish: «ba ham»، «jamesh», which the transliteration reads as «با هام»، «جمعش».)
const TOGETHER = /با هم|باهم|جمعا|جمعش|(?:^|\s)جمع(?=\s)|جمعشون|جمع کل|کل هزینه|هزینه ?ی? کل|روی هم|رو هم|مجموعا|مجموعش|دوتاش|جفتش|هر ?دو(?:ش|شو|شون|تا|تاش)?(?=\s|$|[?؟!.،,])|(?:^|\s)(?:ba ?ham|jaman|jamean|jamesh|kolesh|roo ?ham|ru ?ham)(?=\s|$|[?!.,])/;
const RESTOCK = /کی (?:موجود|میاد|میارین|میارید|شارژ)|دوباره (?:موجود|میارین|میارید|میاد)|بازم میار|موجود شد|خبرم کن|خبر بدین|خبر بدید|خبرم میکن|شارژ میشه|شارژ میکنین/;
