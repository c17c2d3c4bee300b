// Skin-care advice: «پوستم خیلی چربه و جوش میزنم چی پیشنهاد میکنی؟ یه ضد آفتاب هم میخوام». The
// customer says what their skin is like and asks what to use: the products whose descriptions the
// shop wrote for that skin or that trouble («مناسب پوست چرب»، «برای کاهش جوش»), in stock, the best
// fit first, and of a kind the customer named («ضد آفتاب») one of that kind among them.
import { effectivePrice, totalStock, type Product } from '../../commerce/index.js';
import { toKey, WEAK_MATCH } from '../../nlu/index.js';
import { message } from '../activity.js';
import type { TurnContext } from '../context.js';
import { textsOf } from '../texts.js';

/** Skin types as the customer says them («پوستم چربه»), each with the words a description uses. */
const SKIN_TYPES: ReadonlyArray<{ said: RegExp; written: RegExp; name: string }> = [
  { said: /پوست\S{0,3}\s(?:\S+\s){0,2}(?:چرب|چربه|چربی)/, written: /پوست(?:‌| )?(?:های )?چرب|چربی/, name: 'چرب' },
  { said: /پوست\S{0,3}\s(?:\S+\s){0,2}(?:خشک|خشکه)/, written: /پوست(?:‌| )?(?:های )?خشک/, name: 'خشک' },
  { said: /پوست\S{0,3}\s(?:\S+\s){0,2}(?:حساس|حساسه)/, written: /پوست(?:‌| )?(?:های )?حساس/, name: 'حساس' },
  { said: /پوست\S{0,3}\s(?:\S+\s){0,2}(?:مختلط|مختلطه)/, written: /مختلط/, name: 'مختلط' },
];
// «مناسب پوست خشک»: a product the shop wrote for one skin type.
const WRITTEN_FOR = SKIN_TYPES.map((t) => new RegExp(`مناسب (?:${t.written.source})`));
/** Troubles the customer names, and the words a description uses for them. */
const TROUBLES: ReadonlyArray<{ said: RegExp; written: RegExp }> = [
  { said: /جوش|آکنه|اکنه|جوشی/, written: /جوش|آکنه|اکنه/ },
  { said: /لک|تیرگی|کک و مک/, written: /لک|روشن ?کننده|تیرگی/ },
  { said: /چروک|پیری/, written: /چروک|پیری/ },
  { said: /منافذ/, written: /منافذ/ },
];
const ASKS_ADVICE = /پیشنهاد|چی خوبه|چی بزنم|چی بخرم|چی بگیرم|چی استفاده|توصیه|معرفی|مناسبه|مناسب چیه|چی داری|چی دارین|چی دارید|چیکار کنم/;
const MAX_SUGGESTIONS = 3;

interface SkinNeed {
  types: ReadonlyArray<(typeof SKIN_TYPES)[number]>;
  troubles: ReadonlyArray<(typeof TROUBLES)[number]>;
}

/** What the customer says of their skin, or undefined when the message says nothing of it. */
export function skinNeedOf(key: string): SkinNeed | undefined {
  const types = SKIN_TYPES.filter((t) => t.said.test(key));
  const troubles = TROUBLES.filter((t) => t.said.test(key) && /پوست|صورت|جوش|آکنه|اکنه/.test(key));
  return types.length || troubles.length ? { types, troubles } : undefined;
}

/** Whether a message describes the customer's skin and asks what to use. */
export const asksForSkinAdvice = (key: string) => skinNeedOf(key) !== undefined && ASKS_ADVICE.test(key);

/** How well a product's own description fits the need: a trouble it treats counts most. */
function fit(product: Product, need: SkinNeed): number {
  const about = toKey(`${product.name} ${product.description ?? ''}`);
  const treats = need.troubles.filter((t) => t.written.test(about)).length;
  const suits = need.types.filter((t) => t.written.test(about)).length;
  // «مناسب پوست خشک» answers nobody with oily skin.
  const clashes = SKIN_TYPES.filter((t, i) => !need.types.includes(t) && t.name !== 'مختلط' && WRITTEN_FOR[i]!.test(about)).length;
  return clashes && !suits ? 0 : treats * 2 + suits;
}

/** The products to suggest, best fit first; one of each kind the message names, if any fits. */
export function skinSuggestions(products: readonly Product[], need: SkinNeed, named: ReadonlySet<string>): Product[] {
  const scored = products
    .filter((p) => totalStock(p) > 0)
    .map((p) => ({ p, score: fit(p, need) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || Number(named.has(b.p.id)) - Number(named.has(a.p.id)));
  const picked = scored.slice(0, MAX_SUGGESTIONS).map((s) => s.p);
  // «… یه ضد آفتاب هم میخوام»: the named kind's best fit is among them, whatever its rank.
  const namedFit = scored.find((s) => named.has(s.p.id))?.p;
  if (namedFit && !picked.includes(namedFit)) picked.splice(picked.length - 1, 1, namedFit);
  return picked;
}

/** Answers «پوستم چربه چی پیشنهاد میدی؟»: products written for that skin, or false when none fits. */
export function adviseForSkin(ctx: TurnContext): boolean {
  const key = toKey(ctx.activity.text ?? '');
  const need = skinNeedOf(key);
  if (!need) return false;
  const catalog = ctx.services.commerce.catalog();
  const named = new Set(catalog.matcher.match(key, { words: ctx.services.nlu.classifier.vocabulary, minScore: WEAK_MATCH }).map((m) => m.productId));
  const picked = skinSuggestions(catalog.products, need, named);
  if (picked.length === 0) return false;
  const skin = need.types.map((t) => t.name);
  ctx.send(
    message(textsOf(ctx).skinIdeas(picked.map((p) => ({ name: p.name, price: effectivePrice(p) })), skin), {
      quickReplies: picked.map((p) => ({ title: p.name, value: { do: 'product', id: p.id, ask: 'info' } })),
    }),
  );
  ctx.state.dialogStack = [{ id: 'product.choose', ask: 'info', candidates: picked.map((p) => p.id) }];
  return true;
}

// «بهم میخوره؟»، «برای پوست من خوبه؟»: whether the thing in the thread suits the customer's skin.
const ASKS_SUITS = /(?:به من|بهم|برام|واسم|برای من|به پوستم|برای پوستم|واسه پوستم)\s?(?:میخوره|میاد|مناسبه|خوبه|جواب میده)|(?:^|\s)(?:مناسبه|مناسب هست|میخوره|خوبه)(?=\s|$|[?؟!.])/;
// The part of a description that says which skin it is for: «مناسب پوست چرب و مختلط».
const WRITTEN_SKIN = /مناسب (?:انواع )?پوست[^،.؛]*/;

/** What a product's description says of the skin it is for, if anything. */
export const writtenSkinOf = (product: Product): string | undefined => WRITTEN_SKIN.exec(product.description ?? '')?.[0];

/** Whether a message asks if a product suits the skin it describes («پوستم چربه بهم میخوره؟»). */
export const asksIfSuitsSkin = (key: string) => ASKS_SUITS.test(key) && (skinNeedOf(key)?.types.length ?? 0) > 0;

/**
 * «پوستم چربه بهم میخوره؟» of the product in the thread: yes or no from what its description says
 * of skin, and when it is not for that skin, what is. False when the description says nothing of skin.
 */
export function suitsSkinOfThread(ctx: TurnContext, product: Product | undefined): boolean {
  const key = ctx.normalized?.key ?? '';
  const need = skinNeedOf(key);
  if (!product || !need || !asksIfSuitsSkin(key)) return false;
  const written = writtenSkinOf(product);
  if (!written) return false;
  const about = toKey(written);
  const suits = need.types.some((t) => t.written.test(about)) || /انواع پوست|همه ?ی? (?:انواع )?پوست/.test(about);
  const skin = need.types.map((t) => t.name);
  if (suits) {
    ctx.send(message(textsOf(ctx).suitsSkin(product.name, written)));
    return true;
  }
  const others = skinSuggestions(ctx.services.commerce.catalog().products, need, new Set()).filter((p) => p.id !== product.id);
  ctx.send(message(textsOf(ctx).notForSkin(product.name, written, skin, others.map((p) => ({ name: p.name, price: effectivePrice(p) })))));
  return true;
}
