// Handing a conversation to a person. Here the bot emits the handoff protocol's events and goes
// quiet; the agent side (queue, console, staff group) answers and ends the handoff.
import { event, HANDOFF, message, type HandoffState } from '../activity.js';
import type { TurnContext } from '../context.js';
import type { Handoff } from '../conversation.js';
import { describeHours, isOpen } from '../hours.js';
import { texts } from '../texts.js';

export function startHandoff(ctx: TurnContext, reason: Handoff['reason']): void {
  if (ctx.state.handoff) return ctx.send(message(texts.handoffAlready));
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
  const lines = reason === 'complaint' ? [texts.complaintSorry] : [];
  lines.push(open ? texts.handoffNow : texts.handoffLater(describeHours(shop)));
  ctx.send(message(lines.join('\n')));
}

/** handoff.status from the agent side: accepted, failed or completed. */
export function handoffStatus(ctx: TurnContext, value: { state?: HandoffState; agent?: string }): void {
  switch (value.state) {
    case 'accepted':
      if (ctx.state.handoff) ctx.state.handoff.status = 'accepted';
      return ctx.send(message(texts.handoffAccepted(value.agent)));
    case 'completed':
      ctx.state.handoff = undefined;
      ctx.state.misses = 0;
      return ctx.send(message(texts.handoffCompleted));
    case 'failed':
      ctx.state.handoff = undefined;
      return ctx.send(message(texts.handoffFailed));
  }
}
