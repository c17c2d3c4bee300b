// Pasted markup. A customer who copies a product page or a formatted note into the chat pastes its
// tags too: «<p dir="rtl">سلام، <strong>شال نخی</strong> مشکی دارید؟</p>» is a question under its tags,
// «<div class="product-box">&nbsp;</div>» is none.

/** A tag: «<div class="price">», «</p>», «<br/>». */
export const MARKUP = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/i;

const SCRIPT_OR_STYLE = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi;
const ENTITIES: Readonly<Record<string, string>> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", zwnj: '\u200c' };
const ENTITY = /&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi;
// Fewer words than this under the tags is no question (a price in a <div>, an empty box).
const MIN_WORDS = 2;

/**
 * The words under a message's tags, when they say something (two words or more); undefined when
 * the message has no tags, or nothing readable under them.
 */
export function textUnderMarkup(text: string): string | undefined {
  if (!MARKUP.test(text)) return undefined;
  const plain = text
    .replace(SCRIPT_OR_STYLE, ' ')
    .replace(TAG, ' ')
    .replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (dec) return String.fromCodePoint(Number(dec));
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      return ENTITIES[name!.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
  const words = plain.split(' ').filter((w) => /\p{L}/u.test(w));
  return words.length >= MIN_WORDS ? plain : undefined;
}
