// Short answers to narrow questions. «مرجوعی دارین؟» wants "yes, within 7 days", not the whole
// returns policy; «هزینه برگشتش با کیه؟» wants the one sentence about who pays. A policy text is
// split into sentences and the one that shares the most words with the question is the answer.
import { toKey } from '../nlu/index.js';

// Yes/no questions end on "do you have / is there / can I" and carry no question word.
// «پس میگیرین؟»، «میفرستین؟»: a present verb to «you» at the end asks whether the shop does it.
// («… امکان تعویض وجود دارد؟»، «… امکان‌پذیر است؟»: the formal letter's «is it possible».)
const YES_NO_END =
  /(?:دارین|دارید|داری|داره|دارن|هست|هستش|میشه|میشد|ممکنه|میتونم|میتونیم|میدین|میدید|میکنین|میکنید|امکانش هست|امکان داره|قبول میکنین|انجام میدین|وجود دارد|وجود داره|امکانپذیر است|امکان پذیر است|امکانپذیره|ممکن است|مقدور است|میسر است|میباشد|(?:^|\s)ن?می\S{2,}(?:ین|ید))\s*[?!.]*\s*$/;
const QUESTION_WORD = /(?:^|\s)(?:چطور|چطوری|چگونه|چیه|چیست|چی|چقدر|چقد|چند|چنده|کی|کیه|کجا|کجاست|چه|کدوم|کدام|چرا)(?:\s|\?|$)/;
const NEGATIVE = /(?:^|\s)(?:نمی|ندار|نیست|نشد|نباش|غیر)/;
const RESTRICTED = /(?:^|\s)(?:فقط|تنها)\s/;
const STOP = new Set(['و', 'یا', 'به', 'با', 'از', 'در', 'برای', 'که', 'این', 'اون', 'ان', 'را', 'رو', 'هم', 'پس', 'اگه', 'اگر', 'شما', 'ما', 'من', 'است', 'هست', 'دارین', 'دارید', 'داره', 'میشه', 'کنم', 'کنید']);
const MODAL = /^ن?(?:می)?ت[وا]ن/;
const MIN_OVERLAP = 1;
const CASE_PUT = /^\s*(?:اگه|اگر|چنانچه)\s.+\s(?:چی|چطور|چطوری|چیکار کنم|چه کنم)\s*[?!.]*\s*$/;
// More sentences than this tie for the question: it is not narrow, the whole text answers it.
const MAX_TIED = 2;

// «میشه عوض کنم؟»، «میتونم پس بدم؟»: «can I» and then the verb.
const MODAL_THEN_VERB = /(?:^|\s)(?:میشه|میشد|ممکنه|میتونم|میتونیم)(?:\s+\S+){1,4}?\s+(?:کنم|کنیم|کنید|کنین|بدم|بدیم|بدین|بدید|ب\S{2,}(?:م|یم|ین|ید))\s*[?!.]*\s*$/;

// «… می‌توانید تعویض کنید؛ به شرطی که استفاده نشده باشد»: a condition's «نشده» is no «no».
const CONDITION_START = /[؛;]|(?:^|\s)(?:به شرطی|به شرط|مشروط به)(?:\s|$)/;
/** A sentence's main clause (before a condition or the next clause), as a matching key. */
const mainClause = (sentence: string) => toKey(sentence).split(CONDITION_START)[0] ?? '';

/** «مرجوعی دارین؟» — a question that a yes or a no answers. */
export function isYesNo(key: string): boolean {
  return (YES_NO_END.test(key) || MODAL_THEN_VERB.test(key)) && !QUESTION_WORD.test(key);
}

// Colloquial words whose policy word has another stem: «عوض کنم» asks about «تعویض».
// («اگه اندازه نشد چی؟»: a size that does not fit is what a policy calls «سایز».)
const SAME_STEM: Readonly<Record<string, string>> = { عوض: 'تعوی', عوضش: 'تعوی', اندازه: 'سایز', اندازش: 'سایز', اندازم: 'سایز' };
// Finglish («mishe avazesh konam?»): its words tied to the policy's, as their transliteration may miss.
const LATIN_STEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:avaz|taviz|taaviz|taviz)/, 'تعوی'],
  [/^(?:marju|marjoo)/, 'مرجو'],
  [/^(?:ersal|post)/, 'ارسا'],
  [/^(?:hazine|hazineh)/, 'هزین'],
];
// «پس بدم»، «پسش میگیرین؟»، «برگردونم»: giving an item back is what a policy calls «مرجوع».
const GIVE_BACK = /(?:^|\s)پس ?ش? (?:ن?می)?(?:بد|داد|دید|دین|دم|گیر|بگیر)\S*|(?:^|\s)(?:ن?می)?برگردون\S*|(?:^|\s)عودت\S*|(?:^|\s)pas ?(?:esh )?(?:bed|mid|begir|migir|dad)\S*/g;
// «پولشو چجوری برمیگردونید؟»، «پولم کی واریز میشه؟»: the money of a return, which a policy calls «مبلغ … واریز».
const MONEY_BACK = /(?:^|\s)(?:پول|وجه|مبلغ)\S*(?:\s+\S+){0,2}?\s+(?:ن?می)?(?:برگردون|برمیگردون|برمیگرد|برمی گرد|برگرد|برگشت|پس ?می ?د|واریز|میریزی|میریزین|میریزید)\S*/g;
// Light stems: the first four letters are enough to tie «برگشتش» to «برگشت» and «مرجوعی» to «مرجوع».
const stems = (text: string) =>
  new Set(
    toKey(text)
      .replace(MONEY_BACK, ' مبلغ واریز ')
      .replace(GIVE_BACK, ' مرجوع ')
      .split(/[^\p{L}\d]+/u)
      // «میتونم» of the question and «می‌توانید» of a policy share a modal, not a subject.
      .filter((w) => w.length >= 3 && !STOP.has(w) && !MODAL.test(w))
      .map((w) => SAME_STEM[w] ?? LATIN_STEMS.find(([latin]) => latin.test(w))?.[1] ?? w.slice(0, 4)),
  );

/** Sentences of a policy text, at full stops, semicolons and line breaks. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!؟?؛])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// «در غیر این صورت …» says nothing without the sentence before it: the two are one answer.
const LEANS_BACK = /^(?:در غیر این صورت|در غیر اینصورت|وگرنه|در این صورت|در آن صورت|در اینصورت|به شرطی|به شرط|مشروط)/;

/** Sentences, each joined to the one before it when it leans on it («در غیر این صورت …»). */
function units(text: string): Array<{ s: string; head: string }> {
  const out: Array<{ s: string; head: string }> = [];
  for (const s of sentences(text)) {
    const before = out.at(-1);
    if (before && LEANS_BACK.test(s)) before.s = `${before.s} ${s}`;
    else out.push({ s, head: s });
  }
  return out;
}

/**
 * The sentence of `text` that answers `question`, or undefined when none clearly does (then the
 * whole text is the answer). A yes/no question gets «بله،» before a sentence that says yes.
 */
export function focusedAnswer(question: string, text: string, yes = 'بله،'): string | undefined {
  const asked = stems(question);
  const ranked = units(text)
    .map(({ s, head }, i) => ({ s, head, i, overlap: [...stems(s)].filter((w) => asked.has(w)).length }))
    .sort((a, b) => b.overlap - a.overlap || a.i - b.i);
  const best = ranked[0];
  if (!best || best.overlap < MIN_OVERLAP) return undefined;
  const sentence = (s: string) => s.replace(/[؛،,]$/, '.');
  const yesNo = isYesNo(toKey(question));
  // «اگه اندازه نشد چی؟»: a case put to the policy is answered as a yes/no is (the rule, then the
  // sentence on that case), without a «بله» it did not ask for.
  const putCase = !yesNo && CASE_PUT.test(toKey(question));
  if (yesNo || putCase) {
    // «سایز ال تنگ بود میشه عوض کنم؟»: the sentence about a size exchange says who pays; the
    // policy's first sentence on exchanges says it is possible and until when. Both, in order.
    // (A best sentence that says no, or «only …», is the answer alone: «ریمل باز شده رو پس میگیرین؟»
    // is a no, «پرداخت در محل دارید؟» an «only in Tehran».)
    if (NEGATIVE.test(mainClause(best.head)) || RESTRICTED.test(toKey(best.head))) return sentence(best.s);
    const rule = [...ranked].sort((a, b) => a.i - b.i).find((r) => r.overlap >= MIN_OVERLAP && r !== best);
    const lead = rule && rule.i < best.i && !NEGATIVE.test(mainClause(rule.head)) ? rule : undefined;
    const said = lead ? `${sentence(lead.s)} ${sentence(best.s)}` : sentence(best.s);
    // «پرداخت در محل دارین؟» → «… فقط برای تهران …»: a restriction is no plain yes.
    return putCase || NEGATIVE.test(mainClause((lead ?? best).head)) || RESTRICTED.test(toKey((lead ?? best).head)) ? said : `${yes} ${said}`;
  }
  // Sentences that tie answer it together («…با ماست؛ در غیر این صورت … با مشتری»).
  const tied = ranked.filter((r) => r.overlap === best.overlap);
  if (tied.length > MAX_TIED) return undefined;
  return tied
    .sort((a, b) => a.i - b.i)
    .map((r) => sentence(r.s))
    .join(' ');
}
