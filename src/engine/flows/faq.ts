// Answers from the shop's own shop.yaml: shipping, returns, payments, and for questions the
// intents do not cover, business hours, address, contact and the shop's own FAQ entries, found by
// keywords in the matching key.
import { toKey } from '../../nlu/index.js';
import { message } from '../activity.js';
import type { TurnContext } from '../context.js';
import { describeHours } from '../hours.js';
import { texts } from '../texts.js';

export function shipping(ctx: TurnContext): void {
  const { shipping } = ctx.services.commerce.shop();
  if (shipping.methods.length === 0 && !shipping.notes) return ctx.send(message(texts.noAnswer));
  const lines = [texts.shippingHeader];
  for (const m of shipping.methods) {
    lines.push(texts.shippingMethod(m.name, m.cost, m.days, m.cities === 'all' ? undefined : m.cities.join('، ')));
  }
  if (shipping.free_over !== undefined) lines.push(texts.freeShipping(shipping.free_over));
  if (shipping.notes) lines.push(shipping.notes);
  ctx.send(message(lines.join('\n')));
}

export function returns(ctx: TurnContext): void {
  ctx.send(message(ctx.services.commerce.shop().returns ?? texts.noAnswer));
}

export function payments(ctx: TurnContext): void {
  const { payments } = ctx.services.commerce.shop();
  if (payments.length === 0) return ctx.send(message(texts.noAnswer));
  const lines = [texts.paymentsHeader, ...payments.map((p) => `• ${p.name}${p.description ? `: ${p.description}` : ''}`)];
  ctx.send(message(lines.join('\n')));
}

function hours(ctx: TurnContext): string {
  return `${texts.hoursHeader} ${describeHours(ctx.services.commerce.shop())}`;
}

function contact(ctx: TurnContext): string | undefined {
  const shop = ctx.services.commerce.shop();
  const ways = [
    shop.phone && `تلفن: ${shop.phone}`,
    shop.support_mobile && `موبایل پشتیبانی: ${shop.support_mobile}`,
    shop.instagram && `اینستاگرام: ${shop.instagram}`,
    shop.telegram && `تلگرام: ${shop.telegram}`,
    shop.website && `سایت: ${shop.website}`,
  ].filter(Boolean);
  return ways.length ? [texts.contact, ...ways.map((w) => `• ${w}`)].join('\n') : undefined;
}

// Topics by keywords of the matching key (ZWNJ gone, doubled letters folded).
const TOPICS: ReadonlyArray<{ pattern: RegExp; answer: (ctx: TurnContext) => string | undefined }> = [
  { pattern: /ساعت( ?های)? ?کار|تا (ساعت )?چند (باز|جواب)|کی باز|تعطیل|ساعت پاسخ|saat kari/, answer: hours },
  { pattern: /ادرس|نشانی|حضوری|مغازه|فروشگاه فیزیکی|کجا هستین|کجا هستید|address|adres/, answer: (ctx) => {
      const address = ctx.services.commerce.shop().address;
      return address ? texts.address(address) : undefined;
    } },
  { pattern: /شماره تماس|تلفن|شماره تلفن|اینستاگرام|اینستا|ایدی|راه ارتباط|تماس بگیرم|instagram|insta/, answer: contact },
  { pattern: /جدول سایز|راهنمای سایز|سایزبندی|چه سایزی|سایز مناسب|size chart/, answer: (ctx) => ctx.services.commerce.shop().faq.sizes },
  { pattern: /اصل|اورجینال|اوریجینال|فیک|تقلبی|original/, answer: (ctx) => ctx.services.commerce.shop().faq.original },
  { pattern: /عمده|همکاری|نمایندگی|wholesale/, answer: (ctx) => ctx.services.commerce.shop().faq.wholesale },
  { pattern: /تخفیف|کد تخفیف|حراج|جشنواره|takhfif/, answer: (ctx) => ctx.services.commerce.shop().faq.discount },
];

/** An answer from the shop's FAQ for a message the intents did not place; false if none fits. */
export function answerTopic(ctx: TurnContext): boolean {
  const key = ctx.normalized?.key ?? toKey(ctx.activity.text ?? '');
  for (const topic of TOPICS) {
    if (!topic.pattern.test(key)) continue;
    const text = topic.answer(ctx);
    if (text) {
      ctx.send(message(text));
      return true;
    }
  }
  return false;
}
