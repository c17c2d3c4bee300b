// Inputs for the fuzz tests: what customers, shop owners and attackers may send. Chat-like text
// (Persian and Arabic letters, three kinds of digits, ZWNJ and bidi marks, Finglish, emoji),
// control characters, lone surrogates, any code point at all, deep nesting, and megabyte strings.
import fc from 'fast-check';

const PERSIAN = [...'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءآأإؤئةيكۀ'];
const DIGITS = [...'0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩'];
const MARKS = ['\u200C', '\u200D', '\u200E', '\u200F', '\u202B', '\u202E', '\u2066', '\uFEFF', '\u00A0', '\u064E', '\u0640', 'ـ', '\uFDF2', '\uFEFB'];
const PUNCTUATION = [...' ?؟!.,،٫٬:;-_#@/()[]{}"\'<>&%+*=\\|~`^$'];
const LATIN = [...'abcdefghijklmnopqrstuvwxyzABCXYZ'];
const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).concat(['\u007F', '\u0085', '\u2028', '\u2029']);
const ODD = ['\uD800', '\uDFFF', '\uFFFF', '\uFFFE', '😀', '👍🏽', '🇮🇷', '\u{10FFFF}', '\u0000', '\uE000'];

const chatUnit = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...PERSIAN) },
  { weight: 3, arbitrary: fc.constantFrom(...DIGITS) },
  { weight: 3, arbitrary: fc.constantFrom(' ', ' ', '\n') },
  { weight: 2, arbitrary: fc.constantFrom(...PUNCTUATION) },
  { weight: 2, arbitrary: fc.constantFrom(...LATIN) },
  { weight: 1, arbitrary: fc.constantFrom(...MARKS) },
  { weight: 1, arbitrary: fc.constantFrom(...CONTROL) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD) },
);

/** Text as customers type it, with everything that may go wrong mixed in. */
export const chatText = (maxLength = 200) => fc.string({ unit: chatUnit, maxLength });

/** Any text at all: arbitrary code points (lone surrogates included) or chat-like text. */
export const anyText = (maxLength = 200) =>
  fc.oneof(fc.string({ unit: 'binary', maxLength }), fc.string({ unit: 'grapheme', maxLength }), chatText(maxLength), fc.string({ unit: fc.constantFrom(...CONTROL), maxLength }));

/** Patterns that once made an extractor quadratic (a message full of order numbers or sizes). */
const HEAVY_PATTERNS = ['10401 ', '#10401 ', 'سفارش 10401 ', 'xl ', 'لارج ', '40 ', '2 تا ', '0912 ', '1٬', 'می ', 'قرمز '];

/** Text of about a megabyte: a short pattern repeated, which is where slow regexes show. */
export const megabyteText = fc
  .tuple(fc.oneof(fc.constantFrom(...HEAVY_PATTERNS), chatText(12).filter((s) => s.length > 0)), fc.integer({ min: 900_000, max: 1_100_000 }))
  .map(([pattern, size]) => pattern.repeat(Math.ceil(size / pattern.length)).slice(0, size));

/** Arrays and objects nested `depth` levels deep around a value (JSON.stringify copes up to a few thousand). */
export const nested = (depth: number, inner: unknown = 1): unknown => {
  let value = inner;
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
};

/** The JSON text of arrays and objects nested `depth` levels deep, for depths no serializer would write. */
export const nestedJson = (depth: number, inner = '1'): string => {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open += i % 2 ? '{"a":' : '[';
    close = (i % 2 ? '}' : ']') + close;
  }
  return open + inner + close;
};

/** JSON values of every shape, strings as odd as the text above, some nested hundreds deep. */
export const anyJson = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: fc.dictionary(anyText(20), fc.oneof(anyText(50), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)), { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map((d) => nested(d)) },
);

/** JSON text: any of the values above, or nesting up to 10,000 deep. */
export const anyJsonText = fc.oneof(
  { weight: 8, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 10_000 }).map((d) => nestedJson(d)) },
);
