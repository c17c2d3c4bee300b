// Several questions in one message («رنگ‌بندیش چیه و چنده؟ به اصفهان چند روزه می‌رسه؟»): the
// message is split into clauses, each is answered on its own, and the answers go out as one reply
// in the customer's order, a greeting acknowledged in a few words rather than answered alone.
import { message, type Outbound } from './activity.js';

// Words a spoken question ends on: after one of them, more words start the next question.
const QUESTION_END =
  /^(?:چیه|چیست|چنده|چقدره|داره|دارین|دارید|داری|دارن|هست|هستش|موجوده|موجود|میرسه|میرسد|کجاست|کیه|چطوره|چطوریه|میدین|میدید|میکنین|میکنید|میشه|نه|یا نه|است|باشد|میباشد|دارد|دارند)[?!.]*$/;
const HELLO = /^(?:با عرض سلام(?: و (?:ادب|احترام|خسته نباشید))?|با سلام(?: و (?:ادب|احترام))?|سلام|درود|صبح بخیر|عصر بخیر|شب بخیر|روز بخیر|وقت بخیر|وقتتون بخیر|وقتون بخیر|روزتون بخیر|وقت شما بخیر|hi|salam)(?:\s|$|[،,!.])/;
const THANKS = /^(?:ممنون|ممنونم|مرسی|سپاس|متشکرم)(?:\s|$|[،,!.])/;
// Said around a greeting, answered by nothing: «عزیزم»، «خسته نباشید»، «ببخشید».
// «یه سوال داشتم رژ لب قرمز دارین؟»: the announcement of a question is no part of it (nor a product).
// «خوبی؟»، «حالتون خوبه؟» after a hello ask after the bot, not a question to answer (nor a goodbye).
const POLITE =
  /^(?:خسته نباشید|خسته نباشین|ببخشید|بخشید|عزیزم|جان|گلم|(?:یه|یک) سوالی? (?:داشتم|دارم|داشتیم)|سوال (?:داشتم|دارم)|(?:یه|یک) سوال|بر شما|خوبی|خوبین|خوبید|خوب هستین|خوب هستید|چطوری|چطورین|چطورید|حالتون خوبه|حالت خوبه|حال شما|احوال شما|ارادتمندم|khoobi|khubi|khoobin|khubin|chetori)(?:\s|$|[،,!.?])/;
const ANNOUNCEMENT = /^(?:(?:یه|یک) سوالی? (?:داشتم|دارم|داشتیم)|سوال (?:داشتم|دارم)|(?:یه|یک) سوال|سوالی داشتم)[\s?!.]*$/;

/** Whether a word is one a spoken question ends on («… دارین»، «… است»). */
export const endsQuestion = (word: string) => QUESTION_END.test(word);

/** «یه سوال داشتم» alone: a question is coming; the answer is «بفرمایید». */
export const announcesQuestion = (key: string) => ANNOUNCEMENT.test(key.trim());
const MIN_CLAUSE_WORDS = 2;
const MAX_SENDING_TAIL = 4;
const SUM_WORD = /^(?:جمع|جمعا|جمعش|جمعشون|کلش|مجموعا|مجموعش|باهم)$/;
const SENDING_WORD = /^(?:ارسال|ارسالش|ارسالم|ارسالشم|پستش|پستشم|هزینه ?ارسال)$/;
const WHICH_ATTRIBUTE = /^(?:چه|چی|کدوم|کدام) (?:رنگ|سایز)\S*(?: (?:داره|دارین|دارید|هست|موجوده))?$|^(?:رنگ|سایز)\S* ?(?:چی|چیه|چیا)?$/;
const MAX_HAVE_WORDS = 4;
const IF_NOT_ALONE = /^(?:(?:اگه|اگر) ?نه|وگرنه)$/;
const IF_NOT = /^(?:(?:اگه|اگر) ?نه|وگرنه|(?:اگه|اگر) (?:نیست|نبود|نداری|ندارین|ندارید|نداشتین|نداشتید))\s+/;
// Words a question about another topic opens with, by topic: «شرایط مرجوعی و تعویض» is one question.
const TOPIC_STARTS: readonly RegExp[] = [/^(?:ارسال|ارسالش|ارسالتون|هزینه|پست|پیک|تیپاکس)$/, /^(?:پرداخت|پرداختش)$/, /^(?:مرجوعی|مرجوع|تعویض|تعویضش)$/];
const startsOtherTopic = (before: readonly string[], next: string) =>
  TOPIC_STARTS.some((topic) => topic.test(next) && !before.some((w) => topic.test(w)));

/** What a message opens with before its question: a hello, a thanks, or neither. */
export type Opener = 'hello' | 'thanks' | undefined;

/** Leading greeting words («سلام وقتتون بخیر …», «مرسی، …») and the rest of the message. */
export function splitGreeting(key: string): { greeting: boolean; opener: Opener; rest: string } {
  let rest = key.trim();
  let greeting = false;
  let opener: Opener;
  for (;;) {
    const m = HELLO.exec(rest) ?? THANKS.exec(rest) ?? POLITE.exec(rest);
    if (!m) break;
    greeting = true;
    if (HELLO.test(m[0])) opener = 'hello';
    else if (THANKS.test(m[0]) && !opener) opener = 'thanks';
    rest = rest.slice(m[0].length).replace(/^[\s،,!.?]+/, '');
  }
  return { greeting, opener, rest };
}

// «میشه عوض کنم؟»: «میشه» before a subjunctive verb is «can I», and the verb ends the question.
const MODAL = /^(?:میشه|میشد|ممکنه)$/;
const SUBJUNCTIVE_END = /^(?:کنم|کنیم|کنید|کنین|کنه|بشه|باشه|بدم|بدیم|بدین|بدید|بدی|ب\S{2,}(?:م|یم|ین|ید|ه))[?!.]*$/;
const MAX_MODAL_TAIL = 4;
const MAX_OR_TAIL = 3;
const HAVE_OR_IS = /^(?:دارید|دارین|داری|دارن|دارند|داره|داریم|هست|هستش|هستن|است)[?!.]*$/;
const COPULA = /^(?:است|هست|میباشد|باشد|میباشند)[?!.]*$/;
const LIGHT_VERB = /^(?:میشه|میشن|میشد|بشه|بشن|شد|شده|شدن|میکنین|میکنید|کنین|کنید|میکنی)[?!.]*$/;

/** Whether the words after a question's end make a question of their own («و چنده»، not «یا نه»). */
function startsQuestion(after: readonly string[], end?: string): boolean {
  // «… چند میشه با هم؟»: «با هم» after the verb still belongs to its question.
  if (/^(?:با هم|باهم|روی هم|رو هم|جمعا|مجموعا)[?!.]*$/.test(after.join(' '))) return false;
  // «کی موجود میشه؟»: «موجود» and its light verb are one predicate.
  if (end === 'موجود' && LIGHT_VERB.test(after[0] ?? '')) return false;
  // «سایز اس موجود دارید؟»، «موجوده هست؟»: «موجود» and the verb after it ask one thing; split, the
  // bare «دارید» was answered as a second question with the product's whole stock («موجود است»)
  // right under «… تمام شده است».
  if ((end === 'موجود' || end === 'موجوده') && after.length === 1 && HAVE_OR_IS.test(after[0]!)) return false;
  // «… موجود می باشد و …»: the formal copula after «موجود» ends the same question.
  if (end === 'موجود' && (COPULA.test(after[0] ?? '') || (after[0] === 'می' && after[1] === 'باشد'))) return false;
  if (end && MODAL.test(end) && after.length <= MAX_MODAL_TAIL && SUBJUNCTIVE_END.test(after.at(-1) ?? '')) return false;
  // «… دارین که سایزش بزرگ باشه»: که and اگه go on the same question.
  if (after[0] === 'که' || after[0] === 'اگه' || after[0] === 'اگر') return false;
  // «کارت به کارت دارین یا فقط درگاهه؟»: a short «یا …» offers the other choice of the same question.
  if (after[0] === 'یا' && after.length <= MAX_OR_TAIL) return false;
  const rest = after[0] === 'و' || after[0] === 'یا' ? after.slice(1) : after;
  if (rest.length >= MIN_CLAUSE_WORDS) return !(rest.length === 2 && rest[0] === 'یا');
  return rest.length === 1 && QUESTION_END.test(rest[0]!) && rest[0] !== 'نه' && after[0] !== 'یا';
}

const CONDITION_FIRST = /^\s*(?:اگر|اگه|چنانچه|درصورتی ?که|در صورتی ?که)\s/;
// Words on each side of a comma for it to part two questions («… روسری ابریشمی بگیرم، کادو هم میکنین»).
const MIN_COMMA_PART = 3;
/** A sentence split at a comma that ends one statement or question and opens a question of its own. */
function atCommas(sentence: string): string[] {
  const parts: string[] = [];
  for (const part of sentence.split(/[,،]/)) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    const before = parts.at(-1);
    const asks = words.length >= MIN_COMMA_PART && QUESTION_END.test(words.at(-1) ?? '');
    // («اگر امشب کارت به کارت کنم، سفارشم لغو نمی‌شود؟»: a condition before the comma is the question's own.)
    const condition = before !== undefined && CONDITION_FIRST.test(before);
    if (before !== undefined && (condition || !(asks && before.trim().split(/\s+/).filter(Boolean).length >= MIN_COMMA_PART))) parts[parts.length - 1] = `${before} ${part}`;
    else parts.push(part);
  }
  return parts;
}

/**
 * The questions in a matching key: split at question marks, full stops and line breaks, and at a
 * word a question ends on when more words follow («… چه رنگایی داره قیمتش چنده و تا شیراز …»).
 */
export function splitClauses(key: string): string[] {
  const clauses: string[] = [];
  for (const sentence of key.split(/[?!.\n؛]+/).flatMap(atCommas)) {
    let words: string[] = [];
    const flush = () => {
      while (words[0] === 'و' || words[0] === 'یا') words.shift();
      if (words.length) clauses.push(words.join(' '));
      words = [];
    };
    const all = sentence.split(/\s+/).filter(Boolean);
    all.forEach((w, i) => {
      // «قیمت کیف پول و ارسالش رایگانه؟»: «و» before another topic's word starts another question.
      if (w === 'و' && words.length >= MIN_CLAUSE_WORDS && all.length - i - 1 >= MIN_CLAUSE_WORDS && startsOtherTopic(words, all[i + 1] ?? '')) flush();
      words.push(w);
      // («تا نه شب»: nine o'clock, not «no».)
      const nine = w === 'نه' && /^(?:تا|ساعت|از)$/.test(all[i - 1] ?? '');
      // («… جمعا چی میشه ارسالم داره یا نه»: the sending of that sum is the same question.)
      // (A question of its own when it asks whether sending is free: «… جمعش چقد میشه ارسالش رایگانه».)
      // (Nor when it says more of the sending: «… ارسال به کرج چند روزه هزینه داره».)
      const tail = all.slice(i + 1);
      const sendingOfSum = words.some((x) => SUM_WORD.test(x)) && SENDING_WORD.test(tail[0] ?? '') && tail.length <= MAX_SENDING_TAIL && !tail.some((x) => /رایگان|مجانی/.test(x));
      if (!nine && !sendingOfSum && QUESTION_END.test(w) && words.length >= MIN_CLAUSE_WORDS && startsQuestion(all.slice(i + 1), w)) flush();
    });
    flush();
  }
  // «هودی دارین؟ چه رنگایی»: a bare «which colours?» after «do you have …?» asks it of the same
  // thing; one question («قیمتش چنده؟ چه رنگایی داره؟» stays two: a price, then a follow-up).
  for (let k = clauses.length - 1; k > 0; k--) {
    const before = clauses[k - 1]!.split(' ');
    if (WHICH_ATTRIBUTE.test(clauses[k]!) && HAVE_OR_IS.test(before.at(-1) ?? '') && before.length <= MAX_HAVE_WORDS) {
      clauses.splice(k - 1, 2, `${clauses[k - 1]} ${clauses[k]}`);
    }
  }
  // «… صورتی داری؟ اگه نه چه رنگایی هست»: «if not» ties the question to the one before; it puts no
  // condition to a policy (and keeps «چه رنگایی» from being read as asked of the «داری؟» before it).
  for (let k = clauses.length - 1; k >= 1; k--) {
    if (IF_NOT_ALONE.test(clauses[k]!)) clauses.splice(k, 1);
    else clauses[k] = clauses[k]!.replace(IF_NOT, '') || clauses[k]!;
  }
  // «… پس میگیرین؟ بازش کردم»: a short statement after the last question tells about it, asks nothing.
  const last = clauses.at(-1) ?? '';
  const told = last.split(' ');
  if (clauses.length >= 2 && told.length <= MAX_TOLD_WORDS && TELLS.test(last) && !QUESTION_END.test(told.at(-1)!)) {
    clauses.splice(-2, 2, `${clauses.at(-2)} ${last}`);
  }
  // «… درشو باز کردم فقط یه بار زدم. پس میگیرین؟»: a short «so …?» after what the customer told
  // asks about that; apart, it would lose what it is about.
  for (let k = clauses.length - 1; k >= 1; k--) {
    const words = clauses[k]!.split(' ');
    const before = clauses[k - 1]!.split(' ');
    if (words[0] === 'پس' && words.length <= MAX_SO_WORDS && TELLS.test(before.at(-1) ?? '') && !QUESTION_END.test(before.at(-1) ?? '')) {
      clauses.splice(k - 1, 2, `${clauses[k - 1]} ${clauses[k]}`);
    }
  }
  return clauses;
}
const MAX_SO_WORDS = 3;

// Past-tense endings of a statement about what the customer did or what happened.
// («نزدیک نباشه»: a wish about the question before it, as much its part.)
const TELLS = /(?:کردم|کردیم|شده|شد|دادم|دادیم|گرفتم|خریدم|زدم|بودم|اومد|اومده|رسید|رسیده|پوشیدم|بازش کردم|نباشه|نباشد|نشه)$/;
const MAX_TOLD_WORDS = 4;

// A part of a sentence long enough to be a fact of its own («… هزینه‌ی ارسال رفت و برگشت با ماست»).
const MIN_FACT = 20;
const factId = (part: string) => part.replace(/[\s.،,؛;!؟?]+/g, ' ').trim();
const factsOf = (sentence: string) => sentence.split(/[؛;]/).map(factId).filter((f) => f.length >= MIN_FACT);
const sentencesOf = (line: string) => line.split(/(?<=[.!؟?])\s+/);

/**
 * Two answers that state the same fact («هزینه برگشت با کیه؟» beside «میشه عوض کنم؟», both saying
 * who pays the postage) say it once: the sentence is kept where it leads its answer (that answer
 * is about it) and dropped where it was added on, else kept the first time.
 */
function withoutRepeatedFacts(answers: string[][]): string[][] {
  const sentences = answers.map((lines) => lines.map(sentencesOf));
  const first = (a: number) => sentences[a]!.flat()[0];
  for (let b = 1; b < sentences.length; b++) {
    for (const line of sentences[b]!) {
      for (let k = 0; k < line.length; k++) {
        const facts = factsOf(line[k]!);
        if (facts.length === 0) continue;
        for (let a = 0; a < b; a++) {
          const earlier = sentences[a]!.find((l) => l.some((sa) => factsOf(sa).some((f) => facts.includes(f))));
          if (!earlier) continue;
          const at = earlier.findIndex((sa) => factsOf(sa).some((f) => facts.includes(f)));
          const leadsLater = line[k] === first(b);
          const leadsEarlier = earlier[at] === first(a);
          if (leadsLater && !leadsEarlier) earlier.splice(at, 1);
          else {
            line.splice(k, 1);
            k -= 1;
          }
          break;
        }
      }
    }
  }
  return sentences.map((lines) => lines.map((l) => l.join(' ')).filter((l) => l.trim() !== ''));
}

/**
 * One reply from the answers to several clauses: their texts in order, no sentence or fact twice,
 * the first product card, and the quick replies of the last clause that offered any, with the
 * question they answer moved last so its options follow it.
 */
export function composeReplies(replies: readonly Outbound[], greeting?: string): Outbound[] {
  const texts = replies.filter((r) => r.type === 'message' && r.text);
  if (texts.length === 0) return greeting ? [message(greeting)] : [];
  const quickReply = [...replies].reverse().find((r) => r.suggestedActions?.actions.length);
  const quick = quickReply?.suggestedActions;
  // «… چنده و ارسال به شیراز چند روزه؟» with a «which one?» first: the question goes last.
  const ordered = quickReply && texts.includes(quickReply) ? [...texts.filter((r) => r !== quickReply), quickReply] : texts;
  const seen = new Set<string>();
  const answers = ordered.map((r) =>
    (r.text ?? '').split('\n').filter((line) => {
      const id = line.trim();
      if (!id || seen.has(id)) return false;
      seen.add(id);
      return true;
    }),
  );
  const paragraphs: string[] = greeting ? [greeting] : [];
  for (const lines of withoutRepeatedFacts(answers)) if (lines.length) paragraphs.push(lines.join('\n'));
  // The first product's card, as its last answer left it: «صورتی ال؟ اگه نه سفیدش؟» ends on the white one.
  const cards = replies.flatMap((r) => r.attachments ?? []);
  const title = (a: (typeof cards)[number]) => (a.content as { title?: string } | undefined)?.title;
  const card = cards.filter((a) => title(a) === title(cards[0]!)).at(-1);
  const channelData = replies.find((r) => r.channelData)?.channelData;
  return [
    {
      ...message(paragraphs.join('\n\n'), card ? { attachments: [card] } : {}),
      ...(quick ? { suggestedActions: quick } : {}),
      ...(channelData ? { channelData } : {}),
    },
  ];
}

/** A reply's text with any sentence said a second time left out (two answers that share a line). */
export function withoutRepeats(text: string): string {
  const seen = new Set<string>();
  return text
    .split('\n')
    .map((line) =>
      line
        .split(/(?<=[.!؟?])\s+/)
        .filter((sentence) => {
          const id = sentence.trim();
          if (id.length < 12) return true;
          if (seen.has(id)) return false;
          seen.add(id);
          return true;
        })
        .join(' '),
    )
    .filter((line, i, lines) => line.trim() !== '' || (i > 0 && lines[i - 1]!.trim() !== ''))
    .join('\n');
}
