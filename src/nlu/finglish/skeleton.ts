// A consonant skeleton shared by Persian script and Finglish: vowels (which Finglish spells freely
// and Persian mostly leaves unwritten) are dropped, and letters that sound alike fold to one class.
// "gheymatesh" and "قیمتش" both become QMT$.

const PERSIAN_CLASSES: Readonly<Record<string, string>> = {
  'ب': 'B', 'پ': 'P', 'ت': 'T', 'ط': 'T', 'ث': 'S', 'س': 'S', 'ص': 'S', 'ج': 'J', 'چ': 'C',
  'ح': 'H', 'ه': 'H', 'خ': 'X', 'د': 'D', 'ذ': 'Z', 'ز': 'Z', 'ض': 'Z', 'ظ': 'Z', 'ر': 'R',
  'ژ': 'Y', 'ش': '$', 'غ': 'Q', 'ق': 'Q', 'ف': 'F', 'ک': 'K', 'گ': 'G', 'ل': 'L', 'م': 'M',
  'ن': 'N',
};

const LATIN_DIGRAPHS: ReadonlyArray<readonly [string, string]> = [
  ['kh', 'X'], ['gh', 'Q'], ['sh', '$'], ['ch', 'C'], ['zh', 'Y'],
];
const LATIN_CLASSES: Readonly<Record<string, string>> = {
  b: 'B', p: 'P', t: 'T', s: 'S', c: 'K', j: 'J', h: 'H', x: 'X', d: 'D', z: 'Z', r: 'R', q: 'Q',
  f: 'F', k: 'K', g: 'G', l: 'L', m: 'M', n: 'N', v: 'V', w: 'V',
};

const squeeze = (s: string) => s.replace(/(.)\1+/g, '$1');

/** Skeleton of a Persian word in matching-key form. */
export function persianSkeleton(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word.charAt(i);
    // و starts a syllable as "v" at a word's start; elsewhere it is mostly the vowel o/u.
    if (ch === 'و' && i === 0) out += 'V';
    // A final ه after a consonant is the vowel e (چنده، خونه).
    else if (ch === 'ه' && i === word.length - 1 && i > 0) continue;
    else out += PERSIAN_CLASSES[ch] ?? '';
  }
  return squeeze(out);
}

/** Skeleton of a Finglish word (lower case). */
export function latinSkeleton(word: string): string {
  let rest = word.replace(/(?<=[aeiou])h$/, ''); // chandeh, merseh: a written-out final e
  let out = '';
  while (rest.length > 0) {
    const digraph = LATIN_DIGRAPHS.find(([latin]) => rest.startsWith(latin));
    if (digraph) {
      out += digraph[1];
      rest = rest.slice(2);
      continue;
    }
    out += LATIN_CLASSES[rest.charAt(0)] ?? '';
    rest = rest.slice(1);
  }
  return squeeze(out);
}
