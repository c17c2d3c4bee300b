// Handing a conversation to a person. Here the bot emits the handoff protocol's events and goes
// quiet; the agent side (queue, console, staff group) answers and ends the handoff.
import { event, HANDOFF, message, type HandoffState } from '../activity.js';
import type { TurnContext } from '../context.js';
import type { Handoff } from '../conversation.js';
import { describeHours, isOpen } from '../hours.js';
import { textsOf } from '../texts.js';

export function startHandoff(ctx: TurnContext, reason: Handoff['reason']): void {
  if (ctx.state.handoff) return ctx.send(message(textsOf(ctx).handoffAlready));
  const shop = ctx.services.commerce.shop();
  const open = isOpen(shop, ctx.now);
  ctx.state.handoff = { status: 'pending', reason, since: ctx.now.toISOString() };
  ctx.state.dialogStack = [];
  ctx.emit(
    event(HANDOFF.initiate, {
      conversationId: ctx.conversationId,
      channelId: ctx.activity.channelId,
      user: ctx.activity.from,
      reason,
      intent: ctx.understanding?.intent,
      text: ctx.activity.text,
      openNow: open,
    }),
  );
  const lines = reason === 'complaint' ? [textsOf(ctx).complaintSorry] : [];
  lines.push(open ? textsOf(ctx).handoffNow : textsOf(ctx).handoffLater(describeHours(shop)));
  ctx.send(message(lines.join('\n')));
}

/** The customer's /bot: a queued or ongoing handoff ends, and the bot is back. */
export function cancelHandoff(ctx: TurnContext): void {
  if (!ctx.state.handoff) return ctx.send(message(textsOf(ctx).handoffNone));
  ctx.state.handoff = undefined;
  ctx.emit(event(HANDOFF.cancelled, { conversationId: ctx.conversationId, channelId: ctx.activity.channelId }));
  ctx.send(message(textsOf(ctx).handoffCancelled));
}

const RATINGS = [5, 4, 3, 2, 1];

/** handoff.status from the agent side: accepted, failed or completed. */
export function handoffStatus(ctx: TurnContext, value: { state?: HandoffState; agent?: string; rate?: boolean }): void {
  switch (value.state) {
    case 'accepted': {
      if (ctx.state.handoff) ctx.state.handoff.status = 'accepted';
      // The widget shows this as a notice line; other channels as a message.
      return ctx.send({ ...message(textsOf(ctx).handoffAccepted(value.agent)), channelData: { notice: 'agent_joined', agent: value.agent } });
    }
    case 'completed':
      if (!ctx.state.handoff) return;
      ctx.state.handoff = undefined;
      ctx.state.misses = 0;
      ctx.state.awaitingRating = value.rate !== false;
      return ctx.send(
        message(value.rate === false ? textsOf(ctx).handoffCompleted : `${textsOf(ctx).handoffCompleted}
${textsOf(ctx).rateAsk}`, {
          quickReplies: value.rate === false ? [] : RATINGS.map((score) => ({ title: textsOf(ctx).rateOption(score), value: { do: 'rate', score } })),
        }),
      );
    case 'failed':
      ctx.state.handoff = undefined;
      return ctx.send(message(textsOf(ctx).handoffFailed));
  }
}
