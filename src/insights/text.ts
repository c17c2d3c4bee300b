// The not-understood messages the owner reads: stored as text with nothing that names a customer,
// and grouped at read time so «ساعت کاریتون؟» and «ساعت کاری شما چنده» count as one question.
import { normalize, toKey } from '../nlu/index.js';
import { stem, tokenize } from '../nlu/tokenize/index.js';
import { maskPersonalData } from '../security/mask.js';

/** Longest text kept: a question, not a letter. */
const MAX_CHARS = 120;
/** A run of four or more digits (or of digits already masked): an order, phone, card or tracking number. */
const NUMBER_RUN = /[0-9\u06F0-\u06F9\u0660-\u0669*](?:[ \-–]?[0-9\u06F0-\u06F9\u0660-\u0669*]){3,}/g;
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/g;
/**
 * Anything that reads as an address: a `scheme://…` link (https, ftp, …), a `javascript:`-like
 * pseudo link, `www.…`, or a bare domain (`example.com`, `x.ir`, with any path). Bare domains are
 * matched by their ending (common and Iranian-used TLDs) so that a Finglish «salam.chetori» stays.
 */
const LINK = new RegExp(
  [
    String.raw`\b[a-z][a-z0-9+.-]*:\/\/\S*`,
    String.raw`\b(?:javascript|vbscript|data|mailto|tel|file):\S*`,
    String.raw`\bwww\.\S+`,
    String.raw`\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:ir|com|net|org|info|biz|io|co|me|app|dev|ai|xyz|site|online|shop|store|link|ly|gl|to|tv|gg|cc|us|uk|de|fr|ru|tr|ae|eu|ca|in|cn|asia|top|club|blog|news|live|tech|pro|academy|page|cloud|one|name|mobi|ws)\b(?:[/?#:]\S*)?`,
  ].join('|'),
  'gi',
);
export const NUMBER_MASK = '***';

/**
 * A not-understood message as it may be stored: normalized (display form), numbers of four digits
 * or more, e-mail addresses and anything that reads as a link or a domain replaced by `***`, the customer's own name words removed,
 * cut at MAX_CHARS. Empty when nothing worth reading is left.
 *
 * @example storableText('سفارش ۱۰۴۰۱ من کو؟ مریم هستم', ['مریم']) // 'سفارش *** من کو؟ … هستم'
 */
export function storableText(text: string, names: readonly string[] = []): string {
  let out = maskPersonalData(normalize(text).display).replace(EMAIL, NUMBER_MASK).replace(LINK, NUMBER_MASK).replace(NUMBER_RUN, NUMBER_MASK);
  const nameKeys = new Set(names.flatMap((n) => tokenize(toKey(n))).filter((w) => w.length >= 2));
  if (nameKeys.size) {
    out = out
      .split(/(\s+)/)
      .map((word) => (tokenize(toKey(word)).some((w) => nameKeys.has(w)) ? '…' : word))
      .join('');
  }
  out = out.replace(/\s+/g, ' ').trim();
  if ([...out].length > MAX_CHARS) out = `${[...out].slice(0, MAX_CHARS - 1).join('')}…`;
  return /[\p{L}]/u.test(out) ? out : '';
}

// Words that say little about what was asked: left out when comparing two messages.
const STOP = new Set(['و', 'که', 'از', 'به', 'را', 'رو', 'این', 'اون', 'آن', 'من', 'یه', 'یک', 'تو', 'با', 'در', 'هم', 'شما', 'ما', 'سلام', 'لطفا', 'ببخشید', 'چی', 'چه', 'آیا', 'ایا', 'هست', 'است', 'هستش', 'برای', 'دارید', 'دارین', 'داری', 'میخوام', 'میخواستم']);

/** The words that carry a message's meaning: matching key, tokens, light stems, stop words out. */
export function meaningWords(text: string): Set<string> {
  return new Set(
    tokenize(toKey(text))
      .filter((t) => t.length >= 2 && !STOP.has(t) && !/^\d+$/.test(t))
      .map((t) => stem(t)),
  );
}

/** Word overlap of two sets (Jaccard): 1 the same words, 0 none in common. */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const w of a) if (b.has(w)) common += 1;
  return common / (a.size + b.size - common);
}

/** A group of similar not-understood messages: its most frequent wording, how often, and others. */
export interface MissedGroup {
  text: string;
  count: number;
  /** Other wordings in the group, most frequent first (a few). */
  variants: string[];
}

/** Two messages sharing at least this much of their words are one question. */
export const SIMILAR = 0.5;
/** Texts considered when grouping (the most frequent): bounds the work for a long period. */
const MAX_TEXTS = 2000;

/**
 * Groups texts by word overlap, greedily: the most frequent text starts a group, and each next text
 * joins the first group whose words it shares enough of (SIMILAR), or starts its own.
 *
 * @example groupMissed([{ text: 'ساعت کاری؟', count: 3 }, { text: 'ساعت کاریتون چنده', count: 1 }])
 */
export function groupMissed(texts: ReadonlyArray<{ text: string; count: number }>, limit = 10): MissedGroup[] {
  const merged = new Map<string, number>();
  for (const t of texts) merged.set(t.text, (merged.get(t.text) ?? 0) + t.count);
  const sorted = [...merged].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_TEXTS);
  const groups: Array<MissedGroup & { words: Set<string> }> = [];
  for (const [text, count] of sorted) {
    const words = meaningWords(text);
    const home = groups.find((g) => overlap(g.words, words) >= SIMILAR);
    if (home) {
      home.count += count;
      if (home.variants.length < 4) home.variants.push(text);
    } else {
      groups.push({ text, count, variants: [], words });
    }
  }
  return groups
    .sort((a, b) => b.count - a.count)
    .slice(0, limit)
    .map(({ text, count, variants }) => ({ text, count, variants }));
}
