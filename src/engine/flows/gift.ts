// Gift advice: «برای مامانم یه چیزی میخوام کادو بدم چی پیشنهاد میدین؟ بودجم حدود دو و نیمه». The
// customer names no product, only whom it is for and what it may cost: a few things the shop has in
// stock within that budget, one of each kind, things that need no size first (the giver rarely
// knows it), none made for the other gender.
import { effectivePrice, totalStock, type Product } from '../../commerce/index.js';
import { toKey, WEAK_MATCH } from '../../nlu/index.js';
import { message } from '../activity.js';
import type { TurnContext } from '../context.js';
import { textsOf } from '../texts.js';
import { clashes, type Gender } from './product.js';

const GIFT = /کادو|هدیه|سوغاتی|تولد|سالگرد|روز مادر|روز پدر|ولنتاین|kado|hedie/;
const ADVICE = /پیشنهاد|چی بخرم|چی بگیرم|چی بدم|چی خوبه|چی مناسب|چی بهتره|ایده|یه چیزی میخوام|یه چیز میخوام|میخوام کادو|کادو میخوام|یه کادو|یه هدیه|پیشنهادی/;
const FOR_WOMEN = /مامان|مادر|خواهر|ابجی|آبجی|خانمم|خانومم|همسرم خانم|زنم|دخترم|دختر خالم|دوست دخترم|خاله|عمه|مادربزرگ|مامان بزرگ|نامزدم خانم/;
const FOR_MEN = /بابا|پدر|برادر|داداش|شوهر|آقامون|پسرم|دوست پسرم|دایی|عمو|پدربزرگ|بابابزرگ/;
// Goods worn or used by women whatever their name says («روسری ابریشم»، «ریمل»): no gift for a man.
const WOMENS_GOODS = /روسری|مانتو|شومیز|دامن|سارافون|کراپ|رژ|ریمل|خط چشم|کرم پودر|لاک|سایه/;
/** Suggestions in one reply: a few, each of another kind. */
const MAX_SUGGESTIONS = 4;

/** Whether a message asks what to give («… کادو … چی پیشنهاد میدین؟»، «یه کادو برای دوست پسرم میخوام»). */
export const asksForGiftAdvice = (key: string) => GIFT.test(key) && ADVICE.test(key);

/** Whom the gift is for, as far as the product's gender goes. */
export function recipientOf(key: string): Gender | undefined {
  // «دوست پسرم» holds «پسر», «مادربزرگ» holds «مادر»: the longer names decide first.
  const men = FOR_MEN.test(key);
  const women = FOR_WOMEN.test(key);
  if (/دوست پسرم/.test(key)) return 'men';
  if (/دوست دخترم/.test(key)) return 'women';
  return men === women ? undefined : men ? 'men' : 'women';
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  یک: 1, یه: 1, دو: 2, سه: 3, چهار: 4, پنج: 5, شش: 6, شیش: 6, هفت: 7, هشت: 8, نه: 9, ده: 10,
  صد: 100, دویست: 200, سیصد: 300, چهارصد: 400, پونصد: 500, پانصد: 500, ششصد: 600, هفتصد: 700, هشتصد: 800, نهصد: 900,
};
const BUDGET_CUE = /(?:^|\s)(?:بودجه|بودجم|بودجمون|بودجه ام|تا|زیر|حدود|حدودا|حداکثر|نهایتا|کمتر از|در حد)(?:\s|$)/;
const MILLION = /^(?:میلیون|ملیون|میلیونی|م)$/;
const THOUSAND = /^(?:هزار|تومن|تومان|تومنی|ت)$/;

/**
 * The budget a message names, in Toman: «بودجم ۱ میلیونه»، «تا ۵۰۰ تومن»، «حدود دو و نیم». A bare
 * number under 50 is millions and one under 1000 thousands, as shoppers say prices.
 */
export function budgetOf(key: string): number | undefined {
  const cue = BUDGET_CUE.exec(key);
  if (!cue) return undefined;
  // Spoken clitics off: «نیمه» → «نیم»، «میلیونه» → «میلیون».
  const words = key
    .slice(cue.index + cue[0].length)
    .split(/[\s?!.،,]+/)
    .filter(Boolean)
    .map((w) => w.replace(/(?<=نیم|میلیون|ملیون|هزار|تومن|تومان)ه$/, ''));
  let n = 0;
  let seen = false;
  let k = 0;
  for (; k < words.length && k < 6; k++) {
    const w = words[k]!;
    const digits = /^\d+(?:\.\d+)?$/.test(w) ? Number(w) : undefined;
    if (digits !== undefined) n += digits;
    else if (NUMBER_WORDS[w] !== undefined) n += NUMBER_WORDS[w]!;
    else if (w === 'نیم' && seen) n += 0.5;
    else if (w === 'و' && seen) continue;
    // «بودجم تا یک و نیمه»: a second cue word before the amount.
    else if (!seen && /^(?:تا|زیر|حدود|حدودا|حداکثر|نهایتا|در|حد|کمتر|از|هست|هستش|ام|من)$/.test(w)) continue;
    else if (w === 'حدود' || w === 'حدودا') continue;
    else break;
    seen = true;
  }
  if (!seen || n <= 0) return undefined;
  const unit = words[k] ?? '';
  if (MILLION.test(unit)) return n * 1_000_000;
  // «یه تومن»، «دو تومن»: a million or two, as shoppers say it; «۵۰۰ تومن»: thousands.
  if (/^(?:تومن|تومنی)$/.test(unit) && n < 10) return n * 1_000_000;
  if (THOUSAND.test(unit)) return n < 1000 ? n * 1000 : n;
  return n < 50 ? n * 1_000_000 : n < 1000 ? n * 1000 : n;
}

/** A product a giver can buy without knowing a size or a shade: colours at most. */
const needsNoFitting = (p: Product) => p.variants.every((v) => !v.size && !/^[\d۰-۹]/.test(v.colour ?? ''));

/** The suggestions: in stock, within budget, not for the other gender; one per kind, no-size first, the dearest that fits first. */
export function giftsFor(products: readonly Product[], budget?: number, gender?: Gender, preferred: ReadonlySet<string> = new Set()): Product[] {
  const forOther = (p: Product) => gender !== undefined && (clashes(p, gender) || (gender === 'men' && WOMENS_GOODS.test(toKey(p.name))));
  const fitting = products.filter((p) => totalStock(p) > 0 && (!budget || effectivePrice(p) <= budget) && !forOther(p));
  // «یه چیز گرم زمستونی»: what the message's words describe comes first.
  const ranked = [...fitting].sort(
    (a, b) => Number(preferred.has(b.id)) - Number(preferred.has(a.id)) || Number(needsNoFitting(b)) - Number(needsNoFitting(a)) || effectivePrice(b) - effectivePrice(a),
  );
  const kinds = new Set<string>();
  const picked: Product[] = [];
  for (const p of ranked) {
    const kind = p.category ?? p.id;
    if (kinds.has(kind)) continue;
    kinds.add(kind);
    picked.push(p);
    if (picked.length === MAX_SUGGESTIONS) break;
  }
  return picked;
}

/** Answers a request for gift advice: a few suggestions to pick from, or the honest «nothing fits». */
export function adviseGift(ctx: TurnContext): void {
  // The whole message: «… چی پیشنهاد میدین؟ بودجم حدود دو و نیمه» puts the budget in a clause of its own.
  const key = toKey(ctx.activity.text ?? '');
  const budget = budgetOf(key);
  const catalog = ctx.services.commerce.catalog();
  const described = catalog.matcher.match(key, { words: ctx.services.nlu.classifier.vocabulary, minScore: WEAK_MATCH }).map((m) => m.productId);
  const picked = giftsFor(catalog.products, budget, recipientOf(key), new Set(described));
  if (picked.length === 0) return ctx.send(message(textsOf(ctx).noGiftFits(budget)));
  ctx.send(
    message(textsOf(ctx).giftIdeas(picked.map((p) => ({ name: p.name, price: effectivePrice(p) })), budget), {
      quickReplies: picked.map((p) => ({ title: p.name, value: { do: 'product', id: p.id, ask: 'info' } })),
    }),
  );
}
