// The matching key's one-pass fold (normalize/key.ts reads a typed table and knows whether a Latin
// vowel is stretched) against the Map-and-regex fold it replaced: the same key for any text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_CHAR_MAP } from '../../src/nlu/normalize/chars.js';
import { joinAffixes } from '../../src/nlu/normalize/display.js';
import { toDisplay, toKey } from '../../src/nlu/normalize/index.js';
import { keyFromDisplay } from '../../src/nlu/normalize/key.js';
import { protectSpans, restoreSpans } from '../../src/nlu/normalize/protect.js';
import { anyText, chatText } from '../fuzz/arbitraries.js';

// keyFromDisplay as it was, character for character.
const FOLD = new Map<number, string>(Object.entries(KEY_CHAR_MAP).map(([k, v]) => [k.charCodeAt(0), v]));
const isPersianLetter = (c: number) => (c >= 0x0621 && c <= 0x064a) || (c >= 0x0671 && c <= 0x06d3);
const FOLDS_INTO_AFFIX_LETTER = new Set([0x06c0, 0x0629, 0x0626, 0x0623, 0x0625, 0x0622, 0x0671, 0x0624]);
function foldBefore(text: string): { folded: string; uncovers: boolean } {
  let out = '';
  let previous = -1;
  let uncovers = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const mapped = FOLD.get(code);
    if (mapped === '') {
      uncovers = true;
      continue;
    }
    const ch = mapped ?? text.charAt(i);
    const c = mapped === undefined ? code : mapped.charCodeAt(0);
    if (c === previous && isPersianLetter(c)) {
      uncovers = true;
      continue;
    }
    if (mapped !== undefined && FOLDS_INTO_AFFIX_LETTER.has(code)) uncovers = true;
    out += ch;
    previous = c;
  }
  return { folded: out, uncovers };
}
// The ezafe after a silent «ه» («عمده‌ی شال» → «عمده شال»), a rule the one-pass fold gained after it
// replaced this one, applied first as keyFromDisplay does (a generated «ﻻه ی» showed the gap).
const EZAFE_AFTER_HE = /ه\u200cی(?![\p{L}\u200c])/gu;
function keyBefore(display: string): string {
  const { text, spans } = protectSpans(display.toLowerCase().replace(EZAFE_AFTER_HE, 'ه'));
  let { folded, uncovers } = foldBefore(text);
  folded = folded.replace(/([aeiouyh])\1{2,}/g, '$1');
  folded = folded.replace(/(?<=\d)\u066B(?=\d)/g, '.');
  if (/\d[,\u066C]\d/.test(folded)) folded = folded.replace(/(?<=\d)[,\u066C](?=\d{3}(?!\d))/g, '');
  if (uncovers) folded = foldBefore(joinAffixes(folded)).folded;
  return restoreSpans(folded, spans);
}

const stretchy = fc.array(fc.constantFrom('a', 'aa', 'aaa', 'e', 'ee', 'eee', 'i', 'o', 'u', 'y', 'h', 'hhh', 'salaaam', 'mersiii', 'xxl', 'A', 'AAA', 'ب', 'ه', 'ها', '\u200C', ' ', '۱', '٫', '٬', ',', '1', 'ة', 'ئ'), { maxLength: 16 }).map((p) => p.join(''));

describe('matching key fold', () => {
  it('gives the key the Map-and-regex fold gave, for display text and for raw text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText(), chatText(), stretchy), (text) => {
        expect(keyFromDisplay(toDisplay(text))).toBe(keyBefore(toDisplay(text)));
        expect(keyFromDisplay(text)).toBe(keyBefore(text));
      }),
      { numRuns: 4000 },
    );
  });
  it('drops the ezafe after a silent «ه», whatever letters come before it', () => {
    expect(keyFromDisplay(toDisplay('ﻻه ی'))).toBe(keyBefore(toDisplay('ﻻه ی')));
    expect(toKey('عمده ی شال')).toBe('عمده شال');
  });
  it('still squeezes a stretched Latin vowel and only that', () => {
    expect(toKey('salaaaam mersiiii')).toBe('salam mersi');
    expect(toKey('XXL AAA')).toBe('xxl a');
    expect(toKey('hhhi')).toBe('hi');
  });
});
