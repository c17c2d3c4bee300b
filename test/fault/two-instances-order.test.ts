// Two pasokh processes on one Redis, and one widget conversation whose messages alternate between
// them, each sent 10–30 ms after the one before (a customer typing fast behind a load balancer).
// What the customer must see: their messages in the order they sent them, each answered once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPasokhProcess, type PasokhProcess } from '../support/pasokh-process.js';
import { openSession, openStream, sendMessage, type WidgetEntry } from '../support/widget-client.js';

const CONVERSATIONS = 4;
const QUESTIONS = ['سلام', 'قیمت مانتو کتان چنده؟', 'هزینه ارسال به شیراز چقدره؟', 'شرایط مرجوعی چیه', 'پرداخت در محل دارین؟', 'مرسی'];

const cleanup: Array<() => Promise<void>> = [];
let instances: [PasokhProcess, PasokhProcess];

beforeAll(async () => {
  const env = {
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `order-${randomUUID().slice(0, 8)}:`,
    WIDGET_SECRET: 'fault-order-widget-secret-0123456789',
    WIDGET_RATE_LIMIT: '1000',
  };
  const [a, b] = await Promise.all([startPasokhProcess('A', env, { cleanup }), startPasokhProcess('B', env, { cleanup })]);
  instances = [a, b];
}, 120_000);

afterAll(async () => {
  await Promise.all(cleanup.map((stop) => stop()));
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** For each customer message in `entries`: its client id and the bot texts up to the next customer message. */
function turns(entries: readonly WidgetEntry[]): Array<{ clientMessageId?: string; answers: string[] }> {
  const result: Array<{ clientMessageId?: string; answers: string[] }> = [];
  for (const entry of entries) {
    if (entry.from === 'customer') result.push({ clientMessageId: entry.clientMessageId, answers: [] });
    else if (entry.from === 'bot') result.at(-1)?.answers.push(entry.text ?? '');
  }
  return result;
}

/** One conversation: messages alternate A, B, A…, each 10–30 ms after the previous one was sent. */
async function converse(index: number) {
  const [a, b] = instances;
  const session = await openSession(a.url);
  const stream = await openStream((index % 2 === 0 ? a : b).url, session.token);
  try {
    const ids = QUESTIONS.map((_, n) => `order-${index}-${n}-${randomUUID().slice(0, 8)}`);
    const responses: Array<Promise<{ status: number }>> = [];
    for (const [n, text] of QUESTIONS.entries()) {
      if (n > 0) await pause(10 + ((index * 7 + n * 11) % 21));
      responses.push(sendMessage(instances[n % 2]!.url, session.token, ids[n]!, text));
    }
    const statuses = (await Promise.all(responses)).map((r) => r.status);
    // Every message recorded and answered (in whatever order they came out).
    await stream.until(
      `conversation ${index}: every message answered`,
      (entries) => {
        const byId = turns(entries);
        return ids.every((id) => byId.some((t) => t.clientMessageId === id && t.answers.length > 0));
      },
      30_000,
    );
    const live = [...stream.entries];
    // The stored history, as a widget opened afterwards shows it.
    const reopened = await openStream(b.url, session.token);
    try {
      await reopened.until(`conversation ${index}: history read back`, (entries) => entries.length >= live.length, 10_000);
      return { ids, statuses, live, stored: [...reopened.entries] };
    } finally {
      reopened.close();
    }
  } finally {
    stream.close();
  }
}

describe('one conversation, messages arriving at two instances', () => {
  it('keeps the sending order and answers each message once', async () => {
    const results = await Promise.all(Array.from({ length: CONVERSATIONS }, (_, i) => converse(i)));
    // Every conversation's problems at once, so a failure shows how many went wrong and how.
    const problems: string[] = [];
    for (const [index, { ids, statuses, live, stored }] of results.entries()) {
      const at = `conversation ${index}`;
      if (statuses.some((s) => s !== 200)) problems.push(`${at}: HTTP statuses ${statuses.join(', ')}`);
      const recorded = turns(stored);
      const order = recorded.map((t) => ids.indexOf(t.clientMessageId ?? '')).join(' ');
      if (order !== ids.map((_, n) => n).join(' ')) problems.push(`${at}: messages recorded in the order ${order}`);
      for (const turn of recorded) {
        if (turn.answers.length === 0) problems.push(`${at}: message ${ids.indexOf(turn.clientMessageId ?? '')} not answered`);
        if (new Set(turn.answers).size !== turn.answers.length) problems.push(`${at}: message ${ids.indexOf(turn.clientMessageId ?? '')} answered twice`);
      }
      // The live stream showed what the history holds, nothing twice.
      if (live.map((e) => e.id).join() !== stored.map((e) => e.id).join()) problems.push(`${at}: the live stream differs from the stored history`);
    }
    expect(problems).toEqual([]);
  }, 90_000);
});
