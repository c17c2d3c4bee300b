// What GET /agent/api/insights answers, declared once for the server, the insights page and
// `pasokh stats --json`. Plain types and one zod schema for the query: the page imports types only.
import { z } from 'zod';

/** The periods the page offers; the API also takes from/to (Tehran days, `YYYY-MM-DD`). */
export const INSIGHTS_PERIODS = [7, 30, 90] as const;

export const InsightsQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(400).optional(),
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  })
  .strict();
export type InsightsQuery = z.infer<typeof InsightsQuery>;

/** A share: `rate` 0–1, or null when nothing was counted (no conversations, no messages). */
export interface Share {
  count: number;
  of: number;
  rate: number | null;
}

/** A duration figure: how many were timed, their mean in seconds, and counts per bucket. */
export interface Durations {
  count: number;
  meanSeconds: number | null;
  /** Upper bounds of the buckets in seconds; the last bucket (`counts` has one more) is open. */
  bounds: number[];
  counts: number[];
}

export interface Labelled {
  key: string;
  /** Persian name (intent label, channel name, handoff reason). */
  label: string;
  count: number;
}

export interface DayFigures {
  day: string;
  messages: number;
  conversations: number;
  automated: number;
  fallbacks: number;
}

export interface MissedQuestion {
  /** The most frequent wording of the group (numbers masked). */
  text: string;
  count: number;
  variants: string[];
}

export interface InsightsReport {
  /** First and last Tehran day of the period, both included. */
  from: string;
  to: string;
  days: number;
  messages: number;
  /** Conversations with customer messages and no person that day, of all conversations (per day). */
  automation: Share;
  /** Messages the bot did not understand, of all customer messages. */
  fallback: Share;
  daily: DayFigures[];
  intents: Labelled[];
  unanswered: MissedQuestion[];
  handoffs: Labelled[];
  /** Queued handoffs that nobody took in time. */
  timedOut: number;
  firstReply: Durations;
  handling: Durations;
  satisfaction: { count: number; mean: number | null; /** ratings 1..5 */ counts: number[] };
  /** Messages per hour of the day in Tehran (0–23). */
  hours: number[];
  /** Messages per weekday, Saturday (0) to Friday (6). */
  weekdays: number[];
  channels: Labelled[];
}
