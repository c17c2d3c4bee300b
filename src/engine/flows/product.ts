// Product questions: price, availability (per size and colour), details. The product comes from
// the message, from the conversation ("قیمتش چنده؟" after one was discussed), or from a choice the
// customer makes among close matches.
import { effectivePrice, formatToman, persianDigits, totalStock, type Product, type Variant } from '../../commerce/index.js';
import { toKey } from '../../nlu/index.js';
import { heroCard, message, type ProductAsk, type QuickReply } from '../activity.js';
import type { TurnContext } from '../context.js';
import type { DialogFrame } from '../conversation.js';
import { texts } from '../texts.js';

const MAX_CHOICES = 3;
const WEAK_MATCH = 0.25;

type Resolution =
  | { kind: 'one'; product: Product }
  | { kind: 'many'; products: Product[] }
  | { kind: 'weak'; products: Product[] }
  | { kind: 'none' };

function resolve(ctx: TurnContext, restrictTo?: readonly string[]): Resolution {
  const catalog = ctx.services.commerce.catalog();
  const { productMinScore, productAmbiguityMargin } = ctx.services.options;
  const matches = (ctx.understanding?.productMatches ?? catalog.matcher.match(toKey(ctx.activity.text ?? '')))
    .filter((m) => !restrictTo || restrictTo.includes(m.productId))
    .map((m) => ({ ...m, product: catalog.product(m.productId) }))
    .filter((m): m is typeof m & { product: Product } => m.product !== undefined);
  const strong = matches.filter((m) => m.score >= productMinScore);
  const top = strong[0];
  if (!top) {
    const weak = matches.filter((m) => m.score >= WEAK_MATCH).slice(0, MAX_CHOICES);
    return weak.length ? { kind: 'weak', products: weak.map((m) => m.product) } : { kind: 'none' };
  }
  const close = strong.filter((m) => top.score - m.score < productAmbiguityMargin);
  return close.length === 1 ? { kind: 'one', product: top.product } : { kind: 'many', products: close.slice(0, MAX_CHOICES).map((m) => m.product) };
}

function unfamiliarWords(ctx: TurnContext): string[] {
  const vocabulary = ctx.services.nlu.classifier.vocabulary;
  const key = ctx.normalized?.key ?? '';
  return (key.match(/\p{Script=Arabic}{3,}/gu) ?? []).filter((w) => !vocabulary.has(w));
}

const choices = (products: readonly Product[], ask: ProductAsk): QuickReply[] =>
  products.map((p) => ({ title: p.name, value: { do: 'product', id: p.id, ask } }));

/** A product question from a message. */
export function askAboutProduct(ctx: TurnContext, ask: ProductAsk): void {
  const resolution = resolve(ctx);
  const last = ctx.state.lastProductId ? ctx.services.commerce.catalog().product(ctx.state.lastProductId) : undefined;
  switch (resolution.kind) {
    case 'one':
      return answer(ctx, resolution.product, ask);
    case 'many':
      ctx.state.dialogStack.push({ id: 'product.choose', ask, candidates: resolution.products.map((p) => p.id) });
      return ctx.send(message(texts.chooseProduct, { quickReplies: choices(resolution.products, ask) }));
    case 'weak':
      if (last) return answer(ctx, last, ask);
      return ctx.send(message(texts.productNotFound(true), { quickReplies: choices(resolution.products, ask) }));
    case 'none':
      if (last) return answer(ctx, last, ask);
      // Words the intents never use are most likely the name of a product the shop doesn't have.
      if (unfamiliarWords(ctx).length > 0) return ctx.send(message(texts.productNotFound(false)));
      ctx.state.dialogStack.push({ id: 'product.which', ask });
      return ctx.send(message(texts.whichProduct));
  }
}

/** The customer picked one of the offered products (a quick reply or its name). */
export function chooseProduct(ctx: TurnContext, id: string, ask: ProductAsk): void {
  const product = ctx.services.commerce.catalog().product(id);
  if (product) answer(ctx, product, ask);
  else ctx.send(message(texts.productNotFound(false)));
}

const ORDINALS: ReadonlyArray<RegExp> = [/(^|\s)(اولی|اول|1|یکی)(\s|$)/, /(^|\s)(دومی|دوم|2)(\s|$)/, /(^|\s)(سومی|سوم|3)(\s|$)/];

/** Continues "which one?": true when the message answered it. */
export function continueChoose(ctx: TurnContext, frame: Extract<DialogFrame, { id: 'product.choose' }>): boolean {
  const key = ctx.normalized?.key ?? '';
  const byOrdinal = ORDINALS.findIndex((pattern) => pattern.test(key));
  const picked = byOrdinal >= 0 ? frame.candidates[byOrdinal] : undefined;
  if (picked) {
    chooseProduct(ctx, picked, frame.ask);
    return true;
  }
  const resolution = resolve(ctx, frame.candidates);
  if (resolution.kind === 'one') {
    answer(ctx, resolution.product, frame.ask);
    return true;
  }
  return false;
}

/** Continues "which product?": true when the message named one. */
export function continueWhich(ctx: TurnContext, frame: Extract<DialogFrame, { id: 'product.which' }>): boolean {
  const resolution = resolve(ctx);
  if (resolution.kind === 'none') return false;
  askAboutProduct(ctx, frame.ask);
  return true;
}

const sizeLabel = (size: string) => persianDigits(size);
function describeVariant(size?: string, colour?: string): string {
  const parts = [size && `سایز ${sizeLabel(size)}`, colour && `رنگ ${colour}`].filter(Boolean);
  return parts.join(' ');
}

const sameColour = (a?: string, b?: string) => a !== undefined && b !== undefined && toKey(a) === toKey(b);
const sameSize = (a?: string, b?: string) => a !== undefined && b !== undefined && toKey(a).toUpperCase() === toKey(b).toUpperCase();

/** "S (مشکی، کرم)، M (مشکی)" for the variants in stock. */
function inStockList(variants: readonly Variant[]): string {
  const available = variants.filter((v) => v.stock > 0);
  const bySize = new Map<string, string[]>();
  for (const v of available) {
    const size = v.size ?? '';
    const colours = bySize.get(size) ?? [];
    if (v.colour && !colours.includes(v.colour)) colours.push(v.colour);
    bySize.set(size, colours);
  }
  return [...bySize]
    .map(([size, colours]) => {
      if (!size) return colours.join('، ');
      return colours.length ? `${sizeLabel(size)} (${colours.join('، ')})` : sizeLabel(size);
    })
    .join('، ');
}

function availability(ctx: TurnContext, product: Product): string {
  const entities = ctx.understanding?.entities ?? [];
  const size = entities.find((e) => e.type === 'size')?.value;
  const colour = entities.find((e) => e.type === 'colour')?.value;
  const total = totalStock(product);
  if (!size && !colour) {
    if (total === 0) return texts.outOfStock(product.name);
    const list = product.variants.some((v) => v.size || v.colour) ? `\n${texts.availableVariants(inStockList(product.variants))}` : '';
    return `${texts.inStock(product.name)}${list}`;
  }
  const wanted = describeVariant(size, colour);
  const matching = product.variants.filter((v) => (!size || sameSize(v.size, size)) && (!colour || sameColour(v.colour, colour)));
  const others = total > 0 ? `\n${texts.availableVariants(inStockList(product.variants))}` : '';
  if (matching.length === 0) return `${texts.variantUnknown(product.name, wanted)}${others}`;
  const count = matching.reduce((sum, v) => sum + v.stock, 0);
  return count > 0 ? texts.variantInStock(product.name, wanted, count) : `${texts.variantOutOfStock(product.name, wanted)}${others}`;
}

function details(product: Product): string {
  const lines = [`«${product.name}»`];
  if (product.description) lines.push(product.description);
  const sizes = [...new Set(product.variants.map((v) => v.size).filter((s): s is string => !!s))];
  const colours = [...new Set(product.variants.map((v) => v.colour).filter((c): c is string => !!c))];
  if (sizes.length) lines.push(texts.sizes(sizes.map(sizeLabel).join('، ')));
  if (colours.length) lines.push(texts.colours(colours.join('، ')));
  lines.push(texts.price(product.name, product.price, product.salePrice));
  return lines.join('\n');
}

export function productCard(product: Product) {
  const stock = totalStock(product);
  return heroCard({
    title: product.name,
    subtitle: product.salePrice ? `${formatToman(product.salePrice)} (به‌جای ${formatToman(product.price)})` : formatToman(effectivePrice(product)),
    text: texts.cardStock(stock),
    images: product.image ? [{ url: product.image, alt: product.name }] : [],
    buttons: product.url ? [{ type: 'openUrl', title: texts.viewOnSite, value: product.url }] : [],
  });
}

/** "سایز XXL داره؟" is about one variant, whichever intent it was read as. */
const asksForVariant = (ctx: TurnContext) => (ctx.understanding?.entities ?? []).some((e) => e.type === 'size' || e.type === 'colour');

export function answer(ctx: TurnContext, product: Product, ask: ProductAsk): void {
  ctx.state.lastProductId = product.id;
  let text: string;
  if (ask === 'price') {
    text = texts.price(product.name, product.price, product.salePrice);
    if (totalStock(product) === 0) text += ` ${texts.outOfStockNote}`;
  } else if (ask === 'availability' || asksForVariant(ctx)) text = availability(ctx, product);
  else text = details(product);
  ctx.send(message(text, { attachments: [productCard(product)] }));
}
