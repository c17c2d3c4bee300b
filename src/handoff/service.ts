// Handoff between the bot and people. The engine's gate keeps the bot quiet while a conversation
// is queued or with an agent; this service runs the other side: the queue, claims, replies,
// release and transfer, closing back to the bot, the queue timeout — and tells the customer on
// whatever channel they came from.
import { formatJalali, type CommerceSource } from '../commerce/index.js';
import { HANDOFF, message, STATUS_LABELS, texts, type Engine, type Outbound } from '../engine/index.js';
import type { StateBackend } from '../state/index.js';
import { isAdmin, type Agent } from './agents.js';
import type { Assignment, HandoffStore, QueueItem } from './store.js';
import { createMemoryDirectory, matches, queryWords, type ConversationDirectory, type DirectoryEntry } from './directory.js';
import { HandoffError } from '../errors.js';
import type { ChangeEvent, ConversationDetail, SearchQuery, Summary, TakenDetails, TranscriptEntry, View } from '../wire/console.js';

/** Sends replies to a customer on one channel (Telegram's Bot API); the web reads its history. */
export type Sender = (conversationKey: string, replies: Outbound[]) => Promise<void>;

export interface HandoffMetrics {
  handoff(reason: string): void;
  queueLength(n: number): void;
  waited(seconds: number): void;
  handled(seconds: number): void;
  rated(score: number): void;
}

export interface HandoffOptions {
  /** A queued chat nobody claims within this many minutes goes back to the bot, which says so. */
  queueTimeoutMinutes: number;
  /** Used for the expected wait told to customers. */
  averageHandleMinutes: number;
  /** Fixed canned replies; unset, the shop's `canned_replies` as currently loaded (an edit of shop.yaml shows at once). */
  canned?: Array<{ title: string; text: string }>;
}

// The console's wire shapes (src/wire/console.ts) are what this service answers.
export type { Summary };

export const HANDOFF_TOPIC = 'handoff';

/** What happened in a handoff, for surfaces that mirror it (the staff Telegram group). */
export type HandoffNotice =
  | { type: 'queued'; item: QueueItem }
  | { type: 'customer'; conversationId: string; text: string; customerName?: string }
  | { type: 'agent'; conversationId: string; agent: Agent; text: string; source?: string }
  | { type: 'claimed' | 'released' | 'closed'; conversationId: string; agent: Agent }
  | { type: 'ended'; conversationId: string; why: 'timeout' | 'cancelled' }
  /** The customer left with /forget: every trace of the conversation is being deleted. */
  | { type: 'forgotten'; conversationId: string; agent?: Agent };

export { HandoffError };

const PRIORITY: Readonly<Record<string, number>> = { complaint: 2 };
/** Handled conversations listed per agent (newest first); older ones stay reachable by link and search. */
const LIST_HANDLED = 50;
/** Closed conversations listed; older ones are found by search. */
const LIST_CLOSED = 50;
/** How many of the most recently active conversations a search reads. */
const SEARCH_SCOPE = 2000;
const SEARCH_RESULTS = 50;
/** History entries read per listed row, for the customer's latest message and the unread count. */
const ROW_HISTORY = 30;

/** Applied-event markers outlive any redelivery (Telegram redelivers for at most a day). */
const APPLIED_TTL_SECONDS = 24 * 3600;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const forbidden = () => new HandoffError('PASOKH_ERR_NOT_ASSIGNED');

export interface Handoff {
  handleEvents(events: readonly Outbound[]): Promise<void>;
  registerSender(channel: string, sender: Sender): void;
  observe(listener: (notice: HandoffNotice) => void | Promise<void>): void;
  claim(agent: Agent, conversationId: string): Promise<void>;
  release(agent: Agent, conversationId: string): Promise<void>;
  transfer(agent: Agent, conversationId: string, to: Agent): Promise<void>;
  close(agent: Agent, conversationId: string): Promise<void>;
  reply(agent: Agent, conversationId: string, text: string, source?: string): Promise<void>;
  note(agent: Agent, conversationId: string, text: string): Promise<void>;
  /** The id of the agent who has the conversation, if anyone. */
  holder(conversationId: string): Promise<string | undefined>;
  /**
   * Whether the agent may see the conversation: an admin any; an agent those in the queue, their
   * own and the ones they handled.
   */
  canSee(agent: Agent, conversationId: string): Promise<boolean>;
  /**
   * The agent's view: queued; mine (theirs now); all (for an agent: queued, theirs, handled);
   * closed (closed by an agent and back with the bot; for an agent only those they handled).
   */
  list(view: View, agent: Agent): Promise<Summary[]>;
  /**
   * Conversations whose customer's name, phone or words (an order number among them) match, newest
   * first, within what the agent may see: an admin every conversation within the retention, handed
   * off or not; an agent the queued ones, their own and those they handled.
   */
  search(agent: Agent, query: SearchQuery): Promise<Summary[]>;
  /** Transcript, customer and orders; a HandoffError 403 when the agent may not see it. */
  details(conversationId: string, agent: Agent): Promise<ConversationDetail>;
  /** Ends queued chats nobody claimed in time; call periodically (safe on every instance). */
  sweep(): Promise<number>;
  start(): void;
  /** Stops sweeping; resolves once a sweep under way has finished. */
  stop(): Promise<void>;
}

export function createHandoff(deps: {
  engine: Engine;
  state: StateBackend;
  commerce: CommerceSource;
  store: HandoffStore;
  /** Every conversation, for search and the closed tab (fed by directoryMiddleware in the engine). */
  directory?: ConversationDirectory;
  agents: readonly Agent[];
  options: HandoffOptions;
  metrics?: HandoffMetrics;
  now?: () => Date;
  log?: { warn(obj: object, msg: string): void };
}): Handoff {
  const { engine, state, store, options, metrics } = deps;
  const directory = deps.directory ?? createMemoryDirectory();
  const now = deps.now ?? (() => new Date());
  const senders = new Map<string, Sender>();
  const listeners: Array<(notice: HandoffNotice) => void | Promise<void>> = [];
  // Agents from the config, and staff who act from the Telegram group.
  const known = new Map(deps.agents.map((a) => [a.id, a]));
  const agentName = (id?: string) => (id ? known.get(id)?.name : undefined) ?? id;
  /**
   * Mirrors are told best effort, except of a /forget: a mirror that kept the customer's messages
   * (the staff group's topic) must not keep them, so its failure fails the event, which comes again.
   */
  const notify = async (notice: HandoffNotice) => {
    for (const listener of listeners) {
      try {
        await listener(notice);
      } catch (err) {
        if (notice.type === 'forgotten') throw err;
        deps.log?.warn({ error: messageOf(err) }, 'handoff observer failed');
      }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> | undefined;

  const announce = (kind: 'queue' | 'conversation', id?: string) => state.bus.publish(HANDOFF_TOPIC, JSON.stringify({ kind, id } satisfies ChangeEvent)).catch(() => {});
  const channelOf = (key: string) => key.slice(0, key.indexOf(':'));
  const idOf = (key: string) => key.slice(key.indexOf(':') + 1);

  async function toCustomer(key: string, replies: Outbound[]): Promise<void> {
    const sender = senders.get(channelOf(key));
    if (sender && replies.length) await sender(key, replies);
  }

  /**
   * Runs a handoff.status turn for the conversation and delivers its replies. With `bestEffort`,
   * a delivery that fails (a customer who blocked the bot) is logged: the turn is what counts.
   */
  async function status(key: string, value: Record<string, unknown>, bestEffort = false): Promise<void> {
    const { state: conversation } = await engine.inspect(key);
    if (!conversation) return;
    const result = await engine.process({
      type: 'event',
      name: HANDOFF.status,
      value,
      channelId: conversation.channelId,
      conversation: { id: idOf(key) },
      from: { id: conversation.userId },
    });
    if (!bestEffort) return toCustomer(key, result.replies);
    await toCustomer(key, result.replies).catch((err: unknown) => deps.log?.warn({ error: messageOf(err), conversation: key }, 'telling the customer the handoff ended failed'));
  }

  async function owned(agent: Agent, key: string): Promise<Assignment> {
    const a = await store.assignment(key);
    if (!a) throw new HandoffError('PASOKH_ERR_HANDOFF_NOT_CLAIMED');
    if (a.agentId !== agent.id) throw new HandoffError('PASOKH_ERR_HANDOFF_TAKEN', { agentName: agentName(a.agentId) } satisfies TakenDetails);
    return a;
  }

  const queuedRow = (item: QueueItem, position: number): Summary => ({
    id: item.conversationId,
    channel: item.channelId,
    customerName: item.customerName,
    status: 'queued',
    reason: item.reason,
    position,
    since: new Date(item.since).toISOString(),
  });
  const assignedRow = (a: Assignment): Summary => ({
    id: a.conversationId,
    channel: a.item.channelId,
    customerName: a.item.customerName,
    status: 'agent',
    reason: a.item.reason,
    agentId: a.agentId,
    agentName: agentName(a.agentId),
    since: new Date(a.queuedSince).toISOString(),
  });

  async function refreshQueueLength() {
    metrics?.queueLength((await store.queued()).length);
  }

  /**
   * The customer's /forget: out of the queue and away from any agent, out of every agent's lists,
   * and their surfaces told (the console closes the chat, the staff group deletes its topic). The
   * engine deleted the conversation in the turn; it is swept once more here, after the handoff
   * side let go, in case an agent wrote to it in between.
   */
  async function forget(key: string, channelId: string, userId?: string): Promise<void> {
    const found = await store.forget(key);
    await directory.forget(key);
    if (userId) await engine.forget(channelId, idOf(key), userId);
    const holder = found.assignment ? known.get(found.assignment.agentId) : undefined;
    await notify({ type: 'forgotten', conversationId: key, agent: holder });
    if (found.queued) await refreshQueueLength();
    // Everyone saw a queued chat; otherwise only its handlers (and admins) hear of it.
    const to = found.queued ? '*' : [...new Set([...found.handlers, ...(found.assignment ? [found.assignment.agentId] : [])])];
    await state.bus.publish(HANDOFF_TOPIC, JSON.stringify({ kind: 'forgotten', id: key, to } satisfies ChangeEvent)).catch(() => {});
  }

  /** Rows for conversations back with the bot: how their last handoff ended, if an agent closed it. */
  async function botRows(ids: readonly string[], entries: ReadonlyMap<string, DirectoryEntry>): Promise<Summary[]> {
    const rows = await Promise.all(
      ids.map(async (id): Promise<Summary | undefined> => {
        const { state: conversation, profile } = await engine.inspect(id);
        if (!conversation) return undefined;
        const entry = entries.get(id);
        const closed = entry?.closed;
        return {
          id,
          channel: conversation.channelId,
          customerName: profile?.name ?? entry?.customer?.name,
          status: 'bot',
          reason: closed?.reason ?? '',
          since: conversation.createdAt,
          closed: closed && { agentId: closed.agentId, agentName: agentName(closed.agentId), reason: closed.reason, at: new Date(closed.closedAt).toISOString(), rating: entry?.rating },
        };
      }),
    );
    return rows.filter((r): r is Summary => !!r);
  }

  /**
   * Fills in what a row shows besides the handoff: the customer's name where the queue item had
   * none, their latest message, and how many of their messages wait for an answer (those after
   * the last reply of the bot or an agent).
   */
  async function decorate(rows: Summary[], entries: ReadonlyMap<string, DirectoryEntry>): Promise<void> {
    await Promise.all(
      rows.map(async (row) => {
        const entry = entries.get(row.id);
        row.customerName ??= entry?.customer?.name;
        const history = await state.history.read(row.id, { count: ROW_HISTORY });
        let unread = 0;
        let answered = false;
        // While a person is awaited, only a person answers: the bot's «you are in the queue» notes
        // do not, and what came before the handoff began is not for the agent to answer.
        const waiting = row.status !== 'bot';
        let last: { text?: string; at?: string } | undefined;
        for (let i = history.length - 1; i >= 0 && !(last && answered); i--) {
          const e = JSON.parse(history[i]!.data) as { from?: string; type?: string; name?: string; text?: string; at?: string; value?: { do?: string } };
          // A rating's stars are no message to answer, nor what the chat was about.
          if (e.from === 'customer' && e.value?.do === 'rate') continue;
          if (e.from === 'customer') {
            if (!answered) unread += 1;
            last ??= e;
          } else if (e.from === 'agent' || (waiting ? e.from === 'bot' && e.name === HANDOFF.initiate : e.from === 'bot' && e.type === 'message')) answered = true;
        }
        const text = last ? last.text : entry?.last?.text;
        row.lastText = text?.slice(0, 120);
        row.lastAt = last ? last.at : entry?.last?.at;
        row.unread = unread;
      }),
    );
  }

  /** Newest customer message first: a chat that just heard from its customer moves up. */
  const byLatest = (a: Summary, b: Summary) => (b.lastAt ?? b.since).localeCompare(a.lastAt ?? a.since);

  const service: Handoff = {
    registerSender(channel, sender) {
      senders.set(channel, sender);
    },
    observe(listener) {
      listeners.push(listener);
    },

    async handleEvents(events) {
      for (const e of events) {
        // A redelivered turn passes its events on again (at least once): one already applied is done.
        const applied = e.id ? state.keys.dedup('event', e.id) : undefined;
        if (applied && (await state.counters.get(applied)) > 0) continue;
        const v = (e.value ?? {}) as { conversationId?: string; channelId?: string; reason?: string; text?: string; user?: { name?: string }; userId?: string; openNow?: boolean; score?: number };
        if (!v.conversationId) continue;
        if (e.name === HANDOFF.initiate) {
          // Events come at least once: a late one for a conversation that is gone (/forget) or back
          // with the bot (/bot, a timeout) would put the customer back in the queue.
          if (!(await engine.inspect(v.conversationId)).state?.handoff) continue;
          const item: QueueItem = {
            conversationId: v.conversationId,
            channelId: v.channelId ?? channelOf(v.conversationId),
            customerName: v.user?.name,
            reason: v.reason ?? 'requested',
            priority: PRIORITY[v.reason ?? ''] ?? 1,
            since: now().getTime(),
            text: v.text,
          };
          const position = await store.enqueue(item);
          // Queued is what matters; from here on a redelivery must not count or announce it again.
          if (applied) await state.counters.claim(applied, APPLIED_TTL_SECONDS);
          metrics?.handoff(item.reason);
          await notify({ type: 'queued', item });
          await refreshQueueLength();
          await announce('queue', item.conversationId);
          // Inside business hours the customer learns their place in line; outside, the bot has
          // already said when the shop opens, once.
          if (v.openNow && position > 0) {
            const reply = message(texts.handoffQueued(position, position > 1 ? position * options.averageHandleMinutes : undefined));
            // A courtesy: a customer who blocked the bot, or Telegram away for a moment, does not
            // undo the queueing (the chat keeps its place; the console shows it).
            try {
              await engine.record(v.conversationId, [{ from: 'bot', ...reply, at: now().toISOString() }]);
              await toCustomer(v.conversationId, [reply]);
            } catch (err) {
              deps.log?.warn({ error: messageOf(err), conversation: v.conversationId }, 'telling the customer their place in line failed');
            }
          }
        } else if (e.name === HANDOFF.cancelled && v.reason === 'forget') {
          await forget(v.conversationId, v.channelId ?? channelOf(v.conversationId), v.userId);
        } else if (e.name === HANDOFF.cancelled) {
          await store.finish(v.conversationId);
          await notify({ type: 'ended', conversationId: v.conversationId, why: 'cancelled' });
          await refreshQueueLength();
          await announce('queue', v.conversationId);
        } else if (e.name === HANDOFF.rating && v.score) {
          // Only a handoff an agent closed is rated, once (a redelivered event counts once too).
          if (await store.takeRating(v.conversationId)) {
            metrics?.rated(v.score);
            await directory.rate(v.conversationId, v.score);
            // The closed tab shows the stars: an agent looking at it sees them arrive.
            await announce('queue', v.conversationId);
          }
        } else if (e.name === HANDOFF.message) {
          await announce('conversation', v.conversationId);
          if (v.text) await notify({ type: 'customer', conversationId: v.conversationId, text: v.text, customerName: v.user?.name ?? (e.value as { from?: { name?: string } }).from?.name });
        }
        if (applied) await state.counters.claim(applied, APPLIED_TTL_SECONDS);
      }
    },

    async claim(agent, key) {
      known.set(agent.id, agent);
      const result = await store.claim(key, agent.id, now().getTime());
      if (!result.ok) {
        if (result.reason === 'taken') throw new HandoffError('PASOKH_ERR_HANDOFF_TAKEN', { agentName: agentName(result.agentId) } satisfies TakenDetails);
        throw new HandoffError('PASOKH_ERR_HANDOFF_NOT_QUEUED');
      }
      metrics?.waited((now().getTime() - result.item.since) / 1000);
      await refreshQueueLength();
      await status(key, { state: 'accepted', agent: agent.name });
      await announce('queue', key);
      await notify({ type: 'claimed', conversationId: key, agent });
    },

    async release(agent, key) {
      await owned(agent, key);
      await store.release(key, agent.id);
      await refreshQueueLength();
      await announce('queue', key);
      await notify({ type: 'released', conversationId: key, agent });
    },

    async transfer(agent, key, to) {
      await owned(agent, key);
      await store.transfer(key, agent.id, to.id, now().getTime());
      await engine.record(key, [{ from: 'note', name: agent.name, text: `گفتگو به ${to.name} سپرده شد.`, at: now().toISOString() }]);
      await announce('queue', key);
    },

    async close(agent, key) {
      const a = await owned(agent, key);
      await store.finish(key, now().getTime());
      await directory.close(key, { agentId: agent.id, reason: a.item.reason, closedAt: now().getTime() });
      metrics?.handled((now().getTime() - a.since) / 1000);
      await status(key, { state: 'completed' });
      await refreshQueueLength();
      await announce('queue', key);
      await notify({ type: 'closed', conversationId: key, agent });
    },

    async reply(agent, key, text, source) {
      await owned(agent, key);
      const reply = message(text);
      await engine.record(key, [{ from: 'agent', name: agent.name, agentId: agent.id, text, at: now().toISOString() }]);
      await directory.addText(key, text);
      await toCustomer(key, [reply]);
      await announce('conversation', key);
      await notify({ type: 'agent', conversationId: key, agent, text, source });
    },

    async note(agent, key, text) {
      // A note on a conversation that is gone would bring its history back.
      if (!(await engine.inspect(key)).state) throw new HandoffError('PASOKH_ERR_CONVERSATION_NOT_FOUND');
      if (!(await service.canSee(agent, key))) throw forbidden();
      await engine.record(key, [{ from: 'note', name: agent.name, agentId: agent.id, text, at: now().toISOString() }]);
      await announce('conversation', key);
    },

    async holder(key) {
      return (await store.assignment(key))?.agentId;
    },

    async canSee(agent, key) {
      if (isAdmin(agent)) return true;
      const [assignment, position, handled] = await Promise.all([store.assignment(key), store.position(key), store.hasHandled(agent.id, key)]);
      return position !== undefined || assignment?.agentId === agent.id || handled;
    },

    async list(view, agent) {
      const [queued, assigned] = await Promise.all([store.queued(), store.assigned()]);
      const admin = isAdmin(agent);
      const rows: Summary[] = [];
      if (view === 'queued' || view === 'all') queued.forEach((item, i) => rows.push(queuedRow(item, i + 1)));
      if (view === 'mine') for (const a of assigned) if (a.agentId === agent.id) rows.push(assignedRow(a));
      let back: string[] = [];
      if (view === 'all') {
        // An admin sees every chat with an agent and the recently closed ones; an agent their own
        // and the ones they handled before.
        const handled = await (admin ? store.closed(LIST_HANDLED) : store.handledBy(agent.id, LIST_HANDLED));
        const visible = admin ? assigned : assigned.filter((a) => a.agentId === agent.id || handled.includes(a.conversationId));
        for (const a of visible) rows.push(assignedRow(a));
        const listed = new Set(rows.map((r) => r.id));
        back = handled.filter((id) => !listed.has(id));
      }
      if (view === 'closed') {
        // Closed and still back with the bot: one the customer handed off again is in the queue.
        const active = new Set([...queued.map((i) => i.conversationId), ...assigned.map((a) => a.conversationId)]);
        const closed = await store.closed(LIST_CLOSED);
        const handled = admin ? undefined : new Set(await store.handledBy(agent.id, SEARCH_SCOPE));
        back = closed.filter((id) => !active.has(id) && (!handled || handled.has(id)));
      }
      const entries = await directory.read([...rows.map((r) => r.id), ...back]);
      rows.push(...(await botRows(back, entries)));
      await decorate(rows, entries);
      // The queue keeps its order of service (complaints first, then the longest waiting); the
      // closed tab the order of closing.
      if (view === 'mine' || view === 'all') rows.sort(byLatest);
      return rows;
    },

    async search(agent, query) {
      const words = queryWords(query.q);
      if (!words.length) return [];
      const admin = isAdmin(agent);
      const [queued, assigned, recent, handled] = await Promise.all([
        store.queued(),
        store.assigned(),
        directory.recent(SEARCH_SCOPE),
        admin ? undefined : store.handledBy(agent.id, SEARCH_SCOPE),
      ]);
      const position = new Map(queued.map((item, i) => [item.conversationId, { item, at: i + 1 }]));
      const holder = new Map(assigned.map((a) => [a.conversationId, a]));
      const mine = new Set(handled);
      const visible = (id: string) => admin || position.has(id) || holder.get(id)?.agentId === agent.id || mine.has(id);
      const ids = [...new Set([...position.keys(), ...holder.keys(), ...recent])].filter(visible);
      const entries = await directory.read(ids);
      const hits = ids.filter((id) => {
        const e = entries.get(id);
        if (!e || !matches(e, words)) return false;
        if (query.channel && (e.customer?.channel ?? holder.get(id)?.item.channelId ?? position.get(id)?.item.channelId) !== query.channel) return false;
        if (query.agent && (holder.get(id)?.agentId ?? e.closed?.agentId) !== query.agent) return false;
        return true;
      });
      const rows: Summary[] = [];
      const back: string[] = [];
      for (const id of hits) {
        const q = position.get(id);
        const a = holder.get(id);
        if (q) rows.push(queuedRow(q.item, q.at));
        else if (a) rows.push(assignedRow(a));
        else back.push(id);
      }
      rows.push(...(await botRows(back, entries)));
      await decorate(rows, entries);
      return rows.sort(byLatest).slice(0, SEARCH_RESULTS);
    },

    async details(key, agent) {
      if (!(await service.canSee(agent, key))) throw forbidden();
      const { state: conversation, profile } = await engine.inspect(key);
      if (!conversation) throw new HandoffError('PASOKH_ERR_CONVERSATION_NOT_FOUND');
      const [assignment, queued] = await Promise.all([store.assignment(key), store.queued()]);
      const position = queued.findIndex((item) => item.conversationId === key);
      const summary = assignment ? assignedRow(assignment) : position >= 0 ? queuedRow(queued[position]!, position + 1) : undefined;
      const phones = [...new Set([conversation.verifiedPhone, ...(profile?.linkedPhones ?? [])].filter((p): p is string => !!p))];
      const orders = (await Promise.all(phones.map((p) => deps.commerce.findOrdersByPhone(p)))).flat().slice(0, 5);
      const history = await state.history.read(key, { count: 200 });
      const transcript = history.flatMap((h): TranscriptEntry[] => {
        // Recorded by the engine and the handoff service themselves, in these shapes.
        const e = JSON.parse(h.data) as Partial<Omit<TranscriptEntry, 'cards'>> & { type?: string; attachments?: Array<{ content?: { title?: string } }> };
        if (e.from === 'bot' && e.type !== 'message') return [];
        if (e.from === 'system') return [];
        return [
          {
            id: h.id,
            from: e.from ?? 'system',
            text: e.text,
            at: e.at ?? '',
            intent: e.intent,
            confidence: e.confidence,
            name: e.name,
            cards: e.attachments?.map((a) => ({ title: a.content?.title ?? '' })),
          },
        ];
      });
      return {
        conversation: summary ?? (await botRows([key], await directory.read([key])))[0] ?? { id: key, channel: conversation.channelId, status: 'bot', reason: '', since: conversation.createdAt },
        customer: {
          name: profile?.name ?? summary?.customerName,
          verifiedPhone: conversation.verifiedPhone ?? profile?.linkedPhones[0],
          linkedPhones: profile?.linkedPhones ?? [],
          contactPhone: profile?.contactPhone,
          orders: orders.map((o) => ({ id: o.id, status: o.status, statusLabel: STATUS_LABELS[o.status], createdAt: o.createdAt, createdAtLabel: formatJalali(o.createdAt), total: o.total })),
        },
        transcript,
        canned: options.canned ?? deps.commerce.shop().canned_replies,
      };
    },

    async sweep() {
      const cutoff = now().getTime() - options.queueTimeoutMinutes * 60_000;
      let ended = 0;
      for (const item of await store.queued()) {
        // dequeue is atomic: with several instances sweeping, one of them ends each chat.
        if (item.since > cutoff || !(await store.dequeue(item.conversationId))) continue;
        try {
          await status(item.conversationId, { state: 'failed' }, true);
        } catch (err) {
          // Back in line (its place kept), for the next sweep: else the chat would be out of the
          // queue while the bot still keeps quiet for a handoff, seen by no agent.
          await store.enqueue(item);
          throw err;
        }
        await store.finish(item.conversationId);
        await notify({ type: 'ended', conversationId: item.conversationId, why: 'timeout' });
        ended += 1;
      }
      // An assignment whose conversation expired (retention) while nobody closed it ends here.
      for (const a of await store.assigned()) {
        if (a.since > cutoff || (await engine.inspect(a.conversationId)).state) continue;
        await store.finish(a.conversationId);
        ended += 1;
      }
      if (ended) {
        await refreshQueueLength();
        await announce('queue');
      }
      return ended;
    },

    start() {
      timer = setInterval(() => {
        if (sweeping) return;
        sweeping = service
          .sweep()
          .catch((err: unknown) => deps.log?.warn({ error: messageOf(err) }, 'handoff sweep failed'))
          .finally(() => (sweeping = undefined));
      }, 30_000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      // A sweep under way finishes before the caller closes Redis under it.
      await sweeping;
    },
  };
  return service;
}
