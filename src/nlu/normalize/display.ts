// The display form: correct written Persian as hazm would write it, keeping the user's words and
// digits. Each rule is its own exported step so it can be tested by name; `toDisplay` runs them in
// hazm's order (see shared docs/persian-text.md).
import {
  ANY_DIGIT,
  DIACRITICS,
  DISPLAY_CHAR_MAP,
  EXOTIC_SPACES,
  INVISIBLES,
  PERSIAN_LETTER,
  PRESENTATION_FORMS,
} from './chars.js';
import { protectSpans, restoreSpans, stripPrivateUse } from './protect.js';
import { VERB_BODY } from './verb-stems.js';

const L = PERSIAN_LETTER;

// NFKC leaves the basmala as one character.
const LIGATURES_WITHOUT_NFKC: Readonly<Record<string, string>> = { '\uFDFD': 'بسم الله الرحمن الرحیم' };
const DISPLAY_CHARS = new RegExp(`[${Object.keys(DISPLAY_CHAR_MAP).join('')}]`, 'g');

// Whether a text has anything for unifyCharacters to do, by one scan of code units: most messages
// have neither a presentation form nor an Arabic keyboard letter, and two replace calls cost more.
const UNIFIED = new Uint8Array(0x10000);
UNIFIED.fill(1, 0xfb50, 0xfe00);
UNIFIED.fill(1, 0xfe70, 0xfefd);
for (const ch of Object.keys(DISPLAY_CHAR_MAP)) UNIFIED[ch.charCodeAt(0)] = 1;
const needsUnifying = (text: string) => {
  for (let i = 0; i < text.length; i++) if (UNIFIED[text.charCodeAt(i)] === 1) return true;
  return false;
};

/** Step 1–2: Arabic letters and presentation forms to Persian letters, ligatures expanded. */
export function unifyCharacters(text: string): string {
  if (!needsUnifying(text)) return text;
  return text
    .replace(PRESENTATION_FORMS, (ch) => LIGATURES_WITHOUT_NFKC[ch] ?? ch.normalize('NFKC'))
    .replace(DISPLAY_CHARS, (ch) => DISPLAY_CHAR_MAP[ch] ?? ch);
}

/** Step 3: diacritics and Quranic marks. */
export function removeDiacritics(text: string): string {
  return text.replace(DIACRITICS, '');
}

const REMOVED = new RegExp(`${INVISIBLES.source.slice(0, -1)}\\u0640]`, 'g'); // and tatweel
const SPACE_RUN = / {2,}/g;
const SPACE_AROUND_NEWLINE = / *\n */g;
const NEWLINE_RUN = /\n{3,}/g;
const ZWNJ_RUN = /\u200C{2,}/g;
// A ZWNJ only means something between two Persian letters.
const STRAY_ZWNJ = new RegExp(`(?<![${L}])\\u200C|\\u200C(?![${L}])`, 'g');

/** Step 4: one kind of space, no tatweel, ZWNJ only where it joins two letters. */
export function fixSpacing(text: string): string {
  let out = text.replace(REMOVED, '').replace(EXOTIC_SPACES, ' ');
  if (out.includes('\u200C')) out = out.replace(ZWNJ_RUN, '\u200C').replace(STRAY_ZWNJ, '');
  if (out.includes('  ')) out = out.replace(SPACE_RUN, ' ');
  if (out.includes('\n')) out = out.replace(SPACE_AROUND_NEWLINE, '\n').replace(NEWLINE_RUN, '\n\n');
  return out.trim();
}

const MI_PREFIX = new RegExp(`(?<![${L}\\u200C])(ن?می)[ \\u200C]?(${VERB_BODY})(?![${L}\\u200C])`, 'g');

const MI_PREFIX_AT = new RegExp(MI_PREFIX.source, 'y');
const NUN = 0x0646;

/** Step 5a: the verb prefix می/نمی joins its stem with a ZWNJ, written apart or glued. */
export function joinVerbPrefix(text: string): string {
  if (!text.includes('می')) return text;
  // text.replace(MI_PREFIX, prefix + ZWNJ + verb), the pattern tried only where it can begin: at
  // each «می», or at the «ن» before it (after a «ن», a letter, the lookbehind fails at «می»). It
  // fails everywhere else, so the result is the same without a lookbehind at every character.
  let out = '';
  let done = 0;
  for (let i = text.indexOf('می'); i !== -1; i = text.indexOf('می', Math.max(i + 1, done))) {
    const start = i > 0 && text.charCodeAt(i - 1) === NUN ? i - 1 : i;
    if (start < done) continue;
    MI_PREFIX_AT.lastIndex = start;
    const m = MI_PREFIX_AT.exec(text);
    if (!m) continue;
    out += `${text.slice(done, m.index)}${m[1]}\u200C${m[2]}`;
    done = m.index + m[0].length;
  }
  return done === 0 ? text : out + text.slice(done);
}

const PUNCT_OR_END = `(?=[ \\n.,:;!?،؛؟»)\\]}]|$)`;
const SEPARATE_SUFFIX = new RegExp(
  `(?<=[${L}]{2}) (هایی|های|ها|ترین|تری|تر|گری|گر)${PUNCT_OR_END}`,
  'g',
);
const HE_CLITIC = new RegExp(`(?<=[${L}][هۀة]) (ی|ام|ایم|اش|اند|ای|اید|ات)${PUNCT_OR_END}`, 'g');
const HE_HA = new RegExp(`(?<=[${L}]ه)(?=ها)`, 'g');
// Cheap tests that let most messages skip the lookbehind patterns above.
const MAY_HAVE_SUFFIX = / (?:ها|تر|گر)/;
const MAY_HAVE_HE_CLITIC = /[هۀة] ا|[هۀة] ی|هها/;

/** Step 5b: plural, comparative and -gar suffixes written apart join with a ZWNJ. */
export function joinSuffixes(text: string): string {
  return MAY_HAVE_SUFFIX.test(text) ? text.replace(SEPARATE_SUFFIX, '\u200C$1') : text;
}

/** Step 5c: after a final ه, the ezafe and clitics join with a ZWNJ, and هها becomes ه‌ها. */
export function joinHeClitics(text: string): string {
  return MAY_HAVE_HE_CLITIC.test(text) ? text.replace(HE_CLITIC, '\u200C$1').replace(HE_HA, '\u200C') : text;
}

const SPACE_BEFORE_PUNCT = /[ ]+(?=[.,:;!?،؛؟»)\]}])/g;
const SPACE_AFTER_OPENING = /(?<=[«([{])[ ]+/g;
// ، between digits is a thousands separator some keyboards produce (۱،۲۰۰): no space there.
const GLUED_AFTER_PERSIAN_PUNCT = new RegExp(
  `(?<![${ANY_DIGIT}][،؛])(?<=[،؛؟])(?=[^\\s.,:;!?،؛؟»)\\]}])|(?<=[${ANY_DIGIT}][،؛])(?=[^\\s.,:;!?،؛؟»)\\]}${ANY_DIGIT}])`,
  'g',
);
// Latin text after . : ! is most often a domain, a time or an abbreviation: only Persian gets a space.
const GLUED_AFTER_LATIN_PUNCT = new RegExp(`(?<=[${L}][.:!?؟]+)(?=[${L}«])`, 'g');
const DIGIT_LETTER_SEAM = new RegExp(`([${ANY_DIGIT}])(?=[${L}])|([${L}])(?=[${ANY_DIGIT}])`, 'g');
const HAS_PUNCT = /[.,:;!?،؛؟«»()[\]{}]/;
const HAS_DIGIT = new RegExp(`[${ANY_DIGIT}]`);

/** Step 6: punctuation spacing; a digit glued to a Persian letter is set apart. */
export function fixPunctuation(text: string): string {
  let out = text;
  if (HAS_PUNCT.test(out)) {
    out = out
      .replace(SPACE_BEFORE_PUNCT, '')
      .replace(SPACE_AFTER_OPENING, '')
      .replace(GLUED_AFTER_PERSIAN_PUNCT, ' ')
      .replace(GLUED_AFTER_LATIN_PUNCT, ' ');
  }
  if (HAS_DIGIT.test(out)) out = out.replace(DIGIT_LETTER_SEAM, '$1$2 ');
  return out;
}

// 3+ copies of a letter inside a word that has other letters: emphasis, not spelling. A word made
// of one letter only (خخخخ، هههه) is laughter and is left as typed.
const STRETCHED = new RegExp(`([${L}])\\1{2,}`, 'g');
const WORD_OF_ONE_LETTER = new RegExp(`^([${L}])\\1*$`);

/** Step 7: letters stretched for emphasis come down to one copy. */
export function squeezeStretched(text: string): string {
  if (!STRETCHED.test(text)) return text;
  STRETCHED.lastIndex = 0;
  return text.replace(STRETCHED, (run: string, _letter: string, offset: number, whole: string) => {
    const word = wordAround(whole, offset, run.length);
    return WORD_OF_ONE_LETTER.test(word) ? run : run.charAt(0);
  });
}

const WORD_EDGE = /[\s.,:;!?،؛؟«»()[\]{}]/;
function wordAround(text: string, start: number, length: number): string {
  let from = start;
  while (from > 0 && !WORD_EDGE.test(text.charAt(from - 1))) from--;
  let to = start + length;
  while (to < text.length && !WORD_EDGE.test(text.charAt(to))) to++;
  return text.slice(from, to);
}

/** Step 5 as one: every affix that joins its word with a ZWNJ. */
export function joinAffixes(text: string): string {
  return joinHeClitics(joinSuffixes(joinVerbPrefix(text)));
}

/**
 * The whole display pipeline, in hazm's order, except that punctuation is spaced before affixes
 * are joined: a suffix glued to a digit or a mark (تر۱، ها؟) is only seen once it stands apart.
 */
export function toDisplay(text: string): string {
  const cleaned = fixSpacing(removeDiacritics(unifyCharacters(stripPrivateUse(text))));
  const { text: guarded, spans } = protectSpans(cleaned);
  let out = squeezeStretched(guarded);
  out = fixPunctuation(out);
  out = fixSpacing(out);
  out = joinAffixes(out);
  return restoreSpans(out, spans);
}
