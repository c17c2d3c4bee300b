// Which messages the bot missed, seen from the turn pipeline: a fallback, an unsure reading, a
// customer who asked for a person right after the bot answered, a low rating after a handoff. The
// middleware only notices; what it hands on is masked first (mobiles, order numbers and other digit
// runs, the customer's own name), so the review queue holds no customer identifier and /forget has
// nothing to find there.
import { createHash } from 'node:crypto';
import { HANDOFF, type Middleware, type TurnContext } from '../engine/index.js';
import { OUT_OF_SCOPE, toKey } from '../nlu/index.js';
import { maskPersonalData } from '../security/mask.js';
import type { HistoryEntry } from '../state/index.js';
import type { Miss } from './store.js';

/** Below this an in-scope reading is unsure: answered, but worth the owner's look. */
export const LOW_CONFIDENCE = 0.6;
/** Ratings (1–5) at or under this say the bot's part went wrong. */
export const LOW_RATING = 2;
/** Messages that carry no question of their own: never the one the bot missed. */
const NO_QUESTION = new Set(['greeting', 'thanks', 'goodbye', 'human_handoff']);

const DIGIT_RUN = /[0-9\u06F0-\u06F9\u0660-\u0669](?:[ -]?[0-9\u06F0-\u06F9\u0660-\u0669]){3,}/g;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The text as the review queue may keep it: digit runs of four or more (order numbers, phones,
 * cards) as `*`, and each word of the customer's name as «…».
 *
 * @example maskReviewText('سفارش ۱۰۴۰۱ مال مریمه', ['مریم']) // 'سفارش ***** مال …ه'
 */
export function maskReviewText(text: string, names: ReadonlyArray<string | undefined> = []): string {
  let masked = maskPersonalData(text.replace(DIGIT_RUN, (run) => run.replace(/[^ -]/g, '*')));
  const words = names.flatMap((n) => (n ?? '').split(/[\s\u200c]+/)).filter((w) => [...w].length >= 2);
  for (const word of new Set(words)) masked = masked.replace(new RegExp(`(?<!\\p{L})${escape(word)}`, 'gu'), '…');
  return masked.trim();
}

/** Messages that differ only in writing (spaces, letters, digits masked) are one review item. */
export function reviewId(text: string): string {
  const key = toKey(text).replace(/\*+/g, '#').replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

interface Transcribed {
  from?: string;
  type?: string;
  name?: string;
  text?: string;
  value?: unknown;
  intent?: string;
  confidence?: number;
}

const read = (h: HistoryEntry): Transcribed => {
  try {
    return JSON.parse(h.data) as Transcribed;
  } catch {
    return {};
  }
};

/** A customer's typed question (not a command, a quick reply or small talk). */
const isQuestion = (e: Transcribed) => e.from === 'customer' && e.type === 'message' && !!e.text && e.value === undefined && !e.text.startsWith('/') && !NO_QUESTION.has(e.intent ?? '');

/**
 * The message before the customer asked for a person, when the bot had answered it (something
 * other than "I did not understand"): the newest customer message recorded, if it was a question.
 */
function answeredBefore(entries: readonly Transcribed[]): Transcribed | undefined {
  const i = entries.findLastIndex((e) => e.from === 'customer');
  const last = entries[i];
  if (!last || !isQuestion(last) || last.intent === OUT_OF_SCOPE || last.intent === 'complaint') return undefined;
  return entries.slice(i + 1).some((e) => e.from === 'bot' && e.type === 'message') ? last : undefined;
}

/** The question the handoff that was just rated began with: the last one before it started. */
function beforeHandoff(entries: readonly Transcribed[]): Transcribed | undefined {
  const start = entries.findLastIndex((e) => e.type === 'event' && e.name === HANDOFF.initiate);
  return start < 0 ? undefined : entries.slice(0, start).findLast(isQuestion);
}

/** How far back a rated handoff's question is looked for. */
const HISTORY_LOOKBACK = 100;

/**
 * Engine middleware (after the NLU stage) that reports each missed message to `report`, without
 * waiting for it: the turn's answer never waits on the review queue.
 */
export function missDetector(report: (miss: Miss) => Promise<void>, onError: (error: Error) => void): Middleware {
  const send = (miss: Miss) => void report(miss).catch(onError);
  const fromHistory = (ctx: TurnContext, why: Miss['why'], pick: (entries: Transcribed[]) => Transcribed | undefined) =>
    void ctx.services.state.history
      .read(ctx.conversationId, { count: HISTORY_LOOKBACK })
      .then((history) => {
        const found = pick(history.map(read));
        if (found?.text) send({ text: mask(ctx, found.text), why, guess: found.intent, confidence: found.confidence });
      })
      .catch(onError);

  return async (ctx, next) => {
    const misses = ctx.state.misses;
    const inHandoff = !!ctx.state.handoff;
    const awaitingRating = ctx.state.awaitingRating === true;
    await next();
    // Messages to an agent and /forget are not the bot's to learn from.
    if (ctx.activity.type !== 'message' || inHandoff || ctx.forget) return;
    // Tapped or typed, a rating is the event the turn emitted.
    const rating = ctx.events.find((e) => e.name === HANDOFF.rating)?.value as { score?: unknown } | undefined;
    if (awaitingRating && typeof rating?.score === 'number' && rating.score <= LOW_RATING) {
      return fromHistory(ctx, 'low_rating', beforeHandoff);
    }
    // A person asked for (in words, /human or the quick reply): the bot's last answer did not do.
    const requested = ctx.events.some((e) => e.name === HANDOFF.initiate && (e.value as { reason?: string } | undefined)?.reason === 'requested');
    if (requested) return fromHistory(ctx, 'handoff_after_answer', answeredBefore);
    const u = ctx.understanding;
    if (!u || !ctx.activity.text) return;
    const best = u.alternatives[0];
    if (ctx.state.misses > misses) {
      return send({ text: mask(ctx, ctx.activity.text), why: 'fallback', guess: best?.intent, confidence: best?.confidence });
    }
    if (u.intent !== OUT_OF_SCOPE && u.confidence < LOW_CONFIDENCE && !NO_QUESTION.has(u.intent) && !ctx.state.handoff) {
      send({ text: mask(ctx, ctx.activity.text), why: 'low_confidence', guess: u.intent, confidence: u.confidence });
    }
  };
}

const mask = (ctx: TurnContext, text: string) => maskReviewText(text, [ctx.activity.from?.name, ctx.profile.name]);
