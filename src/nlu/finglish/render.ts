// A best-guess Persian spelling of a Finglish word, used when the vocabulary has no better match
// and to choose between vocabulary words that share a skeleton.

const MULTI: ReadonlyArray<readonly [string, string]> = [
  ['kh', 'خ'], ['gh', 'ق'], ['sh', 'ش'], ['ch', 'چ'], ['zh', 'ژ'], ['aa', 'ا'], ['oo', 'و'],
  ['ee', 'ی'], ['ey', 'ی'], ['ei', 'ی'], ['ay', 'ای'], ['ai', 'ای'], ['ou', 'و'],
];
const SINGLE: Readonly<Record<string, string>> = {
  b: 'ب', p: 'پ', t: 'ت', j: 'ج', h: 'ه', x: 'خ', d: 'د', r: 'ر', z: 'ز', s: 'س', f: 'ف', q: 'ق',
  k: 'ک', c: 'ک', g: 'گ', l: 'ل', m: 'م', n: 'ن', v: 'و', w: 'و', y: 'ی', a: 'ا', u: 'و', i: 'ی',
  o: '', e: '',
};
const INITIAL_VOWEL: Readonly<Record<string, string>> = { a: 'ا', e: 'ا', o: 'ا', i: 'ای', u: 'او' };

export function renderFinglish(word: string): string {
  let out = '';
  let i = 0;
  if (word.charAt(0) in INITIAL_VOWEL && !word.startsWith('ey') && !word.startsWith('aa')) {
    out += INITIAL_VOWEL[word.charAt(0)];
    i = 1;
  }
  while (i < word.length) {
    const pair = MULTI.find(([latin]) => word.startsWith(latin, i));
    if (pair) {
      out += pair[1];
      i += 2;
      continue;
    }
    const ch = word.charAt(i);
    const isLast = i === word.length - 1;
    // A closed syllable's short a is not written: kafsh → کفش, sabz → سبز.
    if (ch === 'a' && /^[bcdfgjklmnpqrstvxz]{2}/.test(word.slice(i + 1)) && !word.startsWith('aa', i)) {
      i += 1;
      continue;
    }
    if (isLast && ch === 'e') out += 'ه';
    else if (isLast && ch === 'o') out += 'و';
    else out += SINGLE[ch] ?? '';
    i += 1;
  }
  return out;
}
