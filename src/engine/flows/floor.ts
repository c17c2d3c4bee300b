// «سبدم ۹۰۰ تومنه میشه؟» after the discount code's terms, «خریدم یک و نیم میلیونه رایگان میشه؟»
// after the shipping costs: an amount the customer tells beside a rule with a floor («بالای ۱
// میلیون تومان») asks whether it clears the floor. The rule alone would leave the sum to them.
import { wordsToNumber } from '@persian-tools/persian-tools';
import { faqAnswer, faqEntries } from '../../commerce/index.js';
import { faqIntentName, toKey } from '../../nlu/index.js';
import { message } from '../activity.js';
import type { TurnContext } from '../context.js';
import { sentences } from '../focus.js';
import { textsOf } from '../texts.js';

const WORD_NUMBERS: Readonly<Record<string, number>> = { یک: 1, یه: 1, دو: 2, سه: 3, چهار: 4, پنج: 5, شش: 6, هفت: 7, هشت: 8, نه: 9, ده: 10 };
const NUMBER = String.raw`(\d+(?:[.٫/]\d+)?|یک|یه|دو|سه|چهار|پنج|شش|هفت|هشت|نه|ده)`;
// «۲ میلیون و ۵۰۰»، «یک و نیم میلیون»، «۸۰۰ هزار تومان»، «۹۰۰ تومنه»، «1500000 تومان».
const AMOUNT = new RegExp(
  String.raw`(?:^|\s)${NUMBER}(?:\s*و\s*(نیم))?\s*(میلیون|ملیون|هزار|تومن|تومان|ت(?=\s|$))(?:\S*)(?:\s*و\s*(\d{1,3})(?!\d))?`,
);
const BARE_AMOUNT = /(?:^|\s)(\d{6,9})(?!\d)/;

const valueOf = (word: string): number => WORD_NUMBERS[word] ?? Number(word.replace(/[٫/]/, '.'));

/**
 * The amount of money a text tells, in toman: «۸۰۰ هزار» and «۹۰۰ تومن» (a price under ten
 * thousand toman is said in thousands) are 800,000 and 900,000; «یک و نیم میلیون» 1,500,000.
 */
export function amountTold(text: string): number | undefined {
  return findAmount(toKey(text))?.amount;
}

// «یک میلیون و دویست»، «هشتصد هزار تومن»: an amount said all in words, read whole.
const SPOKEN_NUMBER = '(?:یک|یه|دو|سه|چهار|پنج|شش|شیش|هفت|هشت|نه|ده|بیست|سی|چهل|پنجاه|شصت|هفتاد|هشتاد|نود|صد|یکصد|دویست|سیصد|چهارصد|پانصد|پونصد|ششصد|هفتصد|هشتصد|نهصد|هزار|میلیون|ملیون)';
const SPOKEN_AMOUNT = new RegExp(`(?<!\\p{L})${SPOKEN_NUMBER}(?:\\s+(?:و\\s+)?${SPOKEN_NUMBER})*(?:\\s*(تومن|تومان)\\S*)?(?!\\p{L})`, 'u');
const SPOKEN_UNIT = /میلیون|ملیون|هزار|تومن|تومان/;
const SPOKEN_FORMS: Readonly<Record<string, string>> = { یه: 'یک', شیش: 'شش', پونصد: 'پانصد', ملیون: 'میلیون' };

const numberOf = (words: string): number => {
  if (!words.trim()) return 0;
  const n = wordsToNumber(words.trim());
  return typeof n === 'number' ? n : NaN;
};

function spokenAmount(key: string): { amount: number; at: number } | undefined {
  const m = SPOKEN_AMOUNT.exec(key);
  if (!m || !SPOKEN_UNIT.test(m[0]) || /^(?:هزار|میلیون|ملیون)/.test(m[0])) return undefined;
  const words = m[0].replace(/\s*(?:تومن|تومان)\S*$/, '').split(/\s+/).map((w) => SPOKEN_FORMS[w] ?? w);
  const after = key.slice(m.index + m[0].length);
  const half = /^\s*و\s*نیم(?!\p{L})/u.test(after) ? 0.5 : 0;
  // «یک میلیون و ۲۰۰»: words, then the thousands in digits.
  const digitsAfter = words.at(-1) === 'میلیون' ? /^\s*و\s*(\d{1,3})(?!\d)/.exec(after)?.[1] : undefined;
  const at = words.lastIndexOf('میلیون');
  let n: number;
  if (at >= 0) {
    // «یک میلیون و دویست» is 1,200,000 as shops say it: what follows the millions, under a thousand, is thousands.
    const millions = numberOf(words.slice(0, at).join(' ')) || 1;
    const rest = digitsAfter ? Number(digitsAfter) : numberOf(words.slice(at + 1).filter((w) => w !== 'و').join(' '));
    n = (millions + half) * 1_000_000 + (rest < 1000 ? rest * 1000 : rest);
  } else n = numberOf(words.join(' '));
  if (!Number.isFinite(n) || !(n > 0)) return undefined;
  // «هشتصد تومن»: a price under ten thousand toman is said in thousands.
  return { amount: Math.round(n < 10_000 && m[1] ? n * 1000 : n), at: m.index };
}

function findAmount(key: string): { amount: number; at: number } | undefined {
  const spoken = spokenAmount(key);
  if (spoken && spoken.amount >= 1000) return spoken;
  const m = AMOUNT.exec(key);
  if (m) {
    const n = valueOf(m[1]!) + (m[2] ? 0.5 : 0);
    const unit = m[3]!;
    if (!Number.isFinite(n)) return undefined;
    const amount =
      unit === 'میلیون' || unit === 'ملیون'
        ? n * 1_000_000 + (m[4] ? Number(m[4]) * 1000 : 0)
        : unit === 'هزار'
          ? n * 1000
          : n < 10_000
            ? n * 1000
            : n;
    return { amount: Math.round(amount), at: m.index };
  }
  const bare = BARE_AMOUNT.exec(key);
  // (Eleven digits starting 09 are a phone; those are longer than nine.)
  return bare ? { amount: Number(bare[1]), at: bare.index } : undefined;
}

// «بالای دو میلیون»، «کمتر از ۸۰۰ تومن»: the customer's sum is said to be over or under the amount.
const SAID_OVER = /(?:بالای|بالاتر از|بیشتر از|بیش از|over)\s*$/;
const SAID_UNDER = /(?:زیر|کمتر از|پایین تر از|under)\s*$/;

const DISCOUNT_WORDS = /(?:^|\s)(?:کد|کدش|کدتون|تخفیف|تخفیفش|تخفیفه)/;
const FREE_WORDS = /رایگان|مجانی|(?:^|\s)(?:ارسال|ارسالش|پست|پستش|هزینه ارسال)/;
// Whose sum it is: the basket's or the order's («سبدم»، «خریدم»، «اگه ۳ میلیون بخرم»), not a price or a fee asked.
const BASKET = /سبد|خرید|سفارش|(?:^|\s)(?:جمع|جمعش|مجموع|مجموعش|فاکتور|مبلغ|اگه|اگر|بخرم|بگیرم|بردارم)(?=\s|$)/;
const MAX_WORDS = 16;

interface Floor {
  floor: number;
  /** The shop's own words for the rule, said after the sum. */
  rule: string;
}

/** The discount answer's sentence that sets a floor («… سفارش‌های بالای ۱ میلیون تومان …»), and the floor. */
function discountFloor(ctx: TurnContext): Floor | undefined {
  const shop = ctx.services.commerce.shop();
  const entry = faqEntries(shop).find((e) => faqIntentName(e.key) === 'discount_code');
  const text = entry ? faqAnswer(shop, entry.key) : undefined;
  for (const sentence of text ? sentences(text) : []) {
    const over = /(?:بالای|بیش از|بیشتر از|از)\s+(.+?(?:تومان|تومن))/.exec(toKey(sentence));
    const floor = over ? amountTold(over[1]!) : undefined;
    if (floor) return { floor, rule: sentence.trim() };
  }
  return undefined;
}

function freeShippingFloor(ctx: TurnContext): Floor | undefined {
  const over = ctx.services.commerce.shop().shipping.free_over;
  return over === undefined ? undefined : { floor: over, rule: textsOf(ctx).freeShipping(over) };
}

/**
 * Answers an amount told in the discount or shipping thread (or beside its words) against the
 * floor of that rule: whether it clears it, then the rule. False when no amount or no floor, and
 * when `elsewhere` (a product or order named, a price offered): the amount is about that.
 */
export function answerAmountAgainstFloor(ctx: TurnContext, elsewhere: boolean): boolean {
  if (elsewhere) return false;
  const key = ctx.normalized?.key ?? '';
  if (key.split(/\s+/).filter(Boolean).length > MAX_WORDS) return false;
  if (!BASKET.test(key)) return false;
  const found = findAmount(key);
  if (!found || found.amount < 1000) return false;
  const { amount } = found;
  const before = key.slice(0, found.at);
  const topic = ctx.state.slots?.topic;
  const about =
    DISCOUNT_WORDS.test(key) || (topic === 'discount_code' && !FREE_WORDS.test(key))
      ? discountFloor(ctx)
      : FREE_WORDS.test(key) || topic === 'shipping_info'
        ? freeShippingFloor(ctx)
        : undefined;
  if (!about) return false;
  const t = textsOf(ctx);
  const clears = amount > about.floor || (amount === about.floor && SAID_OVER.test(before));
  if (SAID_UNDER.test(before) && amount > about.floor) return false;
  const said = clears ? t.amountOverFloor(amount, about.floor, SAID_OVER.test(before)) : t.amountNotOverFloor(amount, about.floor);
  ctx.send(message(`${said} ${about.rule}`));
  return true;
}
