// Slash commands: /start, /help, /human, /forget, /mydata. Telegram may append the bot's name
// (/start@shop_bot) and a payload (/start abc).
import { event, HANDOFF, message } from '../activity.js';
import type { TurnContext } from '../context.js';
import { textsOf } from '../texts.js';
import { cancelHandoff, startHandoff } from './handoff.js';

const COMMAND = /^\/([a-z_]+)(?:@\w+)?(?:\s|$)/i;

export function commandOf(text: string | undefined): string | undefined {
  return text ? COMMAND.exec(text.trim())?.[1]?.toLowerCase() : undefined;
}

/** Runs a command; false when the text is not one pasokh knows. */
export async function runCommand(ctx: TurnContext, command: string): Promise<boolean> {
  switch (command) {
    case 'start':
      ctx.state.misses = 0;
      ctx.send(message(textsOf(ctx).welcome(ctx.services.commerce.shop().name), { quickReplies: starters(ctx) }));
      return true;
    case 'help':
      ctx.send(message(textsOf(ctx).help));
      return true;
    case 'human':
      startHandoff(ctx, 'requested');
      return true;
    case 'bot':
      cancelHandoff(ctx);
      return true;
    case 'forget':
      ctx.forget = true;
      // The handoff side lets go too: out of the queue, away from any agent, out of their lists.
      ctx.emit(event(HANDOFF.cancelled, { conversationId: ctx.conversationId, channelId: ctx.activity.channelId, userId: ctx.activity.from.id, reason: 'forget' }));
      ctx.send(message(textsOf(ctx).forgotten));
      return true;
    case 'mydata': {
      const messages = (await ctx.services.state.history.read(ctx.conversationId, { count: 10_000 })).length;
      ctx.send(
        message(
          textsOf(ctx).myData({
            messages,
            verifiedPhone: ctx.state.verifiedPhone,
            linkedPhones: ctx.profile.linkedPhones,
            handoff: ctx.state.handoff ? (ctx.state.handoff.status === 'accepted' ? 'در جریان' : 'در انتظار') : undefined,
            since: ctx.state.createdAt,
          }),
        ),
      );
      return true;
    }
    default:
      return false;
  }
}

function starters(ctx: TurnContext) {
  return [
    { title: 'پیگیری سفارش', value: { do: 'intent', intent: 'order_status' } as const },
    { title: 'هزینه‌ی ارسال', value: { do: 'intent', intent: 'shipping_info' } as const },
    { title: textsOf(ctx).talkToHuman, value: { do: 'handoff' } as const },
  ];
}
