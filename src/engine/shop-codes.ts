// Codes the shop wrote into its answers («NILOOFAR10»): a customer who types one asks about that
// answer (the discount), and the code is never a product the shop lacks.
import { faqAnswer, faqEntries, type ShopConfig } from '../commerce/index.js';
import { faqIntentName, toKey } from '../nlu/index.js';
import type { TurnContext } from './context.js';

// Letters and digits together, five or more, as the matching key spells them (lower case).
const CODE = /(?<![a-z0-9])(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{5,}(?![a-z0-9])/g;
const byShop = new WeakMap<object, ReadonlyMap<string, string>>();

/** The shop's codes, each with the intent of the answer that holds it (built once per shop config). */
function codesOf(shop: Pick<ShopConfig, 'faq'>): ReadonlyMap<string, string> {
  let codes = byShop.get(shop);
  if (!codes) {
    const found = new Map<string, string>();
    for (const entry of faqEntries(shop)) {
      for (const code of toKey(faqAnswer(shop, entry.key) ?? '').match(CODE) ?? []) if (!found.has(code)) found.set(code, faqIntentName(entry.key));
    }
    byShop.set(shop, (codes = found));
  }
  return codes;
}

/** Where a matching key holds one of the shop's codes (a tokenizer may part its letters from its digits). */
export function shopCodeSpans(ctx: TurnContext, key: string): Array<{ start: number; end: number }> {
  const codes = codesOf(ctx.services.commerce.shop());
  if (codes.size === 0) return [];
  return [...key.matchAll(CODE)].filter((m) => codes.has(m[0])).map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/**
 * The intent of the shop's answer that holds a code the message names («کد NILOOFAR10 رو مانتو
 * میخوره؟» asks about the discount code), or undefined.
 */
export function intentOfNamedCode(ctx: TurnContext): string | undefined {
  const codes = codesOf(ctx.services.commerce.shop());
  if (codes.size === 0) return undefined;
  for (const word of (ctx.normalized?.key ?? '').match(CODE) ?? []) {
    const intent = codes.get(word);
    if (intent) return intent;
  }
  return undefined;
}
