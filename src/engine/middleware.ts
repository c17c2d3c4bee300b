// The turn pipeline's stages besides the dialogs: normalize → NLU → handoff gate → dialogs, with
// the transcript stage wrapped around them all so it records whatever the turn produced.
import { normalize } from '../nlu/index.js';
import { event, HANDOFF, type HandoffState } from './activity.js';
import type { Middleware } from './context.js';
import { commandOf } from './flows/commands.js';
import { cancelHandoff, handoffStatus } from './flows/handoff.js';

export const normalizeText: Middleware = async (ctx, next) => {
  if (ctx.activity.type === 'message' && ctx.activity.text) ctx.normalized = normalize(ctx.activity.text);
  await next();
};

export const understand: Middleware = async (ctx, next) => {
  const text = ctx.activity.text;
  // Quick-reply payloads and commands carry their meaning already.
  if (ctx.activity.type === 'message' && text && ctx.activity.value === undefined && !text.startsWith('/')) {
    ctx.understanding = ctx.services.nlu.understand(text, ctx.services.commerce.catalog().matcher, ctx.normalized);
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
      return;
    }
  }
  await next();
};

/** Records the turn: the customer's message, then every reply and event, as history entries. */
export const transcript: Middleware = async (ctx, next) => {
  await next();
  const at = ctx.now.toISOString();
  const { activity } = ctx;
  const entries: unknown[] = [];
  if (activity.type === 'message') {
    const u = ctx.understanding;
    // Intent and confidence are for the agents' transcript; the widget never shows them.
    entries.push({ from: 'customer', type: 'message', id: activity.id, text: activity.text, value: activity.value, at, intent: u?.intent, confidence: u?.confidence });
  } else {
    entries.push({ from: 'system', type: 'event', name: activity.name, value: activity.value, at });
  }
  for (const reply of ctx.replies) entries.push({ from: 'bot', ...reply, at });
  for (const e of ctx.events) entries.push({ from: 'bot', ...e, at });
  ctx.history = entries.map((e) => JSON.stringify(e));
};
