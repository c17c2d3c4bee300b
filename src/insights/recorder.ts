// What the owner's figures are made of, taken where it happens: each customer turn (an engine
// middleware, like the metrics one: its understanding, whether the bot fell back, the handoff and
// rating events it emitted) and each step of a handoff (the handoff service's notices: queued,
// claimed, an agent's reply, closed, ended). One store call per turn.
import { casualTexts, HANDOFF, texts, type Middleware, type TurnContext } from '../engine/index.js';
import type { HandoffNotice } from '../handoff/index.js';
import { OUT_OF_SCOPE } from '../nlu/index.js';
import { tehranTime } from './days.js';
import type { InsightsStore } from './store.js';
import { storableText } from './text.js';

/**
 * The bot's "not understood" answers in either tone: a turn answered only with these fell back,
 * whether or not its flow counted a miss (a keyboard mash is answered with a clarifying question).
 */
const NOT_UNDERSTOOD = new Set([texts, { ...texts, ...casualTexts }].flatMap((t) => [t.clarify, t.clarifyNoOptions, t.offerHuman, t.unreadable, t.whichProduct]));
const onlyNotUnderstood = (ctx: TurnContext) => ctx.replies.length > 0 && ctx.replies.every((r) => NOT_UNDERSTOOD.has(r.text ?? ''));

/** The names a customer goes by in this turn, kept out of the stored text. */
const namesOf = (ctx: TurnContext) => [ctx.profile.name, ctx.activity.from.name].filter((n): n is string => !!n);

/**
 * The engine middleware that counts each customer message into its Tehran day: messages by channel
 * and hour, the intent the bot answered, fallbacks, the masked text of what went unanswered, handoffs by reason,
 * ratings, and each conversation once a day (and once as handed to a person, if it was).
 *
 * @example createEngine({ …, middleware: [insightsMiddleware(store)] })
 */
export function insightsMiddleware(store: InsightsStore): Middleware {
  return async (ctx, next) => {
    if (ctx.activity.type !== 'message') return next();
    const misses = ctx.state.misses;
    const withPerson = !!ctx.state.handoff;
    await next();
    // /forget: the conversation is being deleted; what it was counted before stays, named by nobody.
    if (ctx.forget) return;
    const { day, hour } = tehranTime(ctx.now);
    const channel = ctx.activity.channelId;
    const counts: Record<string, number> = { messages: 1, [`ch:${channel}`]: 1, [`h:${hour}`]: 1 };
    const fellBack = !withPerson && (ctx.state.misses > misses || onlyNotUnderstood(ctx));
    const initiated = ctx.events.find((e) => e.name === HANDOFF.initiate);
    if (fellBack) counts.fallbacks = 1;
    else if (!withPerson && ctx.understanding?.intent) counts[`in:${ctx.understanding.intent}`] = 1;
    // Unanswered: the bot did not understand (a fallback), or said it cannot help (out of scope).
    const unanswered = fellBack || (!withPerson && !initiated && ctx.understanding?.intent === OUT_OF_SCOPE);
    if (initiated) counts[`ho:${(initiated.value as { reason?: string }).reason ?? 'requested'}`] = 1;
    const rating = ctx.events.find((e) => e.name === HANDOFF.rating);
    const score = (rating?.value as { score?: number } | undefined)?.score;
    if (score) counts[`rate:${score}`] = 1;
    // A conversation counts once a day; it was handed that day if a person had it at any turn.
    if (ctx.state.insights?.day !== day) {
      counts.conversations = 1;
      ctx.state.insights = { day };
    }
    if ((withPerson || ctx.state.handoff || initiated) && !ctx.state.insights!.handed) {
      counts.handed = 1;
      ctx.state.insights!.handed = true;
    }
    const missed = unanswered && ctx.activity.text ? storableText(ctx.activity.text, namesOf(ctx)) : '';
    ctx.alongside.push(() => store.add(day, counts, missed || undefined));
  };
}

/**
 * The handoff service's observer: times the wait for a person's first reply (from queueing) and the
 * handling (from the first claim to the close), and counts handoffs nobody took in time.
 *
 * @example handoff.observe(insightsObserver(store))
 */
export function insightsObserver(store: InsightsStore, now: () => Date = () => new Date()): (notice: HandoffNotice) => Promise<void> {
  return async (notice) => {
    const at = now();
    switch (notice.type) {
      case 'queued':
        return store.queued(notice.item.conversationId, notice.item.since);
      case 'claimed':
        return store.claimed(notice.conversationId, at.getTime());
      case 'agent':
        return store.replied(notice.conversationId, tehranTime(at).day, at.getTime());
      case 'closed':
        return store.closed(notice.conversationId, tehranTime(at).day, at.getTime());
      case 'ended':
        if (notice.why === 'timeout') await store.add(tehranTime(at).day, { timeouts: 1 });
        return store.dropped(notice.conversationId);
      case 'forgotten':
        return store.dropped(notice.conversationId);
      default:
        return;
    }
  };
}
