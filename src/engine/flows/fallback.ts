// When the bot does not understand: first a clarifying question with the likeliest intents as
// quick replies; a second miss in a row offers a person.
import { message, type QuickReply } from '../activity.js';
import type { TurnContext } from '../context.js';
import { INTENT_LABELS, textsOf } from '../texts.js';

const CLARIFYING_MIN_CONFIDENCE = 0.05;

export function fallback(ctx: TurnContext): void {
  ctx.state.misses += 1;
  if (ctx.state.misses >= 2) {
    return ctx.send(message(textsOf(ctx).offerHuman, { quickReplies: [{ title: textsOf(ctx).talkToHuman, value: { do: 'handoff' } }] }));
  }
  const options: QuickReply[] = (ctx.understanding?.alternatives ?? [])
    .filter((a) => a.confidence >= CLARIFYING_MIN_CONFIDENCE && INTENT_LABELS[a.intent] && !['greeting', 'thanks', 'goodbye'].includes(a.intent))
    .slice(0, 3)
    .map((a) => ({ title: INTENT_LABELS[a.intent]!, value: { do: 'intent', intent: a.intent } }));
  ctx.send(message(options.length ? textsOf(ctx).clarify : textsOf(ctx).clarifyNoOptions, { quickReplies: options }));
}
