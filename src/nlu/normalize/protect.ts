// Spans that must pass through the normalizer untouched: links, e-mail addresses, @handles and
// text emoticons. Each is swapped for one private-use character while the steps run, so no step
// needs to know about them.

// Word characters include every digit script, so folding digits in the key finds the same spans.
const W = '\\w\\u06F0-\\u06F9\\u0660-\\u0669';
const PROTECTED = new RegExp(
  [
    `(?:https?:\\/\\/|www\\.)[${W}\\-.~:/?#[\\]@!$&'()*+,;=%]+`,
    `[${W}.+-]+@[${W}-]+(?:\\.[${W}-]+)+`,
    `@[${W}]{3,}`,
    '[:;]-?[()DPp]',
  ].join('|'),
  'g',
);
const PLACEHOLDER_BASE = 0xe000;
const PLACEHOLDER = /[\uE000-\uF8FF]/g;

export interface Protected {
  text: string;
  spans: string[];
}

const MAY_HAVE_SPAN = /[:;@]|www\./i;

export function protectSpans(text: string): Protected {
  const spans: string[] = [];
  if (!MAY_HAVE_SPAN.test(text)) return { text, spans };
  const replaced = text.replace(PROTECTED, (span) => {
    if (spans.length >= 0x18ff) return span;
    spans.push(span);
    return String.fromCharCode(PLACEHOLDER_BASE + spans.length - 1);
  });
  return { text: replaced, spans };
}

export function restoreSpans(text: string, spans: readonly string[]): string {
  if (spans.length === 0) return text;
  return text.replace(PLACEHOLDER, (ch) => spans[ch.charCodeAt(0) - PLACEHOLDER_BASE] ?? ch);
}

/** Private-use characters the user typed would collide with placeholders; they carry nothing. */
export function stripPrivateUse(text: string): string {
  return text.replace(PLACEHOLDER, '');
}
