// Order status, revealed only to the order's owner: a phone number this conversation proved (by
// typing the order's phone) or one the channel vouches for (Telegram's shared contact, the shop's
// signed identity on the web). Failed attempts, including unknown order numbers, count toward a
// lockout so order numbers cannot be guessed.
import { persianDigits, type Order } from '../../commerce/index.js';
import { message } from '../activity.js';
import type { TurnContext } from '../context.js';
import type { DialogFrame } from '../conversation.js';
import { texts } from '../texts.js';

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
    ctx.send({ ...message(texts.askSharedContact), channelData: { requestContact: true } });
  } else ctx.send(message(again ? texts.askPhoneAgain : texts.askPhone));
}

function knownPhones(ctx: TurnContext): string[] {
  return [ctx.state.verifiedPhone, ...ctx.profile.linkedPhones].filter((p): p is string => !!p);
}

async function failures(ctx: TurnContext): Promise<number> {
  return ctx.services.state.counters.get(ctx.services.state.keys.verifyFailures(ctx.conversationId));
}

async function fail(ctx: TurnContext): Promise<boolean> {
  const { verifyLimit, verifyWindowSeconds } = ctx.services.options;
  const count = await ctx.services.state.counters.hit(ctx.services.state.keys.verifyFailures(ctx.conversationId), verifyWindowSeconds);
  return count >= verifyLimit;
}

function locked(ctx: TurnContext): void {
  ctx.send(message(texts.verificationLocked, { quickReplies: [{ title: texts.talkToHuman, value: { do: 'handoff' } }] }));
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
  return texts.orderStatus({
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

async function lookUp(ctx: TurnContext, orderId: string, phone?: string): Promise<void> {
  const order = await ctx.services.commerce.findOrder(orderId);
  if (!order) {
    if (await fail(ctx)) return locked(ctx);
    ctx.state.dialogStack.push({ id: 'order.number', attempts: 1 });
    return ctx.send(message(texts.orderNotFound(orderId)));
  }
  if (knownPhones(ctx).includes(order.phone)) return ctx.send(message(describe(ctx, order)));
  if (phone) return verify(ctx, order, phone, 0);
  ctx.state.dialogStack.push({ id: 'order.verify', orderId, attempts: 0 });
  askForPhone(ctx);
}

async function verify(ctx: TurnContext, order: Order, phone: string, attempts: number): Promise<void> {
  if (order.phone === phone) {
    ctx.state.verifiedPhone = phone;
    return ctx.send(message(describe(ctx, order)));
  }
  if (await fail(ctx)) return locked(ctx);
  ctx.state.dialogStack.push({ id: 'order.verify', orderId: order.id, attempts: attempts + 1 });
  ctx.send(message(texts.phoneMismatch));
}

/** "سفارشم کجاست؟" */
export async function askOrderStatus(ctx: TurnContext): Promise<void> {
  if ((await failures(ctx)) >= ctx.services.options.verifyLimit) return locked(ctx);
  const orderId = entity(ctx, 'order_number');
  if (orderId) return lookUp(ctx, orderId, offeredPhone(ctx) ?? rememberedPhone(ctx));

  // A customer the channel already knows: their latest order, without asking for its number.
  for (const phone of knownPhones(ctx)) {
    const orders = await ctx.services.commerce.findOrdersByPhone(phone);
    const latest = orders[0];
    if (latest) return ctx.send(message(describe(ctx, latest)));
  }
  ctx.state.dialogStack.push({ id: 'order.number', attempts: 0 });
  ctx.send(message(texts.askOrderNumber));
}

/** Waiting for an order number: true when the message was about it. */
export async function continueOrderNumber(ctx: TurnContext, frame: Extract<DialogFrame, { id: 'order.number' }>): Promise<boolean> {
  const orderId = entity(ctx, 'order_number');
  if (orderId) {
    if ((await failures(ctx)) >= ctx.services.options.verifyLimit) {
      locked(ctx);
      return true;
    }
    await lookUp(ctx, orderId, offeredPhone(ctx) ?? rememberedPhone(ctx));
    return true;
  }
  if (isSomethingElse(ctx) || frame.attempts >= MAX_REASKS) return false;
  ctx.state.dialogStack.push({ id: 'order.number', attempts: frame.attempts + 1 });
  ctx.send(message(texts.askOrderNumberAgain));
  return true;
}

/** Waiting for the order's phone number: true when the message was about it. */
export async function continueVerify(ctx: TurnContext, frame: Extract<DialogFrame, { id: 'order.verify' }>): Promise<boolean> {
  const phone = offeredPhone(ctx);
  const order = await ctx.services.commerce.findOrder(frame.orderId);
  if (!order) return false;
  if (phone) {
    if ((await failures(ctx)) >= ctx.services.options.verifyLimit) {
      locked(ctx);
      return true;
    }
    await verify(ctx, order, phone, frame.attempts);
    return true;
  }
  if (knownPhones(ctx).includes(order.phone)) {
    ctx.send(message(describe(ctx, order)));
    return true;
  }
  if (isSomethingElse(ctx) || frame.attempts >= MAX_REASKS) return false;
  ctx.state.dialogStack.push({ ...frame, attempts: frame.attempts + 1 });
  askForPhone(ctx, true);
  return true;
}

/** A confident, different question interrupts a dialog that waits for a number. */
function isSomethingElse(ctx: TurnContext): boolean {
  const u = ctx.understanding;
  return !!u && u.intent !== 'out_of_scope' && u.intent !== 'order_status' && u.confidence >= 0.6;
}
