// The learning loop: missed messages into the review queue, the owner's answer out of it, and the
// bot re-trained on every instance within seconds. A change is stored first (durably), then this
// instance re-trains in the background and announces it on the bus; every other instance, which
// subscribed at start, reads what was learned from the store and re-trains too. No restart.
import { randomUUID } from 'node:crypto';
import { PasokhError } from '../errors.js';
import { faqIntentName, OUT_OF_SCOPE, SHOP_FAQ_PREFIX, type IntentData } from '../nlu/index.js';
import type { Bus, History, HistoryEntry } from '../state/index.js';
import { INTENT_LABELS, intentLabel } from '../wire/intent-labels.js';
import { NOTHING_LEARNED, type Learned } from './learned.js';
import { maskReviewText, missDetector, reviewId } from './review.js';
import { maskPersonalData } from '../security/mask.js';
import type { Label, LearnedFaq, LearningStore, ReplySeen, ReviewItem } from './store.js';
import type { Middleware } from '../engine/index.js';
import { learnedMatcher, learnedReading, wordWeights, type ExampleMatcher, type WordWeights } from './similar.js';
import { exportLearned, parseLearned } from './yaml.js';

/** Bus topic on which a change of what was learned is announced. */
export const LEARNING_TOPIC = 'learning';
/** An agents' answer to the same question this many times is proposed as its FAQ answer. */
export const PROPOSE_AFTER = 2;

/** An intent the owner may pick, with its Persian name. */
export interface IntentChoice {
  intent: string;
  label: string;
}

/** The review page's data: missed messages, proposed FAQ answers, and what can be picked. */
export interface ReviewQueue {
  items: ReviewItem[];
  proposals: ReplySeen[];
  intents: IntentChoice[];
  learned: Learned;
}

export interface Learning {
  /** Engine middleware that puts missed messages into the queue. */
  readonly middleware: Middleware;
  /** What was learned, as the NLU and the FAQ flow use it now. */
  learned(): Learned;
  /** Loads what was learned, re-trains if there is any, and follows other instances' changes. */
  start(): Promise<void>;
  stop(): void;
  queue(): Promise<ReviewQueue>;
  /** The message means `intent`: a training example of it from now on. */
  label(id: string, intent: string): Promise<Label>;
  /** A new FAQ answer with the message as its first example. */
  teach(id: string, answer: string, title?: string): Promise<LearnedFaq>;
  dismiss(id: string): Promise<void>;
  /** An agents' reply proposed as an FAQ answer, taken (as given, or as the owner edited it). */
  acceptProposal(id: string, answer?: string, title?: string): Promise<LearnedFaq>;
  dismissProposal(id: string): Promise<void>;
  forgetLabel(id: string): Promise<void>;
  forgetFaq(key: string): Promise<void>;
  /** An agent answered a customer in a handoff: the reply is paired with the question it answered. */
  agentReplied(conversationId: string, text: string, customerName?: string): Promise<void>;
  /** Learned labels and FAQ answers as intents/-style YAML (see yaml.ts). */
  exportYaml(): Promise<string>;
  /** Reads such a file back (labels and FAQ answers of the same names replaced); returns how many of each. */
  importYaml(source: string, file: string): Promise<{ labels: number; faqs: number }>;
}

export interface LearningDeps {
  store: LearningStore;
  bus: Bus;
  history: History;
  /** The intents the bot has now (the NLU's training data). */
  intents(): readonly IntentData[];
  /** Re-trains on what was learned; resolves true when that model went into service. */
  retrain(learned: Learned): Promise<boolean>;
  log: { info(msg: string): void; warn(msg: string): void };
  now?: () => Date;
}

interface Transcribed {
  from?: string;
  type?: string;
  text?: string;
  value?: unknown;
  intent?: string;
}

const SMALL_TALK = new Set(['greeting', 'thanks', 'goodbye', 'human_handoff']);
const read = (h: HistoryEntry): Transcribed => {
  try {
    return JSON.parse(h.data) as Transcribed;
  } catch {
    return {};
  }
};

/** A learned FAQ's key from its first question: stable, ASCII, lower_snake_case (its intent is faq_<key>). */
const faqKeyOf = (text: string) => `learned_${reviewId(text).slice(0, 8)}`;
const titleOf = (text: string) => ([...text].length > 48 ? `${[...text].slice(0, 47).join('')}…` : text);

export function createLearning(deps: LearningDeps): Learning {
  const { store, bus, log } = deps;
  const now = deps.now ?? (() => new Date());
  const instance = randomUUID();
  let current: Learned = NOTHING_LEARNED;
  let unsubscribe: (() => void) | undefined;
  let reads = 0;

  /** Reads what was learned and re-trains on it (in the background: the current model answers meanwhile). */
  async function refresh(): Promise<void> {
    const mine = ++reads;
    const [labels, faqs] = await Promise.all([store.labels(), store.faqs()]);
    // Two changes in quick succession: the later read wins, whichever answered first.
    if (mine !== reads) return;
    current = { labels, faqs };
    // Matched from the next message on, before the re-training ends (built now, not in a customer's turn).
    currentMatcher();
    const served = await deps.retrain(current);
    if (served) log.info(`learning: the classifier was re-trained (${labels.length} labels, ${faqs.length} learned FAQ answers)`);
  }
  const failed = (what: string) => (error: Error) => log.warn(`learning: ${what} failed: ${error.message}`);

  /** After a change is stored: this instance re-trains, the others hear of it. */
  async function changed(): Promise<void> {
    await bus.publish(LEARNING_TOPIC, JSON.stringify({ from: instance })).catch(failed('announcing a change'));
    void refresh().catch(failed('re-training'));
  }

  async function takeItem(id: string): Promise<ReviewItem> {
    const item = await store.takeReview(id);
    if (!item) throw new PasokhError('PASOKH_ERR_REVIEW_ITEM_GONE');
    return item;
  }

  function choices(): IntentChoice[] {
    // A FAQ answer just written is a choice at once, before the model trained on it is in service.
    const known = new Set([...deps.intents().map((i) => i.intent), ...current.faqs.map((f) => faqIntentName(f.key))]);
    // A FAQ intent is named as the owner knows it: a learned one by its title, one of shop.yaml's
    // by its first question (the training data's first example), never by its English key.
    const titles = new Map(current.faqs.map((f) => [faqIntentName(f.key), f.title]));
    for (const i of deps.intents()) {
      if (i.intent.startsWith(SHOP_FAQ_PREFIX) && !titles.has(i.intent) && i.examples[0]) titles.set(i.intent, titleOf(i.examples[0]));
    }
    const canonical = INTENT_LABELS.filter((c) => known.has(c.intent) && c.intent !== OUT_OF_SCOPE);
    const own = [...known]
      .filter((i) => !INTENT_LABELS.some((c) => c.intent === i) && i !== OUT_OF_SCOPE)
      .map((intent) => ({ intent, label: titles.has(intent) ? `پرسش متداول: ${titles.get(intent)}` : intentLabel(intent) }));
    return [...canonical, ...own].sort((a, b) => a.label.localeCompare(b.label, 'fa'));
  }

  async function newFaq(question: string, answer: string, title: string | undefined): Promise<LearnedFaq> {
    const faq: LearnedFaq = { key: faqKeyOf(question), title: (title?.trim() || titleOf(question)).slice(0, 80), answer: answer.trim(), questions: [question], at: now().toISOString() };
    await store.putFaq(faq);
    // Answered from now on (the shop view reads `current`); understood once the re-training ends.
    current = { ...current, faqs: [...current.faqs.filter((f) => f.key !== faq.key), faq] };
    await changed();
    return faq;
  }

  // The learned examples as a matcher, rebuilt when what was learned (or the training data) changes:
  // on this instance at once, on the others as soon as they read the bus announcement's change.
  let matcher: { learned: Learned; intents: readonly IntentData[]; matcher: ExampleMatcher } | undefined;
  let weights: { signature: string; weights: WordWeights } | undefined;
  function currentMatcher(): ExampleMatcher {
    const intents = deps.intents();
    if (matcher?.learned === current && matcher.intents === intents) return matcher.matcher;
    if (current.labels.length === 0 && current.faqs.length === 0) {
      matcher = { learned: current, intents, matcher: learnedMatcher([], []) };
      return matcher.matcher;
    }
    // The word weights of the training data without what was learned: the same after a re-training
    // on a new label, so they are computed again only when the intents or shop.yaml's FAQ change.
    const labelled = new Set(current.labels.map((l) => l.text));
    const base = intents.filter((i) => i.file !== 'learned').map((i) => ({ ...i, examples: i.examples.filter((e) => !labelled.has(e)) }));
    const signature = base.map((i) => `${i.intent}:${i.examples.length}`).join(',');
    if (weights?.signature !== signature) weights = { signature, weights: wordWeights(base) };
    const known = new Set([...intents.map((i) => i.intent), ...current.faqs.map((f) => faqIntentName(f.key))]);
    const examples = [
      ...current.faqs.flatMap((f) => f.questions.map((text) => ({ text, intent: faqIntentName(f.key) }))),
      ...current.labels.filter((l) => known.has(l.intent)),
    ];
    matcher = { learned: current, intents, matcher: learnedMatcher(examples, weights.weights) };
    return matcher.matcher;
  }
  const detector = missDetector((miss) => store.recordMiss(reviewId(miss.text), miss, now()), failed('recording a missed message'));
  const reader = learnedReading(currentMatcher);

  return {
    // The detector sees the turn as answered, after a learned example may have given it its reading.
    middleware: (ctx, next) => detector(ctx, () => reader(ctx, next)),
    learned: () => current,

    async start() {
      unsubscribe = bus.subscribe(LEARNING_TOPIC, (message) => {
        let from: unknown;
        try {
          from = (JSON.parse(message) as { from?: unknown }).from;
        } catch {
          // an announcement from an older instance: re-train all the same
        }
        if (from !== instance) void refresh().catch(failed('re-training after another instance learned'));
      });
      const [labels, faqs] = await Promise.all([store.labels(), store.faqs()]);
      if (labels.length || faqs.length) await refresh();
    },
    stop() {
      unsubscribe?.();
    },

    async queue() {
      const [items, replies] = await Promise.all([store.reviewItems(now()), store.replies(now())]);
      return { items, proposals: replies.filter((r) => r.count >= PROPOSE_AFTER), intents: choices(), learned: current };
    },

    async label(id, intent) {
      if (!choices().some((c) => c.intent === intent)) throw new PasokhError('PASOKH_ERR_UNKNOWN_INTENT');
      const item = await takeItem(id);
      const label: Label = { id: reviewId(item.text), text: item.text, intent, at: now().toISOString() };
      await store.putLabel(label);
      await changed();
      return label;
    },
    async teach(id, answer, title) {
      const item = await takeItem(id);
      return newFaq(item.text, answer, title);
    },
    async dismiss(id) {
      await takeItem(id);
    },
    async acceptProposal(id, answer, title) {
      const seen = await store.takeReply(id);
      if (!seen) throw new PasokhError('PASOKH_ERR_REVIEW_ITEM_GONE');
      return newFaq(seen.question, answer?.trim() || seen.reply, title);
    },
    async dismissProposal(id) {
      if (!(await store.takeReply(id))) throw new PasokhError('PASOKH_ERR_REVIEW_ITEM_GONE');
    },
    async forgetLabel(id) {
      if (!(await store.deleteLabel(id))) throw new PasokhError('PASOKH_ERR_REVIEW_ITEM_GONE');
      await changed();
    },
    async forgetFaq(key) {
      if (!(await store.deleteFaq(key))) throw new PasokhError('PASOKH_ERR_REVIEW_ITEM_GONE');
      await changed();
    },

    async agentReplied(conversationId, text, customerName) {
      const entries = (await deps.history.read(conversationId, { count: 40 })).map(read);
      // The agent's reply is the newest entry; the question is the customer's last real one before it.
      const before = entries.slice(0, entries.findLastIndex((e) => e.from === 'agent' && e.text === text));
      const at = before.findLastIndex((e) => e.from === 'customer' && e.type === 'message' && !!e.text && e.value === undefined && !e.text.startsWith('/') && !SMALL_TALK.has(e.intent ?? ''));
      const question = entries[at];
      if (at < 0 || !question?.text) return;
      // A second reply to the same question in this chat keeps the latest wording without counting twice.
      const again = before.slice(at + 1).some((e) => e.from === 'agent');
      const masked = maskReviewText(question.text, [customerName]);
      await store.recordReply(reviewId(masked), masked, replyMasked(text, [customerName]), now(), again);
    },

    async exportYaml() {
      const [labels, faqs] = await Promise.all([store.labels(), store.faqs()]);
      return exportLearned({ labels, faqs });
    },
    async importYaml(source, file) {
      const parsed = parseLearned(source, file, (intent) => choices().some((c) => c.intent === intent));
      for (const faq of parsed.faqs) await store.putFaq(faq);
      for (const label of parsed.labels) await store.putLabel(label);
      await changed();
      return { labels: parsed.labels.length, faqs: parsed.faqs.length };
    },
  };
}

/**
 * An agent's reply as a proposed answer: the customer's name and personal numbers (mobiles,
 * cards) out, prices and other figures kept, since they are the answer.
 */
function replyMasked(text: string, names: ReadonlyArray<string | undefined>): string {
  const words = names.flatMap((n) => (n ?? '').split(/[\s\u200c]+/)).filter((w) => [...w].length >= 2);
  let out = maskPersonalData(text);
  for (const word of new Set(words)) out = out.split(word).join('…');
  return out.trim();
}
