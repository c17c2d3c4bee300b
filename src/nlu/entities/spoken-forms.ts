// Catalog words as customers say them. Spoken Persian glues a clitic to the noun it points at:
// «کرپه» (the crepe one), «شالش» (its shawl), «هودیه»، «مانتوهه»، «کتونیو» (object marker), and says
// «مردونه» for «مردانه». Such a word is the catalog word under it, not a typo of some other word
// («کرپه» is one deletion from «کراپ» too): the product matcher tries these bases before typos.

// Longest first, so «مانتوهه» loses «هه» before «ه» is tried.
const CLITICS = ['هاشو', 'هاش', 'های', 'تون', 'مون', 'شون', 'هه', 'یه', 'شو', 'شم', 'رو', 'اش', 'ام', 'ها', 'ه', 'ش', 'و', 'ی', 'م', 'ت', 'ا'];
// Shorter bases are everyday fragments far more often than catalog words («میشه» is no «می» of «فیت می»).
const MIN_BASE = 3;
// Verbs whose ending looks like a clitic: «داره» (has) is no «دار» of «کلاه دار».
const VERBS = new Set(['داره', 'داری', 'دارم', 'دارن', 'داریم', 'نداره', 'نداری', 'ندارم', 'ندارن', 'کنه', 'بشه', 'باشه', 'بده', 'بره', 'شده', 'بوده', 'میشه', 'نمیشه']);

/**
 * The words a spoken form may stand for, most likely first: the word without a glued clitic
 * («شالش» → «شال»)، and «ون» read as written «ان» («مردونه» → «مردانه»، «زمستونی» → «زمستانی»).
 * Letters only (a matching-key word); the word itself is not among them.
 *
 * @example spokenBases('مانتوهه') // ['مانتوه', 'مانتو']
 */
export function spokenBases(word: string): string[] {
  if (!/^\p{Script=Arabic}+$/u.test(word) || VERBS.has(word)) return [];
  const out: string[] = [];
  const add = (w: string) => {
    if (w.length >= MIN_BASE && w !== word && !out.includes(w)) out.push(w);
  };
  for (const clitic of CLITICS) if (word.endsWith(clitic)) add(word.slice(0, -clitic.length));
  // «مردونه»، «زنونه»، «تابستونی»: the written vowel of «-انه»/«-ان».
  const written = word.replace(/ون(?=ه|ی|$)/, 'ان');
  if (written !== word) {
    add(written);
    for (const clitic of CLITICS) if (written.endsWith(clitic)) add(written.slice(0, -clitic.length));
  }
  return out;
}
