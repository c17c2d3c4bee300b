// When the bot does not understand: first a clarifying question with the likeliest intents as
// quick replies; a second miss in a row offers a person.
import { message, type QuickReply } from '../activity.js';
import type { TurnContext } from '../context.js';
import { INTENT_LABELS, textsOf } from '../texts.js';

const CLARIFYING_MIN_CONFIDENCE = 0.05;
// Never a guess for a message not understood: a complaint (or a handoff) chosen by mistake hands
// the chat to a person and silences the bot; a person is offered as itself, after the topics.
const NOT_A_GUESS = new Set(['greeting', 'thanks', 'goodbye', 'complaint', 'human_handoff']);

export function fallback(ctx: TurnContext): void {
  ctx.state.misses += 1;
  if (ctx.state.misses >= 2) {
    return ctx.send(message(textsOf(ctx).offerHuman, { quickReplies: [{ title: textsOf(ctx).talkToHuman, value: { do: 'handoff' } }] }));
  }
  const options: QuickReply[] = (ctx.understanding?.alternatives ?? [])
    .filter((a) => a.confidence >= CLARIFYING_MIN_CONFIDENCE && INTENT_LABELS[a.intent] && !NOT_A_GUESS.has(a.intent))
    .slice(0, 3)
    .map((a) => ({ title: INTENT_LABELS[a.intent]!, value: { do: 'intent', intent: a.intent } }));
  if (options.length === 0) return ctx.send(message(textsOf(ctx).clarifyNoOptions));
  const person: QuickReply = { title: textsOf(ctx).talkToHuman, value: { do: 'handoff' } };
  ctx.send(message(textsOf(ctx).clarify, { quickReplies: [...options, person] }));
}
