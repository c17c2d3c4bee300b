// Things customers ask for that the shop does not sell. A product name is a noun phrase: its head
// comes first and its modifiers after («کتونی نایک جردن»). A phrase whose head the catalog does not
// know («لپ تاپ ایسوس», «عطر زنانه»), or a catalog head followed by words the catalog does not know,
// is a thing the shop lacks; words that ask (verbs, question words, endearments), adjectives,
// a preposition's object («برای پوست چرب») and words after a product's whole name are not.
import { findCities, toKey } from '../../nlu/index.js';
import { tokenizeWithOffsets } from '../../nlu/tokenize/index.js';
import type { TurnContext } from '../context.js';
import { shopCodeSpans } from '../shop-codes.js';

/** A phrase the catalog has no product for, as the customer wrote it. */
export interface NotCarried {
  phrase: string;
  /** Products of the same kind (named with the same head word), to offer instead. */
  alternatives?: string[];
  /** Whether the phrase holds a catalog word (then even a confident match elsewhere does not cover it). */
  named: boolean;
}

// Clitics customers glue to a word (مانتوش، بلندتون، هودیا): the word under them is what counts.
const CLITIC = /(?:هایی|های|ها|تون|شون|شو|اش|ش|رو|و|ه|ی|م|ا)$/;
// Adjectives after a noun belong to its phrase («کفش مجلسی پاشنه بلند») without naming anything.
const ADJECTIVES = new Set(
  ('جدید نو تازه قشنگ خوشگل خوب ارزون ارزان گرون گران بزرگ کوچیک کوچک بلند کوتاه گشاد تنگ زنونه مردونه زنانه مردانه بچگونه بچهگانه ' +
    'بچگانه پسرونه دخترونه اسپرت مجلسی ساده طرحدار اصل اورجینال').split(' '),
);
/**
 * Whether a matched span is only words that describe («کوتاه»، «مردانه»): a product whose name
 * holds the word is not named by it («کوتاه کردن شلوار» names no «مانتو … کوتاه»).
 */
export const onlyDescribes = (text: string): boolean => {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length > 0 && words.every((w) => ADJECTIVES.has(w) || ADJECTIVES.has(w.replace(CLITIC, '')));
};
const PREPOSITIONS = new Set(['برای', 'واسه', 'به', 'با', 'تا', 'از', 'در', 'توی', 'تو', 'مناسب', 'بدون', 'روی']);
// Kinds of thing no item of a shop's catalog is named by, even though the words after them are.
const NOT_A_PRODUCT_HEAD = new Set(['ست', 'پک']);
// Words that never name a thing to sell: question words, pronouns, particles, and the adjectives
// customers put after a product («هودی جدید»، «مانتو ارزون»).
const CLOSED_CLASS = new Set(
  ('چی چیه چه چند چنده چندن چندتا چندتاش چندتایی چقدر چقدره چقدرن چقدن چقد چقده چقدرش چقدش زودتر دیرتر سریعتر سریع‌تر کندتر کدوم کدام کدومش کی کجا چطور چطوری چرا آیا ایا این اون همین همون اینو اونو اینا اونا ' +
    'من ما شما تو او اونها یه یک دو سه چند تا هم رو را که تو برای بخاطر مثل مثلا لطفا لطفاً ببخشید سلام ممنون مرسی خیلی ' +
    // «… به رنگ قهوه‌ای»: a preposition is no word of a product's name.
    'به ' +
    'جدید نو تازه قشنگ خوشگل خوب بهتر ارزون ارزان گرون گران اصل اصلی اورجینال مشابه دیگه دیگر بیشتر کمتر همه همشون ' +
    'بزرگ کوچیک کوچک بلند کوتاه گشاد تنگ زنونه مردونه بچگانه بچگونه بچه گونه پسرونه دخترونه اسپرت مجلسی ساده طرحدار مدل مدلای ' +
    'الان فعلا هنوز امروز فردا دیروز قبلی بعدی واقعا حتما اره آره بله نه خیر اوکی باشه پس یعنی ولی اما فقط ' +
    // Discourse words («چنده حالا؟»، «اخه چرا»): how the customer talks, no thing to sell.
    // «هر دوشو»، «جمعا»، «تکیش»: both, in all, one by one — how many, no thing to sell.
    'مبلغ مبلغی مبلغش مبالغ هر هردو هردوش هردوشو دوشو دوشون دوتاش دوتاشو جمعا جمعش جمعشون مجموعا مجموعش تکی تکیش تکیشو تک ' +
    'حالا اصلا اصلن اصن دقیقا راستی بالاخره اخه آخه مگه چون اگه اگر وقتی هرچی هرچند چن چنه چنده ' +
    'رنگ رنگی رنگا رنگای رنگایی رنگبندی رنگبندیش سایز سایزی سایزا سایزای سایزبندی سایزبندیش قیمت قیمتش قیمتا موجود موجوده ' +
    'موجودی موجودیش جنس جنسش جنسشون داره دارین دارید داری دارن دارم هست هستش هستن نیست نیستش چیزی چیز کار ' +
    'عزیزم عزیز جان جانم گلم خانم خانوم آقا داداش دوست سپاس ممنونم فرق تفاوت مقایسه عکس عکسش فیلم ویدیو لینک سایت ' +
    'پیج صفحه توضیح توضیحات مشخصات ' +
    // What a product has, asked about it («تاریخ انقضاش کیه؟»، «گارانتی داره؟»): no thing to sell.
    // What the customer says of themself («پوستم چربه»، «موهام خشکه»): no thing to sell.
    'پوست پوستم پوستمه مو موهام موهامه صورتم بدنم پام پاهام دستم چرب چربه خشک خشکه حساس حساسه مختلط جوشی ' +
    // Light verbs and their infinitives («کوتاه کردن شلوار انجام میدید؟»): a service asked about, no thing to sell.
    'کردن کنید کنین کنی کنم کنه کردین کردید انجام زدن دادن شدن گرفتن میدید میدین ' +
    // «… سفید بدین»: give, too short for the verb pattern; «سلا» a greeting one letter short.
    // Imperatives to the shop («حداقل بگو …»، «عکسشو بفرست»): asking the bot, no thing to sell.
    'بگو بگین بگید بگی بفرست بفرستین بفرستید بیار بیارین بیارید ببین ببینین بین بذار بزار بنویس بنویسین توضیح بدین ' +
    'بدین بدید بده بدی بدم بدن بدیم سلا سلم خب خبب واسه برا نهایی نهاییش نهایش اخرش آخرش کجاست کجاییه روی ' +
    // «محصولاتتون اصله؟»: the shop's goods as a whole, no one thing.
    'محصول محصولات محصولاتتون محصولاتون محصولاتشون اجناس اجناستون جنساتون کالا کالاها کالاهاتون کالاهای ' +
    // «اورجیناله یا کپی؟»: whether it is original, no thing to sell.
    'کپی کپیه فیک فیکه تقلبی تقلبیه اورجیناله اوریجینال اوریجیناله ' +
    // «پلمبش باز شده»: the seal of what was bought, no thing to sell.
    'پلمب پلمبش پلمبشو پلمپ پلمپش سیل ' +
    // «… را اعلام فرمایید»، «خواهشمند است …»: formal requests, no thing to sell; «شید ۲۲۰»: a shade.
    'نهای نهاییش اعلام فرمایید فرماید بفرماید بفرمایید بفرمائید فرمائید بفرماييد نمایید بنمایید خواهشمند خواهشمندم اینجانب بنده قصد اطلاع راهنمایی شید شیدش شیدای شماره‌ی ' +
    // «جمع شومیز و روسری چقد میشه؟»: the sum of things, no thing.
    'جمع جمعش جمعا جمعشون کلش مجموع مجموعا مجموعش ' +
    // «چند روز ماندگاره؟»: how long it lasts, no thing.
    'ماندگار ماندگاره ماندگاری ماندگاریش ماندگاریشون ' +
    // «قدش صد و هشتاد و پنجه»: a number with «is» on it.
    'پنجه ' +
    // «بیخیال سامبا»: letting a thing go.
    'بیخیال ولش ول ' +
    // «کتونی ایرفورس حراج شده؟»: whether it is on sale, no kind of thing.
    'حراج حراجه حراجی حراجیه حراجیا حراجیه تخفیف تخفیفه تخفیفی تخفیفیه تخفیفش تخفیفات اوکازیون ' +
    // «رنگای دیگش چی؟»: the others of the thing in the thread.
    'دیگش دیگشو دیگرش دیگه ش دیگشم بقیش بقیه‌ش بقیشو ' +
    // «هرکدوم چنده؟»: each of the things in the thread.
    'هرکدوم هرکدام هرکدومش هرکدومشون هرکدامشان کدوم کدومش کدومشون ' +
    // «جنس پارچش چیه؟»: what it is made of, asked.
    'پارچه پارچش پارچهاش پارچه‌اش پارچشون مهمونی مهمانی عروسی ' +
    // «حدود دو و نیم»: about how much, not what.
    'حدود حدودا حدودای تقریبا تقریبی درصد درصده درصدی درصدیه درصدش چنددرصد ' +
    'کادو کادویی کادوی هدیه هدیهای سوغاتی بودجه بودجم تولد تولدش تولدم سالگرد ' +
    // Days and times («پنجشنبه تا چند هستین؟»): when the shop answers, no thing to sell.
    'شنبه شنبها یکشنبه یکشنبها دوشنبه دوشنبها سهشنبه سهشنبها چهارشنبه چهارشنبها پنجشنبه پنجشنبها جمعه جمعها ' +
    'تعطیل تعطیلی تعطیلات ' +
    // Asking for advice («یه پیشنهاد برای …»): no thing to sell.
    'پیشنهاد پیشنهادی پیشنهادت پیشنهادتون پیشنهادات معرفی ' +
    // Who it is for («برای دوست پسرم»، «واسه مامانم»): a person, not a product.
    'پسرم دخترم همسرم شوهرم خانمم مامانم مادرم بابام پدرم خواهرم برادرم داداشم ابجیم بچم بچه هام نوه نوم دوستم پسر دختر ' +
    'دونه دونش عدد جفت یکی یکیش یکیشو یکیم جا بشه باشه تاریخ انقضا انقضاش انقضای تولید گارانتی گارانتیش ضمانت ضمانتش ابعاد ابعادش اندازه اندازش اندازهاش وزن وزنش حجم حجمش ' +
    'کیفیت کیفیتش دوام جنسیت جنسیتش قد قدش طول طولش عرض عرضش ساخت کشور مارک برند برندش اصالت اصلیت ' +
    // Where the customer saw it («تو پست آخر»، «استوری دیروز»): no thing to sell.
    'اخر آخر اخری آخری اول اولی دوم دومی سوم سومی قبل بعد پست پستتون پستای استوری استوریتون هایلایت ریلز دایرکت ' +
    'کانال پیجتون اینستا اینستاگرام تلگرام گذاشتین گذاشتید دیدم خبر خبرم خبرمون ' +
    // «کی شارژ میشه؟»، «کی میاد دوباره؟»: when it comes back, asked of the product in the thread.
    'دوباره بازم شارژ شارژش ' +
    // Formal letters («اولا … ثانیا …»، «تهیه نمایم»، «حداقل بگو»): connectives and verbs, no thing to sell.
    'اولا ثانیا ثالثا ضمنا همچنین آن ان نمایم نمایید نماید بفرمایید فرمایید تهیه حداقل حداکثر ' +
    'امکان امکانش امکانپذیر وجود دارد ندارد دارند نمیباشد سایر بقیه ' +
    'همان همانی همانجا آنها اینها آنان ایشان وی بنده چگونه چنانچه زیرا بنابراین لذا البته ولیکن همچنان جهت بابت ' +
    'درخصوص خصوص مورد موردی رابطه ارتباط چنین چنان چندان ' +
    // Amounts said in words («یک میلیون و سیصد و پنجاه»): how much, no thing to sell.
    'ده یازده دوازده سیزده چهارده پانزده شانزده هفده هجده نوزده بیست سی چهل پنجاه شصت هفتاد هشتاد نود ' +
    'صد یکصد دویست سیصد چهارصد پانصد پونصد ششصد شیشصد هفتصد هشتصد نهصد هزار هزارو تومن تومان تومنه تومانه میلیون میلیونه ملیون ' +
    // «یادم رفت»، «درشو باز کردم»، «بهم نخورد»: what the customer did or forgot, no thing to sell.
    'ای بابا هیچی هیچ سبد سبدم سبدمو سبدخریدم کلا کلن همش همشون ' +
    'حواسم حواسم نبود نبود گفتین گفتید گفتی گفتن یادم یادمه یادم رفت رفت بود باز بازش بازشو درش درشو درب زدم زدمش نخورد نخورده نیومد ' +
    // «آدرسمو عوض کنم»: the customer's own address, no thing to sell.
    'ادرس ادرسم ادرسمو ادرسمون ادرسو نشانی نشونی ' +
    // «هزینش؟»، «خرجش»: what it costs, asked of the thread.
    'هزینه هزینش هزینشو هزینشون هزینه‌اش هزینهاش هزینهش هزینه‌ش خرج خرجش کرایش کرایه کرایهاش ' +
    'است استش اند می باشد باشد باشند میباشد میباشند میباشه بوده هستند خواهشمندم خواهشمند خواهشمندیم خواهش بفرماید بفرمائید فرماید اینجانب جنابعالی سرکار حضرتعالی احتراما تشکر باتشکر سپاسگزارم ' +
    // «جوش میزنم»: what the customer's skin does.
    'جوش جوشم جوشای ' +
    // «گرمه؟»، «نرمه؟»: what a thing is like, asked; «میخوام با یکی حرف بزنم»: talking, no thing.
    'گرم گرمه گرمی خنک خنکه سرد سرده نرم نرمه سبک سبکه سنگین سنگینه حرف صحبت ' +
    // «با کد چقد درمیاد؟»: what it comes to.
    'درمیاد درمیان میفته میوفته ' +
    // «برای پسرم میخوام ۵ سالشه»: an age, no thing to sell; «… هم میخام ست شه»: to make a set.
    'سال سالشه سالمه سالش ساله سالشون ماهشه ماهش ماهه شه بشه نشه میشه').split(' '),
);
const GLUED_PART = 3;
const IN_THAT_CASE = /^(?:این|اون|آن|ان|هر)$/;
// Verbs that tell what happened to something («درد میکنه»، «حساسیت گرفته»), never ask for it.
const SAYS_WHAT_HAPPENED = /^(?:ن?میکنه|ن?میکنم|ن?میکنن|ن?میکرد|شده|شدم|شد|گرفته|گرفتم|میگیره|اومده|اومد|زده|زد|میزنه|افتاده|ریخته)$/;
// Colloquial verbs: «میخوام»، «نمیشه»، «گذاشتین»، «بفرستید».
// («هوشمند»، «قدرتمند»: «-مند» makes adjectives, not verbs.)
const VERB_LIKE = /^(?:ن?می\S{2,}|ن?ب\S{2,}(?:م|ی|ه|ید|ین|یم|ند)|ن?ب\S(?:ید|ین)|\S{3,}(?:ین|ید|یم|(?<!م)ند|یدش|ینش|یم))$/;
// A word in this many training examples is part of how customers ask, not a product of theirs.
const COMMON_IN_INTENTS = 25;
const exampleCounts = new WeakMap<object, Map<string, number>>();

function countsOf(ctx: TurnContext): Map<string, number> {
  const nlu = ctx.services.nlu;
  let counts = exampleCounts.get(nlu);
  if (!counts) {
    counts = new Map();
    for (const intent of nlu.intents) {
      for (const example of intent.examples) {
        for (const w of new Set(toKey(example).split(/[^\p{L}\d]+/u))) counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    }
    exampleCounts.set(nlu, counts);
  }
  return counts;
}

// Keyboard mash («اسدفقثف»): six letters in a row with no long vowel is no Persian word.
const MASH = /[^\sاآویءئ\d]{6}/;

/** Keyboard mash in a message: a word of that shape that no vocabulary, catalog or entity knows. */
export function isMash(ctx: TurnContext): boolean {
  const key = ctx.normalized?.key ?? '';
  const spans = ctx.understanding?.entities ?? [];
  const vocabulary = ctx.services.nlu.classifier.vocabulary;
  const matcher = ctx.services.commerce.catalog().matcher;
  return tokenizeWithOffsets(key).some(
    (t) =>
      MASH.test(t.text) &&
      /\p{Script=Arabic}/u.test(t.text) &&
      !vocabulary.has(t.text) &&
      !matcher.names(t.text) &&
      !spans.some((e) => t.start < e.end && e.start < t.end),
  );
}

/** Whether a message word is one that asks rather than names: a verb, a question word, a common word. */
function askingWord(ctx: TurnContext, word: string): boolean {
  if (/^\d+$/.test(word) || word.length < 2) return true;
  const bare = word.replace(CLITIC, '');
  const counts = countsOf(ctx);
  // «بزرگ‌ترش»، «ارزون‌ترین»: an adjective's comparative.
  const positive = bare.replace(/(?:ترین|تر)$/, '');
  return [word, bare, positive].some((w) => w.length >= 2 && (CLOSED_CLASS.has(w) || VERB_LIKE.test(w) || (counts.get(w) ?? 0) >= COMMON_IN_INTENTS));
}

/** A word that asks only because it is common in training examples: no verb, question word or particle. */
function commonOnly(ctx: TurnContext, word: string): boolean {
  const bare = word.replace(CLITIC, '');
  return askingWord(ctx, word) && ![word, bare].some((w) => CLOSED_CLASS.has(w) || VERB_LIKE.test(w) || /^\d+$/.test(w) || w.length < 2);
}

/**
 * A thing the customer names that the shop does not sell: a noun phrase whose head word is not in
 * the catalog (لپ تاپ ایسوس, whose تاپ merely looks like کراپ‌تاپ), or a catalog word followed by
 * words the catalog does not know (کتونی نایک جردن). `alternatives`: products of the same kind as
 * the phrase's head, when it is a catalog word.
 */
export function notCarried(ctx: TurnContext): NotCarried | undefined {
  // A Finglish word's transliteration is a guess: an unknown one says nothing about the catalog.
  if (ctx.understanding && ctx.understanding.script !== 'persian') return undefined;
  const key = ctx.understanding?.classified ?? ctx.normalized?.key ?? '';
  const catalog = ctx.services.commerce.catalog();
  // «NILOOFAR10»: the shop's own discount code is no thing to sell either.
  const entitySpans = [...(ctx.understanding?.entities ?? []).filter((e) => e.type !== 'product'), ...shopCodeSpans(ctx, key)];
  const tokens = tokenizeWithOffsets(key).filter((t) => !entitySpans.some((e) => t.start < e.end && e.start < t.end));
  const words = ctx.services.nlu.classifier.vocabulary;
  const names = (w: string) => catalog.matcher.names(w, { words });
  // «شالنخی»: two catalog words written as one, as the product index reads them.
  // (A verb, «میپرسم», is no two names, whatever typos its halves may pass for.)
  const twoNamesGlued = (w: string) => {
    if (VERB_LIKE.test(w)) return false;
    for (let cut = GLUED_PART; cut <= w.length - GLUED_PART; cut++) if (names(w.slice(0, cut)) && names(w.slice(cut))) return true;
    return false;
  };
  // The product the message names best: words around it that the catalog does not know are only
  // a sign of another product when they stand next to its name.
  const strongest = (ctx.understanding?.productMatches ?? []).find((m) => m.score >= ctx.services.options.productMinScore);
  const kinds = tokens.map((t, i) => {
    // «؟»، «!»: punctuation names nothing (glued to the word before it, it would pass for a typo).
    if (!/[\p{L}\d]/u.test(t.text)) return 'other' as const;
    if (NOT_A_PRODUCT_HEAD.has(t.text)) return 'unknown' as const;
    // «کرج هستم»: a city is where the customer is, no thing to sell.
    if (findCities(t.text).length > 0) return 'other' as const;
    // («گشاده»، «تنگه»: the adjective with «is» on it.)
    if (ADJECTIVES.has(t.text) || ADJECTIVES.has(t.text.replace(/ه$/, ''))) return 'adjective' as const;
    // «رنگ بندی»، «سایز بندیش»: a closed-class word written in two.
    const closedGlued = (a?: string, b?: string) => a !== undefined && b !== undefined && CLOSED_CLASS.has((a + b).replace(CLITIC, '')) || CLOSED_CLASS.has(`${a ?? ''}${b ?? ''}`);
    if (CLOSED_CLASS.has(t.text) || closedGlued(tokens[i - 1]?.text, t.text) || closedGlued(t.text, tokens[i + 1]?.text)) return 'other' as const;
    // «در این صورت»، «در غیر این صورت»: «in that case», no face.
    if (t.text === 'صورت' && IN_THAT_CASE.test(tokens[i - 1]?.text ?? '')) return 'other' as const;
    if (names(t.text) || names(t.text.replace(CLITIC, '')) || twoNamesGlued(t.text)) return 'catalog' as const;
    // «زیپ دار» is «زیپدار» written apart.
    const glued = (a?: string, b?: string) => a !== undefined && b !== undefined && names(a + b);
    if (glued(t.text, tokens[i + 1]?.text) || glued(tokens[i - 1]?.text, t.text)) return 'catalog' as const;
    return askingWord(ctx, t.text) ? ('other' as const) : ('unknown' as const);
  });
  // A match made of adjectives alone («زنانه») names no product.
  const top = tokens.some((t, k) => kinds[k] === 'catalog' && strongest && t.start < strongest.end && strongest.start < t.end) ? strongest : undefined;
  // Same kind: the products whose name or alias starts with the word («کتونی …», «رژ …»). A word
  // the catalog uses only after another («لپتاپ» in «کوله لپتاپ») says nothing of the kind.
  const sameKind = (head: string) => catalog.matcher.headedBy(head);
  // The forms a message word may name products in, glued to a neighbour too («زیپ دار»).
  const formsAt = (k: number) => {
    const t = tokens[k]!.text;
    const around = [t, t.replace(CLITIC, ''), t + (tokens[k + 1]?.text ?? ''), (tokens[k - 1]?.text ?? '') + t];
    return [...new Set(around.filter((w) => w.length >= 2))];
  };
  // «عینک طبی»، «مانتو جین»: catalog words that no one product of ours has together. «کیف و کفش»
  // (two things) is not one phrase.
  const namesNoOneProduct = (from: number, to: number) => {
    const at = [];
    for (let k = from; k <= to; k++) if (kinds[k] === 'catalog') at.push(k);
    if (at.length < 2 || tokens.slice(from, to + 1).some((t) => t.text === 'و')) return false;
    return !catalog.matcher.shareProduct(at.map(formsAt), { words });
  };
  for (let i = 0; i < tokens.length; i++) {
    if (kinds[i] === 'other' || kinds[i] === 'adjective') continue;
    let j = i;
    // «ست کیف و کفش»: و joins two words of one phrase; adjectives stay inside it.
    const joins = (k: number) => tokens[k]!.text === 'و' && k + 1 < tokens.length && kinds[k + 1] !== 'other';
    // «یخچال ساید بای ساید»: in a name the catalog does not know, a word common in questions
    // («بای») between two naming words is part of the name, not its end.
    const naming = (k: number) => kinds[k] === 'unknown' || kinds[k] === 'catalog';
    const bridges = (k: number) =>
      naming(k - 1) && naming(k + 1) && kinds.slice(i, k).includes('unknown') && commonOnly(ctx, tokens[k]!.text);
    while (j + 1 < tokens.length && (kinds[j + 1] !== 'other' || joins(j + 1) || bridges(j + 1)) && tokens[j + 1]!.start - tokens[j]!.end <= 1) j++;
    // «کیبوردم قاطی کرد کیف پول مردونه چرم»: a product's whole name starts a phrase of its own (a
    // Persian noun phrase leads with its head); the words before it are something else.
    if (top?.complete && tokens[i]!.start < top.start && top.start <= tokens[j]!.start) {
      while (j > i && tokens[j]!.start >= top.start) j--;
    }
    // «لپ تاپ»: a word the catalog only uses to qualify another («کوله لپتاپ») heads no product of ours.
    const first = tokens[i]!.text;
    const gluedFirst = tokens[i + 1] ? first + tokens[i + 1]!.text : '';
    const qualifierHead =
      kinds[i] === 'catalog' &&
      (names(first) ? catalog.matcher.onlyQualifies(first) : gluedFirst !== '' && catalog.matcher.onlyQualifies(gluedFirst));
    // «گردنبند ماه رنگ ثابته؟»: a qualifier of the very product the message names is about that product.
    // (Only when other words name it: «لپ‌تاپ ایسوس» alone is no «کوله لپتاپ».)
    const namedElsewhere = top && (top.start < tokens[i]!.start || top.end > tokens[j]!.end);
    if (qualifierHead && top && namedElsewhere && catalog.matcher.namedBy(formsAt(i), top.productId, { words })) {
      i = j;
      continue;
    }
    const run = kinds.slice(i, j + 1).map((k, n) => (n === 0 && qualifierHead ? ('unknown' as const) : k));
    // «برای پوست چرب»، «تا شیراز»: after a preposition comes a purpose or a place, not a product.
    // «… کیف که لپتاپ جا بشه»: after «که» comes what the thing should do, not another thing.
    const afterPreposition = PREPOSITIONS.has(tokens[i - 1]?.text ?? '') || tokens[i - 1]?.text === 'که';
    // «پاش درد میکنه»، «پوستم حساسیت گرفته»: a phrase that is the subject of what happened, not a thing asked for.
    const happened = SAYS_WHAT_HAPPENED.test(tokens[j + 1]?.text ?? '');
    if (happened && !run.includes('catalog')) {
      i = j;
      continue;
    }
    const overlapsTop = top && top.start < tokens[j]!.end && tokens[i]!.start < top.end;
    // «کیف دوشی جای موبایل …»: after a product's whole name, unknown words say what it should do.
    // (Unless that name is one word that heads the product's own name: «ساعت هوشمند» after the alias
    // «ساعت» of «ساعت مچی …» is another kind of watch; «سامبا قالبش» is about the Samba.)
    const named = key.slice(top?.start ?? 0, top?.end ?? 0).trim();
    const kindWord = !!top && !/\s/.test(named) && toKey(catalog.product(top.productId)?.name ?? '').split(' ')[0] === named;
    const afterWholeName = overlapsTop && top.complete && run[0] === 'catalog' && !kindWord;
    if (!afterPreposition && run[0] === 'catalog' && !run.includes('unknown') && namesNoOneProduct(i, j)) {
      return { phrase: asWritten(ctx, key, tokens[i]!.start, tokens[j]!.end), named: true, alternatives: sameKind(tokens[i]!.text) };
    }
    if (afterPreposition || afterWholeName || (top && !overlapsTop && run[0] !== 'unknown')) {
      i = j;
      continue;
    }
    if (run.includes('unknown') && (run.includes('catalog') || run[0] === 'unknown')) {
      const phrase = asWritten(ctx, key, tokens[i]!.start, tokens[j]!.end);
      const known = qualifierHead || run.includes('catalog');
      // Unknown words beside a product the message does name are about that product.
      if (!known && top) {
        i = j;
        continue;
      }
      if (run[0] !== 'catalog') return { phrase, named: known };
      return { phrase, named: known, alternatives: sameKind(tokens[i]!.text) };
    }
    i = j;
  }
  return undefined;
}

/** The words of a key span as the customer wrote them («گوشی آیفون»، not the key's «گوشی ایفون»). */
function asWritten(ctx: TurnContext, key: string, start: number, end: number): string {
  const display = ctx.understanding?.script === 'persian' ? (ctx.normalized?.display ?? '') : '';
  const keyWords = key.trim().split(/\s+/);
  const shown = display.trim().split(/\s+/);
  const wordAt = (offset: number) => key.slice(0, offset).trim().split(/\s+/).filter(Boolean).length;
  const first = wordAt(start);
  const last = wordAt(end) - 1;
  if (shown.length !== keyWords.length || last < first) return key.slice(start, end);
  return shown.slice(first, last + 1).join(' ').replace(/[?؟!.،,]+$/, '');
}
