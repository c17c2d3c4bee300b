// The Telegram side of `npm run bench:load`: many private chats, each a customer who writes, waits
// for the bot's answer and writes again, through POST /telegram/webhook on either instance. Some
// updates are delivered twice (at the same moment to both instances, or again a little later to
// the other one), and an update answered 503 is delivered again, as Telegram does. A chat has one
// message in flight at a time, so every message the bot sends to that chat while the message is
// open is its answer: none is a lost reply, the same message twice is a duplicated one.
import type { SentMessage } from './load-stand-in.js';
import type { Cluster, Instance } from './load-cluster.js';
import {
  clock,
  conversationKey,
  countStatus,
  ESCALATE,
  planDelivery,
  repeatsItself,
  SCRIPT,
  sleep,
  waitingText,
  type Delivery,
  type Escalations,
  type Tally,
} from './load-common.js';

export interface TelegramPlan {
  chats: number;
  escalateShare: number;
  duplicateShare: number;
  /** Epoch ms after which no new message is started. */
  until: number;
  pace: () => Promise<void>;
  random: () => number;
}

interface Window {
  id: string;
  delivery: Delivery;
  sentAt: number;
  sent: SentMessage[];
}

const FIRST_CHAT = 880_000_000;
const REDELIVERIES = 4;
const REQUEST_TIMEOUT_MS = 20_000;

/** Runs every chat until plan.until; resolves when all have finished their last message. */
export async function driveTelegram(cluster: Cluster, plan: TelegramPlan, tally: Tally, escalations: Escalations): Promise<{ countAgentReplies: () => void }> {
  const open = new Map<number, Window>();
  const everything = new Map<number, SentMessage[]>();
  /** Chats handed to a person: what reaches them outside a window is the agent side's. */
  const withAgent = new Set<number>();
  let updateId = 1;
  let messageId = 1;

  cluster.onSent((batch) => {
    for (const m of batch) {
      if (m.chat < FIRST_CHAT) continue;
      let all = everything.get(m.chat);
      if (!all) everything.set(m.chat, (all = []));
      all.push(m);
      const window = open.get(m.chat);
      if (window) window.sent.push(m);
      else if (!withAgent.has(m.chat)) tally.stray += 1;
    }
  });

  async function post(instance: Instance, body: string): Promise<number | 'network'> {
    const t0 = clock();
    try {
      const response = await fetch(`${instance.url}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': cluster.webhookSecret },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      tally.requestTimes.push(clock() - t0);
      return response.status;
    } catch {
      return 'network';
    }
  }

  /** One delivery as Telegram makes it: again after an error, a few times, then given up. */
  async function deliver(instance: Instance, body: string): Promise<void> {
    for (let attempt = 0; attempt <= REDELIVERIES; attempt++) {
      tally.deliveries += 1;
      const status = await post(instance, body);
      countStatus(tally, status);
      if (status === 200) return;
      await sleep(250);
    }
  }

  async function send(chat: number, from: { id: number; first_name: string }, text: string, expectReply: boolean): Promise<void> {
    await plan.pace();
    const update = {
      update_id: updateId++,
      message: { message_id: messageId++, date: Math.floor(Date.now() / 1000), from: { ...from, is_bot: false, language_code: 'fa' }, chat: { id: chat, type: 'private', first_name: from.first_name }, text },
    };
    const body = JSON.stringify(update);
    const [first, other] = plan.random() < 0.5 ? cluster.instances : ([cluster.instances[1], cluster.instances[0]] as const);
    const delivery = planDelivery(plan.random, plan.duplicateShare);
    const window: Window = { id: `telegram update ${update.update_id} (chat ${chat})`, delivery, sentAt: clock(), sent: [] };
    if (expectReply) {
      tally.messages += 1;
      open.set(chat, window);
    } else tally.toAgent += 1;
    if (delivery !== 'once') tally.repeated[delivery] += 1;

    if (delivery === 'same-moment') await Promise.all([deliver(first, body), deliver(other, body)]);
    else {
      await deliver(first, body);
      if (delivery === 'later') {
        await sleep(20 + plan.random() * 280);
        await deliver(other, body);
      }
    }
    // The customer reads the answer before writing again; the window stays open meanwhile, which
    // also covers the stand-in's report arriving a moment after the webhook's answer.
    await sleep(150 + plan.random() * 450);
    if (!expectReply) return;
    open.delete(chat);
    const first_reply = window.sent[0];
    if (!first_reply) tally.lost.push(window.id);
    else {
      tally.latencies.push(first_reply.t - window.sentAt);
      if (repeatsItself(window.sent.map((m) => `${m.method}\u0000${m.text}`))) {
        tally.duplicated.push(window.id);
        tally.duplicatedBy[delivery] += 1;
      }
    }
  }

  async function runChat(index: number): Promise<void> {
    const chat = FIRST_CHAT + index;
    const from = { id: chat, first_name: `مشتری ${index + 1}` };
    const escalates = plan.random() < plan.escalateShare;
    await sleep(plan.random() * 1000); // customers do not all start in the same millisecond
    if (escalates) {
      // A few questions first, so that requests for a person are spread over the run.
      for (let step = 0, before = Math.floor(plan.random() * 4); step <= before; step++) await send(chat, from, SCRIPT[step]!, true);
      withAgent.add(chat);
      // Known before the request, so an agent who claims at once knows what to wait for.
      const waiting = waitingText(index);
      escalations.waiting.set(conversationKey('telegram', chat), waiting);
      await send(chat, from, ESCALATE, true);
      await send(chat, from, waiting, false);
      return; // the rest of this chat is the agent's
    }
    for (let step = Math.floor(plan.random() * SCRIPT.length); Date.now() < plan.until; step++) {
      await send(chat, from, SCRIPT[step % SCRIPT.length]!, true);
    }
  }

  await Promise.all(Array.from({ length: plan.chats }, (_, i) => runChat(i)));
  return {
    /** After the agents are done: each agent reply must have reached its chat exactly once. */
    countAgentReplies() {
      for (const [key, replies] of escalations.replies) {
        if (!key.startsWith('telegram:')) continue;
        const sent = everything.get(Number(key.slice('telegram:'.length))) ?? [];
        for (const reply of replies) {
          tally.agentReplies += 1;
          const times = sent.filter((m) => m.text.includes(reply)).length;
          if (times === 0) tally.agentLost.push(`${key}: «${reply}»`);
          if (times > 1) tally.agentDuplicated.push(`${key}: «${reply}» ×${times}`);
        }
      }
    },
  };
}
