// What the load generator's drivers share: a global pace (updates per second over every channel),
// the plan for delivering one customer message (once, twice at the same moment, or again later,
// split over the two instances), and the tally each channel keeps of what came back.
import { performance } from 'node:perf_hooks';

/** Wall-clock milliseconds with a fraction; comparable with the stand-in's stamps. */
export const clock = (): number => performance.timeOrigin + performance.now();
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A small seeded generator, so a run's plan (who escalates, which updates repeat) is repeatable. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Spaces out sends to `perSecond` over all callers (0: no limit). Each call waits for its slot;
 * slots are not saved up while nobody sends, so a pause is not followed by a burst.
 */
export function pacer(perSecond: number): () => Promise<void> {
  if (perSecond <= 0) return () => Promise.resolve();
  const gap = 1000 / perSecond;
  let next = 0;
  return async () => {
    const t = performance.now();
    next = Math.max(next + gap, t);
    if (next > t) await sleep(next - t);
  };
}

/** How one customer message is delivered: once, twice at the same moment, or once more later. */
export type Delivery = 'once' | 'same-moment' | 'later';

export function planDelivery(random: () => number, duplicateShare: number): Delivery {
  if (random() >= duplicateShare) return 'once';
  return random() < 0.5 ? 'same-moment' : 'later';
}

/** What one channel saw. Latencies are from the first delivery to the first reply, in ms. */
export interface Tally {
  channel: string;
  /** Distinct customer messages sent that expect a bot reply. */
  messages: number;
  /** Customer messages sent while the chat was with a person (no bot reply expected). */
  toAgent: number;
  /** HTTP deliveries, duplicates and redeliveries after an error included. */
  deliveries: number;
  /** Deliveries made twice on purpose. */
  repeated: { 'same-moment': number; later: number };
  /** Answers by status code. */
  statuses: Record<string, number>;
  latencies: number[];
  /** Time for the HTTP request itself (the webhook, or POST /api/web/messages). */
  requestTimes: number[];
  /** Messages that never got a reply, and messages answered twice (ids, for a look afterwards). */
  lost: string[];
  duplicated: string[];
  /** Of the duplicated, how many were delivered twice at the same moment / later / only once. */
  duplicatedBy: Record<Delivery, number>;
  /** Agent replies: sent by agents, and how many reached the customer never or more than once. */
  agentReplies: number;
  agentLost: string[];
  agentDuplicated: string[];
  /** Customer replies (bot-side) that arrived in no open window: neither a reply nor an agent's. */
  stray: number;
}

export function newTally(channel: string): Tally {
  return {
    channel,
    messages: 0,
    toAgent: 0,
    deliveries: 0,
    repeated: { 'same-moment': 0, later: 0 },
    statuses: {},
    latencies: [],
    requestTimes: [],
    lost: [],
    duplicated: [],
    duplicatedBy: { once: 0, 'same-moment': 0, later: 0 },
    agentReplies: 0,
    agentLost: [],
    agentDuplicated: [],
    stray: 0,
  };
}

/** Counts a status (or 'network' for a failed request) in the tally. */
export function countStatus(tally: Tally, status: number | 'network'): void {
  tally.statuses[String(status)] = (tally.statuses[String(status)] ?? 0) + 1;
}

/** True when some message was sent twice in one answer: the same method and the same text. */
export function repeatsItself(keys: readonly string[]): boolean {
  return new Set(keys).size !== keys.length;
}

/** The conversation keys the handoff queue and the console use. */
export const conversationKey = (channel: 'telegram' | 'web', id: string | number): string => `${channel}:${id}`;

/** Escalated conversations, as the channel drivers report them and the agents close them. */
export interface Escalations {
  /** Conversation key → the text the customer wrote while waiting, which the agent should see. */
  readonly waiting: Map<string, string>;
  /** Conversation key → the tags of the agent replies sent to it (each unique in the run). */
  readonly replies: Map<string, string[]>;
  readonly closed: Set<string>;
  /** Claims refused because another agent had the chat first. */
  conflicts: number;
  /** Customer messages the agent never saw in the transcript. */
  unseenByAgent: string[];
  /** Seconds from queueing to the claim. */
  waits: number[];
  errors: string[];
}

export function newEscalations(): Escalations {
  return { waiting: new Map(), replies: new Map(), closed: new Set(), conflicts: 0, unseenByAgent: [], waits: [], errors: [] };
}

/** Customer messages: what a shopper asks all day, each with a bot answer, none a complaint. */
export const SCRIPT = [
  'سلام',
  'قیمت مانتو کتان چنده؟',
  'سایز M مشکیش موجوده؟',
  'هزینه ارسال به شیراز چقدره؟',
  'شرایط مرجوعی چیه',
  'پرداخت در محل دارین؟',
  'هودی چه رنگایی داره',
  'مرسی',
] as const;

export const ESCALATE = 'میخوام با اپراتور صحبت کنم';
/** The customer's message while waiting for a person; the tag lets the agent side find it. */
export const waitingTag = (n: number): string => `wait-${n}`;
export const waitingText = (n: number): string => `سلام کسی هست؟ (${waitingTag(n)})`;
/** An agent's reply; the tag is unique in the run, so each one can be counted at the customer. */
export const replyTag = (n: number): string => `reply-${n}`;
export const agentReplyText = (n: number): string => `سلام، من از پشتیبانی هستم و پیامتان را دیدم (${replyTag(n)})`;
