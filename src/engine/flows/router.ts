// The dialogs stage: quick-reply choices, commands, the dialog waiting on the stack, then the
// intent. A dialog frame is taken off the stack before it continues; it puts itself back when it
// still waits for an answer, so an interrupted dialog simply ends.
import { z } from 'zod';
import { OUT_OF_SCOPE, SURELY_OUTSIDE, toKey } from '../../nlu/index.js';
import { event, HANDOFF, message, type Choice, type ProductAsk } from '../activity.js';
import type { Middleware, TurnContext } from '../context.js';
import { texts } from '../texts.js';
import { commandOf, runCommand } from './commands.js';
import { fallback } from './fallback.js';
import { answerFaqIntent, answerTopic, payments, returns, shipping } from './faq.js';
import { startHandoff } from './handoff.js';
import { askOrderStatus, continueOrderNumber, continueVerify } from './order.js';
import { askAboutProduct, chooseProduct, continueChoose, continueWhich } from './product.js';

const ASK = z.enum(['price', 'availability', 'info']);
const ChoiceSchema = z.union([
  z.object({ do: z.literal('product'), id: z.string(), ask: ASK }),
  z.object({ do: z.literal('intent'), intent: z.string() }),
  z.object({ do: z.literal('handoff') }),
  z.object({ do: z.literal('rate'), score: z.number().int().min(1).max(5) }),
]);

const PRODUCT_ASKS: Readonly<Record<string, ProductAsk>> = {
  product_price: 'price',
  product_availability: 'availability',
  product_info: 'info',
};

async function routeIntent(ctx: TurnContext, intent: string): Promise<void> {
  if (intent !== OUT_OF_SCOPE) ctx.state.misses = 0;
  const ask = PRODUCT_ASKS[intent];
  if (ask) return askAboutProduct(ctx, ask);
  if (answerFaqIntent(ctx, intent)) return;
  switch (intent) {
    case 'greeting':
      return ctx.send(message(texts.greeting));
    case 'thanks':
      return ctx.send(message(texts.thanks));
    case 'goodbye':
      return ctx.send(message(texts.goodbye));
    case 'order_status':
      return askOrderStatus(ctx);
    case 'shipping_info':
      return shipping(ctx);
    case 'return_policy':
      return returns(ctx);
    case 'payment_methods':
      return payments(ctx);
    case 'human_handoff':
      return startHandoff(ctx, 'requested');
    case 'complaint':
      return startHandoff(ctx, 'complaint');
    default:
      return understandOutOfScope(ctx);
  }
}

/** Not one of the intents: maybe an FAQ topic, a bare order number or a product name. */
async function understandOutOfScope(ctx: TurnContext): Promise<void> {
  if (answerTopic(ctx)) {
    ctx.state.misses = 0;
    return;
  }
  const entities = ctx.understanding?.entities ?? [];
  if (entities.some((e) => e.type === 'order_number')) {
    ctx.state.misses = 0;
    return askOrderStatus(ctx);
  }
  // An alarm or the weather is not a product question, whatever word happens to look like one.
  const outside = (ctx.understanding?.outside ?? 0) >= SURELY_OUTSIDE;
  if (!outside && entities.some((e) => e.type === 'product' && e.score >= ctx.services.options.productMinScore)) {
    ctx.state.misses = 0;
    return askAboutProduct(ctx, 'info');
  }
  fallback(ctx);
}

async function runChoice(ctx: TurnContext, choice: Choice): Promise<void> {
  ctx.state.dialogStack = [];
  ctx.state.misses = 0;
  if (choice.do === 'product') return chooseProduct(ctx, choice.id, choice.ask);
  if (choice.do === 'handoff') return startHandoff(ctx, 'requested');
  if (choice.do === 'rate') {
    // A rating belongs to a handoff an agent closed, and is given once.
    if (!ctx.state.awaitingRating) return ctx.send(message(texts.rateNothing));
    ctx.state.awaitingRating = undefined;
    ctx.emit(event(HANDOFF.rating, { conversationId: ctx.conversationId, channelId: ctx.activity.channelId, score: choice.score }));
    return ctx.send(message(texts.rateThanks));
  }
  return routeIntent(ctx, choice.intent);
}

async function continueDialog(ctx: TurnContext): Promise<boolean> {
  const frame = ctx.state.dialogStack.pop();
  if (!frame) return false;
  switch (frame.id) {
    case 'product.choose':
      return continueChoose(ctx, frame);
    case 'product.which':
      return continueWhich(ctx, frame);
    case 'order.number':
      return continueOrderNumber(ctx, frame);
    case 'order.verify':
      return continueVerify(ctx, frame);
  }
}

/**
 * The customer shared a contact (Telegram). The channel set verifiedPhone only for their own
 * number, and linked it to their profile already; anyone else's number proves nothing.
 */
async function sharedContact(ctx: TurnContext): Promise<void> {
  if (typeof ctx.activity.channelData?.verifiedPhone !== 'string') return ctx.send(message(texts.foreignContact));
  ctx.state.misses = 0;
  const frame = ctx.state.dialogStack.at(-1);
  if (frame?.id === 'order.verify' && (await continueDialog(ctx))) return;
  return askOrderStatus(ctx);
}

/** The shop's own handoff keywords (shop.yaml handoff_keywords) go straight to a person. */
function asksForPerson(ctx: TurnContext): boolean {
  const keywords = ctx.services.commerce.shop().handoff_keywords;
  const key = ctx.normalized?.key ?? '';
  return keywords.some((k) => key.includes(toKey(k)));
}

export const dialogs: Middleware = async (ctx, next) => {
  if (ctx.activity.type !== 'message') return next();
  const choice = ChoiceSchema.safeParse(ctx.activity.value);
  if (choice.success) await runChoice(ctx, choice.data);
  else {
    const command = commandOf(ctx.activity.text);
    if (ctx.activity.channelData?.sharedContact) await sharedContact(ctx);
    else if (!(command && (await runCommand(ctx, command)))) {
      if (!ctx.activity.text?.trim()) ctx.send(message(texts.nonText));
      else if (asksForPerson(ctx)) startHandoff(ctx, 'requested');
      else if (!(await continueDialog(ctx))) await routeIntent(ctx, ctx.understanding?.intent ?? OUT_OF_SCOPE);
    }
  }
  await next();
};
