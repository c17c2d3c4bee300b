// The display form's fast paths (unifyCharacters skips text it has nothing to do for, joinVerbPrefix
// tries its pattern only where «می» begins) against the plain replace calls they replaced.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISPLAY_CHAR_MAP, PERSIAN_LETTER, PRESENTATION_FORMS } from '../../src/nlu/normalize/chars.js';
import { joinVerbPrefix, unifyCharacters } from '../../src/nlu/normalize/display.js';
import { toDisplay } from '../../src/nlu/normalize/index.js';
import { VERB_BODY } from '../../src/nlu/normalize/verb-stems.js';
import { anyText, chatText } from '../fuzz/arbitraries.js';

const LIGATURES_WITHOUT_NFKC: Readonly<Record<string, string>> = { '\uFDFD': 'بسم الله الرحمن الرحیم' };
const DISPLAY_CHARS = new RegExp(`[${Object.keys(DISPLAY_CHAR_MAP).join('')}]`, 'g');
const unifyBefore = (text: string) =>
  text.replace(PRESENTATION_FORMS, (ch) => LIGATURES_WITHOUT_NFKC[ch] ?? ch.normalize('NFKC')).replace(DISPLAY_CHARS, (ch) => DISPLAY_CHAR_MAP[ch] ?? ch);
const MI_PREFIX = new RegExp(`(?<![${PERSIAN_LETTER}\\u200C])(ن?می)[ \\u200C]?(${VERB_BODY})(?![${PERSIAN_LETTER}\\u200C])`, 'g');
const joinBefore = (text: string) => (text.includes('می') ? text.replace(MI_PREFIX, (_m, prefix: string, verb: string) => `${prefix}\u200C${verb}`) : text);

const verbs = fc
  .array(fc.constantFrom('می', 'نمی', 'ن', 'م', 'ی', 'خوام', 'خواستم', 'شه', 'دونم', 'کنید', 'رسه', 'وه', 'ز', ' ', '\u200C', 'ﻻ', 'ك', 'ي', '٣', 'ب', 'a'), { maxLength: 14 })
  .map((p) => p.join(''));
const text = fc.oneof(anyText(), chatText(), verbs);

describe('display fast paths', () => {
  it('unifyCharacters gives what its two replace calls gave', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(unifyCharacters(t)).toBe(unifyBefore(t));
      }),
      { numRuns: 4000 },
    );
  });
  it('joinVerbPrefix gives what its global replace gave, raw and as the display form sees it', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(joinVerbPrefix(t)).toBe(joinBefore(t));
        const display = toDisplay(t);
        expect(joinVerbPrefix(display)).toBe(joinBefore(display));
      }),
      { numRuns: 4000 },
    );
  });
  it('still joins the verbs customers write', () => {
    expect(joinVerbPrefix('می خوام نمیشه')).toBe('می\u200Cخوام نمی\u200Cشه');
    expect(joinVerbPrefix('میوه میخواستم')).toBe('میوه می\u200Cخواستم');
  });
});
