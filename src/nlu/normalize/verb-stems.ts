// Verb stems that may follow the می/نمی prefix. hazm decides with a full verb lexicon; we keep a
// list of the stems customers actually use (formal and spoken), and require a personal ending on
// present stems, so nouns that merely start with می (میوه، میدان، میلیون، میگو، میز) stay intact.

/** Present stems: the prefix joins only when a personal ending follows (می‌خواهم، می‌شه). */
export const PRESENT_STEMS = [
  // formal
  'خواه', 'دان', 'توان', 'شو', 'کن', 'ده', 'رس', 'خر', 'فرست', 'گرد', 'رو', 'بین', 'گیر', 'گو',
  'زن', 'پوش', 'کش', 'خور', 'نویس', 'خوان', 'پرس', 'ساز', 'گذار', 'مان', 'پسند', 'فروش', 'شناس',
  'بر', 'دار', 'پذیر', 'چسب', 'ترس', 'فهم', 'کوش', 'دوز', 'شور', 'بند', 'پز', 'یاب', 'باش', 'فرمای', 'نمای', 'پرداز',
  // spoken
  'خوا', 'تون', 'دون', 'ش', 'ر', 'گ', 'د', 'مون', 'ذار', 'خون', 'زار',
];

/** Past stems: the third person singular has no ending (می‌خواست، می‌شد), so none is required. */
export const PAST_STEMS = [
  'خواست', 'تونست', 'توانست', 'دونست', 'دانست', 'شد', 'رفت', 'کرد', 'گفت', 'داد', 'دید', 'خرید',
  'فرستاد', 'رسید', 'زد', 'پوشید', 'خورد', 'گرفت', 'برد', 'گذاشت', 'ذاشت', 'داشت', 'نوشت', 'خواند',
  'خوند', 'موند', 'ماند', 'پرسید', 'فروخت', 'پسندید', 'فهمید',
];

const PERSONAL_ENDING = '(?:یم|ید|ین|ند|ن|م|ی|ه|د)';
const OBJECT_CLITIC = '(?:مون|تون|شون|ش|ت)?';

/** After a present stem a personal ending is required, then an optional object clitic (می‌خوامش). */
export const PRESENT_ENDING = PERSONAL_ENDING + OBJECT_CLITIC;
/** After a past stem the ending is optional (می‌خواست، می‌خواستم). */
export const PAST_ENDING = PERSONAL_ENDING + '?' + OBJECT_CLITIC;

const byLengthDesc = (a: string, b: string) => b.length - a.length;

/** Alternation of every stem with its endings, longest stems first; captures the stem. */
export const VERB_BODY =
  `(${[...PRESENT_STEMS].sort(byLengthDesc).join('|')})${PRESENT_ENDING}` +
  `|(${[...PAST_STEMS].sort(byLengthDesc).join('|')})${PAST_ENDING}`;
