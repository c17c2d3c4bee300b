// What the customer wants, as they say it over several messages («یاسی اس دوتا میخوام»، «یه کیف
// پول هم بذارم»), kept so that «جمعش چند میشه؟» or «ارسالش رایگان میشه؟» gets the sum of those
// things, not one product's price or the rule alone. A shop's customers add up a basket in chat
// long before they open the site's cart.
import { effectivePrice, persianDigits, type Product } from '../../commerce/index.js';
import { findCities, toKey } from '../../nlu/index.js';
import { message } from '../activity.js';
import type { TurnContext } from '../context.js';
import type { WantedLine } from '../conversation.js';
import { textsOf } from '../texts.js';
import { cueKey, setSlots } from '../thread.js';
import { namedMethods, shippingToCity } from './shipping-city.js';
import { withCodeLine } from './with-code.js';

const MAX_LINES = 8;
// «میخوام»، «برمیدارم»، «بذارم»: the customer means to buy it.
const WANTS =
  /(?:^|\s)(?:میخوام|می ?خواهم|میخواستم|می ?خواستم|برمیدارم|برمی ?دارم|بردارم|میگیرم|می ?گیرم|بگیرم|میخرم|بخرم|بذارم|بزارم|اضافه کنم|اضافه کنیم|سفارش (?:میدم|بدم|میدهم))(?=\s|$|[?؟!.،,])/;
// «یه کیف پول هم»، «یکی هم مشکی»: one more, beside what was wanted of the same product.
const ALSO = /(?:^|\s)(?:هم|همم)(?=\s|$|[?؟!.،,])/;
// «جمعش»، «کلش»، «مبلغ کل»: the sum of it all.
const TOTAL =
  /(?:^|\s)(?:جمعش|جمعا|جمعاً|جمع کل|جمعشون|جمع|کلش|کلا|همش|همه ?ش|همشون|مجموعا|مجموعش|روی هم|رو هم|روهم|مبلغ کل|کل مبلغ|کل مبلغش|درکل|در کل|با هم|باهم|فاکتورش|ba ?ham|jaman|jamean|jamesh|kolesh|roo ?ham|ru ?ham)(?=\s|$|[?؟!.،,])/;
// («کلا چند روزه میرسه؟» asks days, not a sum.)
const HOW_MUCH = /(?:چند|چقدر|چقد|چی)\s?(?:میشه|میشود|می شود|شد|میشن|درمیاد|در میاد|تومن|تومان|تومنه)|چقدره|چقده|چنده|مبلغ|قیمت|حساب|(?:چند|چقدر|چقد)\s*(?:[?؟]|$)/;
const FREE = /رایگان|مجانی|مفت/;
const SHIPPING = /ارسال|پست|کرایه|هزینه ?ی? (?:ارسال|پست)|پیک|تیپاکس|چاپار/;

const sameVariant = (a: WantedLine, b: WantedLine) => a.size === b.size && a.colour === b.colour && a.shade === b.shade;

/**
 * Notes what a product answer was about as wanted, when the customer said they want it or how
 * many: the same product's other variant replaces it (a change of mind) unless «هم» adds it.
 */
export function noteWanted(ctx: TurnContext, product: Product, count: number, said: boolean): void {
  const key = cueKey(ctx);
  if (!said && !WANTS.test(key)) return;
  // (Only what the product is made in: «سبزشم دارین؟» of jeans made in blue and black leaves «سبز» asked, not wanted.)
  const slots = ctx.state.slots ?? {};
  const has = (pick: (v: Product['variants'][number]) => string | undefined, value?: string) =>
    value !== undefined && product.variants.some((v) => pick(v) !== undefined && toKey(pick(v)!).includes(toKey(value)));
  const size = has((v) => v.size, slots.size) ? slots.size : undefined;
  const colour = has((v) => v.colour, slots.colour) ? slots.colour : undefined;
  const shade = has((v) => v.colour, slots.shade) ? slots.shade : undefined;
  const line: WantedLine = { productId: product.id, count: Math.max(1, count), ...(size ? { size } : {}), ...(colour ? { colour } : {}), ...(shade ? { shade } : {}) };
  const lines = [...(ctx.state.slots?.wanted ?? [])];
  const same = lines.findIndex((l) => l.productId === product.id && sameVariant(l, line));
  const other = lines.findIndex((l) => l.productId === product.id);
  if (same >= 0) lines[same] = line;
  else if (other >= 0 && !ALSO.test(key)) lines[other] = line;
  else lines.push(line);
  setSlots(ctx, { wanted: lines.slice(-MAX_LINES) });
}

/** Whether a message asks what all of it comes to («جمعش چند میشه؟»)، or whether it ships free. */
export function asksTotal(ctx: TurnContext): boolean {
  const key = cueKey(ctx);
  return (TOTAL.test(key) && HOW_MUCH.test(key)) || (FREE.test(key) && SHIPPING.test(key));
}

/**
 * «جمعش با ارسال به تبریز چقد میشه»: each wanted thing with its count, the sum, and when asked,
 * what sending it costs against the free-shipping floor. False when nothing (or one piece of one
 * thing) was wanted: the product's own price answers that.
 */
export function answerTotal(ctx: TurnContext): boolean {
  const catalog = ctx.services.commerce.catalog();
  let lines = (ctx.state.slots?.wanted ?? []).map((l) => ({ l, p: catalog.product(l.productId) })).filter((x): x is { l: WantedLine; p: Product } => !!x.p);
  const pieces = lines.reduce((n, x) => n + x.l.count, 0);
  const key = cueKey(ctx);
  if (pieces < 2) {
    // «با پیک جمعش چقد میشه» after one product's price: that product with the sending.
    const thread = ctx.state.lastProductId ? catalog.product(ctx.state.lastProductId) : undefined;
    // (Two products talked of in a row are both summed, by the product answer.)
    const previous = ctx.state.slots?.previousProductId;
    if (previous && previous !== ctx.state.lastProductId && catalog.product(previous)) return false;
    // (Only with a way or a city named, and no count: «دوتا میخوام، جمعش؟» is the product's own price
    // answer, «همون اولیه … با ارسال» goes back to another product.)
    const entities = ctx.understanding?.entities ?? [];
    const where = namedMethods(ctx.services.commerce.shop(), key).length > 0 || findCities(key).length > 0;
    if (!thread || !where || !TOTAL.test(key) || !HOW_MUCH.test(key) || entities.some((e) => e.type === 'quantity') || (ctx.understanding?.productMatches.length ?? 0) > 0) return false;
    lines = [{ l: lines.find((x) => x.p.id === thread.id)?.l ?? { productId: thread.id, count: 1 }, p: thread }];
  }
  const t = textsOf(ctx);
  const total = lines.reduce((sum, x) => sum + x.l.count * effectivePrice(x.p), 0);
  const out = lines.map(({ l, p }) => t.wantedLine(l.count, p.name, [l.size, l.shade ? undefined : l.colour, l.shade ? `رنگ ${l.shade}` : undefined].filter(Boolean).map((v) => persianDigits(v!)).join('، '), l.count * effectivePrice(p)));
  out.push(t.wantedTotal(total));
  ctx.sum = total;
  const withCode = withCodeLine(ctx, lines.map(({ l, p }) => ({ product: p, count: l.count })));
  if (withCode) out.push(withCode);
  const over = ctx.services.commerce.shop().shipping.free_over;
  // (Over the floor, that it ships free is worth saying unasked.)
  if (FREE.test(key) || SHIPPING.test(key) || findCities(key).length > 0 || (over !== undefined && total >= over)) out.push(...shippingOf(ctx, key, total));
  ctx.send(message(out.join('\n')));
  return true;
}

/** Whether a message asks about sending it (free or not, to where). */
export const asksShipping = (key: string) => FREE.test(key) || SHIPPING.test(key);

/** Whether a message says the customer wants what it names («… میخوام»). */
export const saysWanted = (key: string) => WANTS.test(key);

/** What sending a sum costs: free over the shop's floor, else how far below and the way to the city. */
export function shippingOf(ctx: TurnContext, key: string, total: number): string[] {
  const t = textsOf(ctx);
  const shop = ctx.services.commerce.shop();
  const over = shop.shipping.free_over;
  const city = findCities(key)[0] ?? ctx.state.slots?.city;
  // (The city of the thread, with the way of sending the message names: «با پیک جمعش؟».)
  const found = city ? shippingToCity(shop, `${toKey(city)} ${key}`) : undefined;
  if (over !== undefined && total >= over) {
    // «… تا کرج چند روزه میرسه؟»: free, and how long the ways to that city take.
    const ways = found?.methods.filter((m) => m.days).map((m) => t.shippingMethodDays(m.name, m.days!)) ?? [];
    return [t.wantedShipsFree(over), ...(ways.length ? [t.shippingToCityHeader(found!.city), ...ways] : [])];
  }
  const short = over !== undefined ? [t.wantedShortOfFree(over, over - total)] : [];
  if (!found || found.methods.length === 0) return short;
  const named = namedMethods(shop, key).map((m) => m.name);
  const cheapest = found.methods.find((m) => named.includes(m.name)) ?? [...found.methods].sort((a, b) => a.cost - b.cost)[0]!;
  return [...short, t.wantedWithShipping(found.city, cheapest.name, cheapest.cost, total + cheapest.cost, cheapest.days)];
}
