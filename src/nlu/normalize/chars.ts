// Character classes shared by the normalizer steps. Kept as regex source strings so each step can
// compose the exact pattern it needs.

/** Letters of the Persian alphabet plus the Arabic-script letters that survive display normalization. */
export const PERSIAN_LETTER = '\u0621-\u063A\u0641-\u064A\u067E\u0686\u0698\u06A9\u06AF\u06C0\u06CC';
export const PERSIAN_DIGIT = '\u06F0-\u06F9';
export const ARABIC_DIGIT = '\u0660-\u0669';
export const ANY_DIGIT = `0-9${PERSIAN_DIGIT}${ARABIC_DIGIT}`;
export const ZWNJ = '\u200C';

/** Arabic presentation forms and ligatures; NFKC maps each to its base letters. */
export const PRESENTATION_FORMS = /[\uFB50-\uFDFF\uFE70-\uFEFC]/g;

/** Diacritics and Quranic marks: carry no meaning in chat and break matching. */
export const DIACRITICS = /[\u064B-\u065F\u0670\u0610-\u061A\u06D6-\u06ED]/g;

/** Invisible characters that only get in the way: ZWJ, ZWSP, BOM, soft hyphen, bidi controls. */
export const INVISIBLES = /[\u200B\u200D\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD\r]/g;

/** The many Unicode spaces that should read as one plain space. */
export const EXOTIC_SPACES = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/**
 * One-to-one character unification for the display form: Arabic keyboard letters to Persian,
 * Arabic-Indic digits to Persian digits (same digits, Persian glyphs), curly quotes to straight.
 * hazm leaves ة أ إ ؤ ئ ۀ alone in its display form, and so do we.
 */
export const DISPLAY_CHAR_MAP: Readonly<Record<string, string>> = {
  '\u0643': '\u06A9', // ك → ک
  '\u064A': '\u06CC', // ي → ی
  '\u0649': '\u06CC', // ى → ی
  '\u06D2': '\u06CC', // ے → ی
  '\u06CD': '\u06CC', // ۍ → ی
  '\u06D0': '\u06CC', // ې → ی
  '\u06C1': '\u0647', // ہ → ه
  '\u06BE': '\u0647', // ھ → ه
  '\u06D5': '\u0647', // ە → ه
  '\u06AA': '\u06A9', // ڪ → ک
  '\u0660': '\u06F0', '\u0661': '\u06F1', '\u0662': '\u06F2', '\u0663': '\u06F3', '\u0664': '\u06F4',
  '\u0665': '\u06F5', '\u0666': '\u06F6', '\u0667': '\u06F7', '\u0668': '\u06F8', '\u0669': '\u06F9',
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u2018': "'", '\u2019': "'", '\u201A': "'",
};

/** Further folding for the matching key, on top of the display form. */
export const KEY_CHAR_MAP: Readonly<Record<string, string>> = {
  '\u06F0': '0', '\u06F1': '1', '\u06F2': '2', '\u06F3': '3', '\u06F4': '4',
  '\u06F5': '5', '\u06F6': '6', '\u06F7': '7', '\u06F8': '8', '\u06F9': '9',
  '\u0623': '\u0627', // أ → ا
  '\u0625': '\u0627', // إ → ا
  '\u0622': '\u0627', // آ → ا
  '\u0671': '\u0627', // ٱ → ا
  '\u0629': '\u0647', // ة → ه
  '\u06C0': '\u0647', // ۀ → ه
  '\u0624': '\u0648', // ؤ → و
  '\u0626': '\u06CC', // ئ → ی
  '\u061F': '?', // ؟ → ?
  '\u060C': ',', // ، → ,
  '\u061B': ';', // ؛ → ;
  '\u200C': '', // ZWNJ: the key joins half-spaced words, as most customers type them
};
