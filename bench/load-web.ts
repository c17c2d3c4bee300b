// The widget side of `npm run bench:load`: visitors who open a session, keep the live stream open
// on one instance (GET /api/web/stream) and post their messages to either (POST /api/web/messages),
// some of them twice with the same clientMessageId (at the same moment to both instances, or
// again later). Each visitor waits for the bot's answer on the stream before writing again. At the
// end the stream's entries are read back per message: the bot entries between a customer message
// and the next one are its answer — none is a lost reply, the same text twice a duplicated one, and
// the customer's own message recorded twice is also counted as duplicated.
import { readSseEntries } from '../test/support/sse.js';
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

export interface WebPlan {
  visitors: number;
  escalateShare: number;
  duplicateShare: number;
  until: number;
  pace: () => Promise<void>;
  random: () => number;
  /** Only this instance: sessions, streams and messages (duplicates too) all go to it. */
  only?: Instance;
}

interface Entry {
  id: string;
  from: 'customer' | 'bot' | 'agent' | 'system';
  text?: string;
  clientMessageId?: string;
  /** When the generator read it off the stream. */
  arrived: number;
}

interface Sent {
  clientMessageId: string;
  delivery: Delivery;
  sentAt: number;
  expectReply: boolean;
}

interface Visitor {
  key: string;
  token: string;
  entries: Entry[];
  sent: Sent[];
  changed: () => void;
  streamError?: string;
  close: () => void;
}

const REPLY_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 20_000;

/** Reads an SSE stream, calling onEvent for each `event: entry`; resolves when it is open. */
async function openStream(url: string, onEntry: (data: string) => void, onEnd: (why: string) => void): Promise<() => void> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
  if (response.status !== 200 || !response.body) throw new Error(`stream answered ${response.status}`);
  readSseEntries(response.body, onEntry).then(
    () => onEnd('the server ended the stream'),
    (error: unknown) => {
      if (!abort.signal.aborted) onEnd((error as Error).message);
    },
  );
  return () => abort.abort();
}

export async function driveWeb(cluster: Cluster, plan: WebPlan, tally: Tally, escalations: Escalations): Promise<{ analyse: () => void }> {
  const visitors: Visitor[] = [];
  const pick = () => plan.only ?? cluster.instances[plan.random() < 0.5 ? 0 : 1];
  const otherThan = (i: Instance) => plan.only ?? (i === cluster.instances[0] ? cluster.instances[1] : cluster.instances[0]);

  async function post(instance: Instance, token: string, body: string): Promise<number | 'network'> {
    const t0 = clock();
    try {
      const response = await fetch(`${instance.url}/api/web/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
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

  /** One delivery as the widget makes it: sent again (same clientMessageId) after an error. */
  async function deliver(instance: Instance, token: string, body: string): Promise<void> {
    for (let attempt = 0; attempt <= 4; attempt++) {
      tally.deliveries += 1;
      const status = await post(instance, token, body);
      countStatus(tally, status);
      if (status === 200) return;
      await sleep(250);
    }
  }

  /** Resolves when the bot's first answer to the message is on the stream, or after the timeout. */
  function answered(visitor: Visitor, clientMessageId: string): Promise<Entry | undefined> {
    const find = () => {
      const at = visitor.entries.findIndex((e) => e.from === 'customer' && e.clientMessageId === clientMessageId);
      return at === -1 ? undefined : visitor.entries.slice(at + 1).find((e) => e.from === 'bot');
    };
    return new Promise((resolve) => {
      const found = find();
      if (found) return resolve(found);
      const previous = visitor.changed;
      const timer = setTimeout(() => {
        visitor.changed = previous;
        resolve(undefined);
      }, REPLY_TIMEOUT_MS);
      visitor.changed = () => {
        previous();
        const entry = find();
        if (entry) {
          clearTimeout(timer);
          visitor.changed = previous;
          resolve(entry);
        }
      };
    });
  }

  async function send(visitor: Visitor, n: number, text: string, expectReply: boolean): Promise<void> {
    await plan.pace();
    const clientMessageId = `load-${visitor.key.slice(4, 12)}-${n}-${Math.floor(plan.random() * 1e9)}`;
    const body = JSON.stringify({ clientMessageId, text });
    const delivery = planDelivery(plan.random, plan.duplicateShare);
    const sent: Sent = { clientMessageId, delivery, sentAt: clock(), expectReply };
    visitor.sent.push(sent);
    if (expectReply) tally.messages += 1;
    else tally.toAgent += 1;
    if (delivery !== 'once') tally.repeated[delivery] += 1;
    const first = pick();
    const waitForAnswer = expectReply ? answered(visitor, clientMessageId) : Promise.resolve(undefined);
    if (delivery === 'same-moment') await Promise.all([deliver(first, visitor.token, body), deliver(otherThan(first), visitor.token, body)]);
    else {
      await deliver(first, visitor.token, body);
      if (delivery === 'later') {
        await sleep(20 + plan.random() * 280);
        await deliver(otherThan(first), visitor.token, body);
      }
    }
    const answer = await waitForAnswer;
    if (answer) tally.latencies.push(answer.arrived - sent.sentAt);
    await sleep(150 + plan.random() * 450);
  }

  async function runVisitor(index: number): Promise<void> {
    await sleep(plan.random() * 1000);
    const home = pick();
    const session = await fetch(`${home.url}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (session.status !== 200) {
      countStatus(tally, session.status);
      return;
    }
    const { token, visitorId } = (await session.json()) as { token: string; visitorId: string };
    const visitor: Visitor = { key: conversationKey('web', visitorId), token, entries: [], sent: [], changed: () => {}, close: () => {} };
    visitors.push(visitor);
    // The stream on one instance, messages to both: answers cross over Redis pub/sub.
    const streamOn = pick();
    visitor.close = await openStream(
      `${streamOn.url}/api/web/stream?token=${encodeURIComponent(token)}`,
      (data) => {
        const entry = JSON.parse(data) as Omit<Entry, 'arrived'>;
        visitor.entries.push({ ...entry, arrived: clock() });
        visitor.changed();
      },
      (why) => {
        visitor.streamError = why;
      },
    );
    if (plan.random() < plan.escalateShare) {
      // A few questions first, so that requests for a person are spread over the run.
      const before = Math.floor(plan.random() * 4);
      for (let step = 0; step <= before; step++) await send(visitor, step, SCRIPT[step]!, true);
      escalations.waiting.set(visitor.key, waitingText(10_000 + index));
      await send(visitor, before + 1, ESCALATE, true);
      await send(visitor, before + 2, waitingText(10_000 + index), false);
      return;
    }
    for (let step = Math.floor(plan.random() * SCRIPT.length), n = 0; Date.now() < plan.until; step++, n++) {
      await send(visitor, n, SCRIPT[step % SCRIPT.length]!, true);
    }
  }

  await Promise.all(Array.from({ length: plan.visitors }, (_, i) => runVisitor(i)));
  return {
    /** After the agents are done: counts lost and duplicated answers and agent replies; closes the streams. */
    analyse() {
      for (const visitor of visitors) {
        visitor.close();
        if (visitor.streamError) tally.lost.push(`${visitor.key}: stream ended early (${visitor.streamError})`);
        const customerAt = visitor.entries.flatMap((e, i) => (e.from === 'customer' ? [i] : []));
        for (const sent of visitor.sent) {
          const id = `web message ${sent.clientMessageId}`;
          const mine = customerAt.filter((i) => visitor.entries[i]!.clientMessageId === sent.clientMessageId);
          if (mine.length === 0) {
            tally.lost.push(`${id}: never recorded`);
            continue;
          }
          if (mine.length > 1) {
            tally.duplicated.push(`${id}: recorded ${mine.length} times`);
            tally.duplicatedBy[sent.delivery] += 1;
            continue;
          }
          if (!sent.expectReply) continue;
          const start = mine[0]!;
          const next = customerAt.find((i) => i > start) ?? visitor.entries.length;
          const answer = visitor.entries.slice(start + 1, next).filter((e) => e.from === 'bot');
          if (answer.length === 0) tally.lost.push(id);
          else if (repeatsItself(answer.map((e) => e.text ?? ''))) {
            tally.duplicated.push(id);
            tally.duplicatedBy[sent.delivery] += 1;
          }
        }
        for (const reply of escalations.replies.get(visitor.key) ?? []) {
          tally.agentReplies += 1;
          const times = visitor.entries.filter((e) => e.from === 'agent' && e.text?.includes(reply)).length;
          if (times === 0) tally.agentLost.push(`${visitor.key}: ${reply}`);
          if (times > 1) tally.agentDuplicated.push(`${visitor.key}: ${reply} ×${times}`);
        }
      }
    },
  };
}
