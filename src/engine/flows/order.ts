// Order status, revealed only to the order's owner: a phone number this conversation proved (by
// typing the order's phone) or one the channel vouches for (Telegram's shared contact, the shop's
// signed identity on the web). Until the phone matches, a real order number and an unknown one get
// the same answers, and every wrong proof counts toward the lookup limits (lookup-limits.ts), which
// hold across sessions: order numbers and phones cannot be listed by guessing.
import { persianDigits, type Order } from '../../commerce/index.js';
import { toKey } from '../../nlu/index.js';
import { message } from '../activity.js';
import { sentences } from '../focus.js';
import type { TurnContext } from '../context.js';
import type { DialogFrame } from '../conversation.js';
import { limitedReply, lookupLimiter, type Blocked, type Lookup } from '../lookup-limits.js';
import { textsOf } from '../texts.js';
import { setSlots } from '../thread.js';

const MAX_REASKS = 2;

const entity = (ctx: TurnContext, type: 'order_number' | 'phone') =>
  ctx.understanding?.entities.find((e) => e.type === type)?.value;

const linkedOnly = (ctx: TurnContext) => ctx.services.options.verification[ctx.activity.channelId] === 'linked';

/** A phone the customer offers as proof: typed (where the channel allows it) or shared by the channel. */
function offeredPhone(ctx: TurnContext): string | undefined {
  const shared = ctx.activity.channelData?.verifiedPhone;
  if (typeof shared === 'string') return shared;
  return linkedOnly(ctx) ? undefined : entity(ctx, 'phone');
}

/** A phone typed earlier in this conversation («شماره من ۰۹۱۲…، سفارشم کجاست؟»), where typed phones count. */
const rememberedPhone = (ctx: TurnContext) => (linkedOnly(ctx) ? undefined : ctx.state.slots?.phone);

function askForPhone(ctx: TurnContext, again = false): void {
  if (linkedOnly(ctx)) {
    // Channels that can ask for a verified contact (Telegram's "share my number") show that button.
    ctx.send({ ...message(textsOf(ctx).askSharedContact), channelData: { requestContact: true } });
  } else ctx.send(message(again ? textsOf(ctx).askPhoneAgain : textsOf(ctx).askPhone));
}

function knownPhones(ctx: TurnContext): string[] {
  return [ctx.state.verifiedPhone, ...ctx.profile.linkedPhones].filter((p): p is string => !!p);
}

const limiter = (ctx: TurnContext) => lookupLimiter(ctx.services.state.counters, ctx.services.state.keys, ctx.services.options.lookupLimits);

/** Who asks: the customer, and the client's address where the channel knows it (the web). */
function asker(ctx: TurnContext): Lookup {
  const ip = ctx.activity.channelData?.clientIp;
  return { visitor: ctx.userKey, ip: typeof ip === 'string' ? ip : undefined };
}

function refuse(ctx: TurnContext, blocked: Blocked, how: 'refused' | 'locked'): void {
  ctx.lookup = { ...ctx.lookup, [how]: blocked.scope };
  const reply = message(textsOf(ctx).verificationLocked, { quickReplies: [{ title: textsOf(ctx).talkToHuman, value: { do: 'handoff' } }] });
  ctx.send(limitedReply(reply, blocked));
}

/** True, with the customer told so, when a lock refuses this lookup. */
async function isLocked(ctx: TurnContext, lookup: Lookup): Promise<boolean> {
  const blocked = await limiter(ctx).locked({ ...asker(ctx), ...lookup });
  if (blocked) refuse(ctx, blocked, 'refused');
  return blocked !== undefined;
}

function describe(ctx: TurnContext, order: Order): string {
  const { commerce } = ctx.services;
  const catalog = commerce.catalog();
  const carrier = order.carrier ? commerce.shop().carriers[order.carrier] : undefined;
  const items = order.items.map((item) => {
    const name = catalog.product(item.productId)?.name ?? item.productId;
    const variant = [item.size && persianDigits(item.size), item.colour].filter(Boolean).join('، ');
    return `${name}${variant ? ` (${variant})` : ''} × ${persianDigits(String(item.quantity))}`;
  });
  return textsOf(ctx).orderStatus({
    id: order.id,
    status: order.status,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    items,
    total: order.total,
    carrier: carrier?.name ?? order.carrier,
    trackingCode: order.trackingCode,
    trackingUrl: order.trackingCode && carrier?.tracking_url ? carrier.tracking_url.replace('{code}', order.trackingCode) : undefined,
  });
}

/**
 * Shows a proved order. Its product becomes the thread's, so «سایز ۴۲ سفیدش هنوز هست؟» next is
 * about it; only here, after the proof, does anything of the order reach the conversation.
 */
function show(ctx: TurnContext, order: Order, told?: string): void {
  // «پولش کی میاد؟» of a returned order: when the money comes back, as the returns policy says.
  const refund = order.status === 'returned' ? refundSentence(ctx) : undefined;
  // «… سایزش اشتباه اومده»: after the order, what the shop's policy says of a wrong or faulty item.
  const policy = wrongTold(ctx, told) ? wrongItemSentence(ctx) : undefined;
  ctx.send(message([describe(ctx, order), refund, policy].filter(Boolean).join('\n')));
  if (policy) setSlots(ctx, { topic: 'return_policy' });
  const known = [...new Set(order.items.map((item) => item.productId).filter((id) => ctx.services.commerce.catalog().product(id)))];
  setSlots(ctx, { orderProductIds: known.length ? known : undefined, orderId: order.id });
  const productId = known[0];
  if (!productId || productId === ctx.state.lastProductId) return;
  setSlots(ctx, { size: undefined, colour: undefined, shade: undefined, previousProductId: ctx.state.lastProductId });
  ctx.state.lastProductId = productId;
}

// «سایزش اشتباه اومده»، «اشتباهی فرستادین»، «خراب رسید»: the item sent is not the one ordered, or faulty.
const SENT_WRONG = /اشتباه ?(?:اومده|اومد|امده|ارسال|فرستادین|فرستادید|فرستادن|رسیده|رسید)|اشتباهی|(?:فرستادین|فرستادید|اومده|رسیده)\S* (?:خرابه|خراب|معیوبه|معیوب|پارس|پاره)|خراب (?:رسید|رسیده|اومده)|معیوب (?:رسید|رسیده|اومده)/;
const WRONG_RULE = /اشتباه|ایراد|معیوب|خراب/;
/** What the customer said went wrong with the order: told before the proof, or in this message. */
const wrongTold = (ctx: TurnContext, told?: string) => told ?? (SENT_WRONG.test(ctx.normalized?.key ?? '') ? ctx.normalized?.key : undefined);

/** The sentence of the shop's returns policy about an item sent wrong or faulty, if it has one. */
function wrongItemSentence(ctx: TurnContext): string | undefined {
  const policy = ctx.services.commerce.shop().returns;
  return policy ? sentences(policy).find((s) => WRONG_RULE.test(toKey(s)))?.replace(/[؛،,]\s*$/, '.') : undefined;
}

/** The sentence of the shop's returns policy about paying the money back, if it has one. */
function refundSentence(ctx: TurnContext): string | undefined {
  const policy = ctx.services.commerce.shop().returns;
  if (!policy) return undefined;
  return sentences(policy).find((s) => REFUND.test(toKey(s)));
}
const REFUND = /واریز|بازگشت (?:وجه|پول|مبلغ)|برگشت (?:وجه|پول|مبلغ)|عودت (?:وجه|پول|مبلغ)|refund/;

async function lookUp(ctx: TurnContext, orderId: string, phone?: string, attempts = 0, told?: string): Promise<void> {
  const order = await ctx.services.commerce.findOrder(orderId);
  if (order && knownPhones(ctx).includes(order.phone)) {
    if (!(await isLocked(ctx, { order: orderId }))) show(ctx, order, told);
    return;
  }
  if (phone) return prove(ctx, orderId, order, phone, attempts, told);
  // A phone proved before that is not this order's is a wrong proof too: else one right guess
  // would let every other order number be tried for free.
  const known = knownPhones(ctx)[0];
  if (known ? await failedWith(ctx, orderId, known) : await isLocked(ctx, { order: orderId })) return;
  // Known or not, an order number alone gets the same answer: only the phone tells.
  const wrong = wrongTold(ctx, told);
  ctx.state.dialogStack.push({ id: 'order.verify', orderId, attempts, ...(wrong ? { told: wrong } : {}) });
  askForPhone(ctx);
}

/** Counts a proof known to be wrong; true, with the customer told so, when a limit refuses or locks. */
async function failedWith(ctx: TurnContext, orderId: string, phone: string): Promise<boolean> {
  const reserved = await limiter(ctx).reserve({ ...asker(ctx), order: orderId, phone }, ctx.now, ctx.activity.id);
  if ('blocked' in reserved) {
    refuse(ctx, reserved.blocked, 'refused');
    return true;
  }
  if (reserved.attempt.counted) ctx.lookup = { ...ctx.lookup, failed: true };
  const locked = await reserved.attempt.failed();
  if (locked) refuse(ctx, locked, 'locked');
  return locked !== undefined;
}

/** Checks a phone offered for an order (which may not exist), within the lookup limits. */
async function prove(ctx: TurnContext, orderId: string, order: Order | undefined, phone: string, attempts: number, told?: string): Promise<void> {
  if (order?.phone !== phone) {
    if (await failedWith(ctx, orderId, phone)) return;
    ctx.state.dialogStack.push({ id: 'order.verify', orderId, attempts: attempts + 1, ...(told ? { told } : {}) });
    return ctx.send(message(textsOf(ctx).orderNoMatch));
  }
  // Right, but only within the limits: a locked order or a full address sees nothing.
  const reserved = await limiter(ctx).reserve({ ...asker(ctx), order: orderId, phone }, ctx.now, ctx.activity.id);
  if ('blocked' in reserved) return refuse(ctx, reserved.blocked, 'refused');
  await reserved.attempt.succeeded();
  ctx.state.verifiedPhone = phone;
  show(ctx, order, told);
}

/** "سفارشم کجاست؟" */
export async function askOrderStatus(ctx: TurnContext): Promise<void> {
  const orderId = entity(ctx, 'order_number');
  if (orderId) return lookUp(ctx, orderId, offeredPhone(ctx) ?? rememberedPhone(ctx));
  if (await isLocked(ctx, {})) return;

  // A customer the channel already knows: their latest order, without asking for its number.
  for (const phone of knownPhones(ctx)) {
    const orders = await ctx.services.commerce.findOrdersByPhone(phone);
    const latest = orders[0];
    if (latest) {
      if (!(await isLocked(ctx, { order: latest.id }))) show(ctx, latest);
      return;
    }
  }
  ctx.state.dialogStack.push({ id: 'order.number', attempts: 0 });
  ctx.send(message(textsOf(ctx).askOrderNumber));
}

/** Waiting for an order number: true when the message was about it. */
export async function continueOrderNumber(ctx: TurnContext, frame: Extract<DialogFrame, { id: 'order.number' }>): Promise<boolean> {
  const orderId = entity(ctx, 'order_number');
  if (orderId) {
    await lookUp(ctx, orderId, offeredPhone(ctx) ?? rememberedPhone(ctx));
    return true;
  }
  if (isSomethingElse(ctx) || frame.attempts >= MAX_REASKS) return false;
  ctx.state.dialogStack.push({ id: 'order.number', attempts: frame.attempts + 1 });
  ctx.send(message(textsOf(ctx).askOrderNumberAgain));
  return true;
}

/** Waiting for the order's phone number (or a corrected order number): true when the message was about it. */
export async function continueVerify(ctx: TurnContext, frame: Extract<DialogFrame, { id: 'order.verify' }>): Promise<boolean> {
  const phone = offeredPhone(ctx);
  const orderId = entity(ctx, 'order_number') ?? frame.orderId;
  // «باشه پس کد رهگیری سفارش خودم رو بفرست»: back to the customer's own order, shown before; the
  // other one's phone is no longer awaited.
  const own = ctx.state.slots?.orderId;
  if (!phone && orderId === frame.orderId && own && own !== frame.orderId && OWN_ORDER.test(ctx.normalized?.key ?? '')) return false;
  if (phone || orderId !== frame.orderId) {
    await lookUp(ctx, orderId, phone, orderId === frame.orderId ? frame.attempts : 0, orderId === frame.orderId ? frame.told : undefined);
    return true;
  }
  // A phone linked since the question was asked (a signed-in customer) answers it.
  const order = await ctx.services.commerce.findOrder(frame.orderId);
  if (order && knownPhones(ctx).includes(order.phone)) {
    await lookUp(ctx, frame.orderId, undefined, 0, frame.told);
    return true;
  }
  // «شمارمو نمیخوام بدم»: why the phone is asked, and a person offered; the question still waits.
  if (REFUSES_PHONE.test(ctx.normalized?.key ?? '')) {
    ctx.state.dialogStack.push({ ...frame, attempts: frame.attempts + 1 });
    ctx.send(message(textsOf(ctx).phoneNeeded, { quickReplies: [{ title: textsOf(ctx).talkToHuman, value: { do: 'handoff' } }] }));
    return true;
  }
  if (isSomethingElse(ctx) || frame.attempts >= MAX_REASKS) return false;
  ctx.state.dialogStack.push({ ...frame, attempts: frame.attempts + 1 });
  askForPhone(ctx, true);
  return true;
}
const REFUSES_PHONE = /(?:شماره|شمارمو|شمارم|شماره ?مو|موبایلمو)\S*(?:\s\S+){0,2}\s(?:نمیدم|نمیخوام بدم|نمیخوام بگم|نمیگم|نمی ?دهم)|بدون شماره|(?:^|\s)(?:نمیدم|نمیخوام بدم)(?=\s|$|[?؟!.])/;

const OWN_ORDER = /(?:سفارش|مال|بسته)\S* (?:خودم|خود من|خودمو|خودم ?رو)|(?:^|\s)(?:خودمو|مال خودم)(?=\s|$)/;
// «کد رهگیری نداره؟»، «کد پیگیریش چنده؟»: the tracking code of the order just shown.
const ASKS_TRACKING = /کد ?رهگیری|کد ?پیگیری|رهگیری|tracking|peygiri|کجا (?:باید )?(?:بزنم|وارد کنم|بزنمش|چک کنم) (?:کد|کدو|کدش|کدشو)(?=\s|$|[?؟!.])|(?:^|\s)(?:کد|کدو|کدش|کدشو)(?: ?رو)? (?:کجا|تو کجا|کجای) ?(?:بزنم|وارد کنم|بزنمش|چک کنم)|کجا (?:پیگیری|چک) کنم/;
// «چرا لغو شده؟»، «پولم چی میشه؟»: why the shown order is as it is, or what becomes of the money.
const ASKS_WHY = /(?:^|\s)چرا(?:\s|$)|پولم|پول من|پولمو|پولم ?رو|مبلغم|پولش چی/;

/**
 * A question about the order just shown («کد رهگیری نداره؟»، «چرا لغو شده؟ پولم چی میشه»): its
 * tracking code or why it has none, or a person for why it is cancelled or late. Only while the
 * conversation still proves that order's phone. True when answered.
 */
export async function aboutShownOrder(ctx: TurnContext): Promise<boolean> {
  const id = ctx.state.slots?.orderId;
  const key = ctx.normalized?.key ?? '';
  const confirms = CONFIRMS.test(key) && !IN_STOCK.test(key);
  if (!id || entity(ctx, 'order_number') || !(ASKS_TRACKING.test(key) || ASKS_WHY.test(key) || confirms)) return false;
  const order = await ctx.services.commerce.findOrder(id);
  if (!order || !knownPhones(ctx).includes(order.phone)) return false;
  // «سامبا سایز ۴۱ سفید دیگه؟ اشتباه نزدم؟»: whether the order holds what the customer thinks, from its items.
  if (confirms) {
    const named = (ctx.understanding?.entities ?? []).filter((e) => e.type === 'product').map((e) => e.value);
    const items = order.items.filter((i) => named.includes(i.productId));
    if (items.length === 0) return false;
    const asked = (type: 'size' | 'colour') => (ctx.understanding?.entities ?? []).filter((e) => e.type === type).map((e) => toKey(e.value));
    const same = items.some((i) => asked('size').every((s) => toKey(i.size ?? '') === s) && asked('colour').every((c) => toKey(i.colour ?? '').includes(c)));
    const catalog = ctx.services.commerce.catalog();
    const line = items.map((i) => [catalog.product(i.productId)?.name ?? i.productId, i.size && persianDigits(i.size), i.colour].filter(Boolean).join('، ')).join('؛ ');
    ctx.send(message(textsOf(ctx).orderItemIs(order.id, line, same)));
    return true;
  }
  if (ASKS_TRACKING.test(key)) {
    const carrier = order.carrier ? ctx.services.commerce.shop().carriers[order.carrier] : undefined;
    const url = order.trackingCode && carrier?.tracking_url ? carrier.tracking_url.replace('{code}', order.trackingCode) : undefined;
    ctx.send(message(order.trackingCode ? textsOf(ctx).orderTracking(order.id, order.trackingCode, url) : textsOf(ctx).orderNoTracking(order.id, carrier?.name ?? order.carrier, Boolean(carrier?.tracking_url))));
    return true;
  }
  // (A delivered order's «چرا …» is a complaint of its own; a shipped one's only when it is late.)
  if (order.status === 'delivered' || (order.status === 'shipped' && !WAITED.test(key))) return false;
  ctx.send(message(textsOf(ctx).orderWhy(order.id), { quickReplies: [{ title: textsOf(ctx).talkToHuman, value: { do: 'handoff' } }] }));
  return true;
}
const WAITED = /نیومده|نرسیده|دیر|نرسید/;
// «… دیگه؟»، «درسته؟»، «اشتباه نزدم؟»: the customer checks what they ordered.
const CONFIRMS = /(?:^|\s)(?:دیگه|درسته|درست|اشتباه نزدم|اشتباه نکردم|همینه|بود دیگه)(?=\s|$|[?؟!.])/;
const IN_STOCK = /موجود|دارین|دارید|داری|هست|هستش/;
const NOT_RECEIVED = /(?:^|\s)(?:نرسیده|نرسید|نیومده|نیامده|نگرفتم|نگرفتیم|دریافت نکردم|دریافت نشده|تحویل نگرفتم|تحویلم نداد)/;

/**
 * «ولی هنوز به دستم نرسیده!» right after an order shown as delivered: the customer disputes the
 * delivery, which only a person can look into; showing the order again would not help.
 */
export async function deliveredNotReceived(ctx: TurnContext): Promise<boolean> {
  const id = ctx.state.slots?.orderId;
  const key = ctx.understanding?.classified ?? ctx.normalized?.key ?? '';
  if (!id || entity(ctx, 'order_number') || !NOT_RECEIVED.test(key)) return false;
  const order = await ctx.services.commerce.findOrder(id);
  return !!order && order.status === 'delivered' && knownPhones(ctx).includes(order.phone);
}

/** «… به کی زنگ بزنم؟»، «با کی تماس بگیرم»: whom to call, which the contact details answer. */
export const ASKS_WHO_TO_CALL = /(?:به|با) (?:کی|کجا|چه کسی) (?:زنگ|تماس)|(?:^|\s)کجا زنگ بزنم|شماره(?: ?ای)? (?:که|برای) (?:زنگ|تماس)|چه شماره ?ای (?:زنگ|تماس)/;
const NUMBER_TALK = /شماره|موبایل|تلفن|کد|phone|shomare/;
// Words enough to be a question of its own rather than a number sent with a few words around it.
const OWN_QUESTION_WORDS = 6;

/**
 * A confident, different question interrupts a dialog that waits for a number; so does a longer
 * message with no digit that reads as anything but the order question («… هزینه ارسال برگشتش با کیه؟»).
 */
function isSomethingElse(ctx: TurnContext): boolean {
  const u = ctx.understanding;
  if (!u) return false;
  const key = ctx.normalized?.key ?? '';
  if (ASKS_WHO_TO_CALL.test(key)) return true;
  const words = key.split(/\s+/).filter(Boolean).length;
  // (Talk of the number itself, «شماره مامانم دستم نیست …», is still about what the dialog waits for.)
  if (!/\d/.test(key) && words >= OWN_QUESTION_WORDS && !NUMBER_TALK.test(key) && u.intent !== 'order_status' && u.intent !== 'out_of_scope') return true;
  return u.intent !== 'out_of_scope' && u.intent !== 'order_status' && u.confidence >= 0.6;
}
