// The turn pipeline's stages besides the dialogs: normalize → NLU → handoff gate → dialogs, with
// the transcript stage wrapped around them all so it records whatever the turn produced.
import { normalize } from '../nlu/index.js';
import { event, HANDOFF, message, type HandoffState } from './activity.js';
import type { Middleware, TurnContext } from './context.js';
import { commandOf } from './flows/commands.js';
import { cancelHandoff, handoffStatus } from './flows/handoff.js';
import { textUnderMarkup } from './markup.js';
import { textsOf } from './texts.js';
import { compactReply, keptConfidence } from './transcript-entry.js';
import { saysComplaint } from './thread.js';

export const normalizeText: Middleware = async (ctx, next) => {
  // Pasted markup is read for the words under its tags.
  if (ctx.activity.type === 'message' && ctx.activity.text) ctx.normalized = normalize(textUnderMarkup(ctx.activity.text) ?? ctx.activity.text);
  await next();
};

export const understand: Middleware = async (ctx, next) => {
  const text = ctx.activity.text;
  // Quick-reply payloads and commands carry their meaning already.
  if (ctx.activity.type === 'message' && text && ctx.activity.value === undefined && !text.startsWith('/')) {
    ctx.understanding = ctx.services.nlu.understand(textUnderMarkup(text) ?? text, ctx.services.commerce.catalog().matcher, ctx.normalized);
  }
  await next();
};

/**
 * While a person has the conversation, the bot stays silent: the customer's messages go to the
 * agent side as events. handoff.status events from the agent side end or update the handoff.
 */
export const handoffGate: Middleware = async (ctx, next) => {
  const { activity } = ctx;
  if (activity.type === 'event') {
    if (activity.name === HANDOFF.status) handoffStatus(ctx, (activity.value ?? {}) as { state?: HandoffState; agent?: string; rate?: boolean });
    return;
  }
  if (ctx.state.handoff) {
    // Only the commands that end the handoff or erase the customer's data reach the bot.
    const command = commandOf(activity.text);
    if (command === 'bot') return cancelHandoff(ctx);
    if (command !== 'forget') {
      ctx.emit(event(HANDOFF.message, { conversationId: ctx.conversationId, channelId: activity.channelId, text: activity.text, from: activity.from }));
      if (ctx.state.handoff.status !== 'pending') return;
      // Still in the queue, no person yet: a plain shop question («قیمت هودی چنده؟») is answered
      // rather than left unanswered for minutes; the place in line is kept.
      if (answerableWhileQueued(ctx)) {
        await next();
        // Once: the answer does not cost the customer their place in line.
        if (ctx.state.handoff && !ctx.state.handoff.reminded) {
          ctx.state.handoff.reminded = true;
          ctx.send(message(textsOf(ctx).handoffStillQueued));
        }
        return;
      }
      // Anything else waits for the person; the first time, the customer hears that they are in
      // line and how to come back to the bot.
      // («پس کی جواب میدین؟» asks exactly that, and is answered each time.)
      if (!ctx.state.handoff.reminded || ABOUT_THE_WAIT.test(ctx.normalized?.key ?? '')) {
        ctx.state.handoff.reminded = true;
        ctx.send(message(textsOf(ctx).handoffWaiting));
      }
      return;
    }
  }
  await next();
};

// Questions with an answer the bot gives on its own (no person needed) and no complaint in them.
const ANSWERABLE_WHILE_QUEUED = new Set([
  'product_price', 'product_availability', 'product_info', 'shipping_info', 'return_policy', 'payment_methods',
  'size_advice', 'discount_code', 'business_hours', 'shop_address', 'exchange_shipping', 'wholesale', 'authenticity',
]);
const SURE_WHILE_QUEUED = 0.75;
// «پس کی جواب میدین؟»، «خیلی معطل شدم»: in the queue, a question about the wait is for the person.
const ABOUT_THE_WAIT = /جواب (?:ن?میدین|ن?میدید|ن?میده|بدین|بدید)|منتظر|معطل|کسی نیست|کسی هست|(?:^|\s)الو(?:\s|$|\?)|نوبتم|چقدر دیگه/;

function answerableWhileQueued(ctx: TurnContext): boolean {
  const u = ctx.understanding;
  const key = ctx.normalized?.key ?? '';
  return !!u && ANSWERABLE_WHILE_QUEUED.has(u.intent) && u.confidence >= SURE_WHILE_QUEUED && !saysComplaint(key) && !ABOUT_THE_WAIT.test(key);
}

/** Records the turn: the customer's message, then every reply and event, as history entries. */
export const transcript: Middleware = async (ctx, next) => {
  await next();
  const at = ctx.now.toISOString();
  const { activity } = ctx;
  const entries: unknown[] = [];
  if (activity.type === 'message') {
    const u = ctx.understanding;
    // Intent and confidence are for the agents' transcript; the widget never shows them.
    entries.push({ from: 'customer', type: 'message', id: activity.id, text: activity.text, value: activity.value, at, intent: u?.intent, confidence: keptConfidence(u?.confidence) });
  } else {
    entries.push({ from: 'system', type: 'event', name: activity.name, value: activity.value, at });
  }
  for (const reply of ctx.replies) entries.push({ from: 'bot', ...compactReply(reply), at });
  for (const e of ctx.events) entries.push({ from: 'bot', ...e, at });
  ctx.history = entries.map((e) => JSON.stringify(e));
};
