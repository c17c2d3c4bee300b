// The tokenizer's scan reads exactly the tokens of its regular expression, in every script.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { tokenize, tokenizeWithOffsets, tokenSpans, TokenSpans } from '../../src/nlu/tokenize/index.js';

const pieces = fc.constantFrom('قیمت', 'مانتو', '\u064B', 'سلاااام', 'abc', 'Ünï', '12', '3.5', '4.', '.7', '?', '!', '؟', ' ', '\u200C', '#', '😀', '𝐀', 'ـ', '٫', '۱۲', '\uD800', 'é', '-');
const texts = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.array(pieces, { maxLength: 12 }).map((p) => p.join('')));

it('splits any text as the token pattern does', () => {
  fc.assert(
    fc.property(texts, (text) => {
      expect(tokenize(text)).toEqual(tokenizeWithOffsets(text).map((t) => t.text));
    }),
    { numRuns: 2000 },
  );
});

it('finds the spans of the same tokens, reusing its arrays', () => {
  const spans = new TokenSpans();
  fc.assert(
    fc.property(texts, (text) => {
      tokenSpans(text, spans);
      const read = Array.from({ length: spans.length }, (_, k) => ({ text: text.slice(spans.starts[k], spans.ends[k]), start: spans.starts[k], end: spans.ends[k] }));
      expect(read).toEqual(tokenizeWithOffsets(text));
    }),
    { numRuns: 2000 },
  );
  tokenSpans('a '.repeat(100), spans);
  expect(spans.length).toBe(100);
});

it('reads words, numbers with a decimal part, and ? and !', () => {
  expect(tokenize('قیمت مانتو 3.5 میلیون?! x2 4.')).toEqual(['قیمت', 'مانتو', '3.5', 'میلیون', '?', '!', 'x', '2', '4']);
});
