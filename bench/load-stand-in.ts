// A lean Bot API stand-in for `npm run bench:load`, run as a child process of the load generator.
// The test stand-in (test/support/bot-api-stand-in.ts) checks HTML, keeps every message and call
// and has no way to tell another process about a call as it arrives: right for tests, more than a
// load run needs, and it would share the generator's CPU. This one answers
// each method with a plausible result and tells the parent about every message sent to a chat
// (over the IPC channel, stamped with the time it arrived), so the parent can match replies to
// updates. Its own CPU is measured by the parent, separately from the generator's.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One message the bot sent, as reported to the parent. */
export interface SentMessage {
  /** Epoch milliseconds (with a fraction) when the call arrived. */
  t: number;
  method: string;
  chat: number;
  /** The text or caption, as sent (HTML-escaped by pasokh). */
  text: string;
}

/** Messages from the stand-in to the load generator. */
export type StandInReport = { kind: 'ready'; url: string } | { kind: 'sent'; batch: SentMessage[] } | { kind: 'other'; counts: Record<string, number> };

const BOT = { id: 4242, is_bot: true, first_name: 'Pasokh', username: 'pasokh_load_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
const SENDS = new Set(['sendmessage', 'sendphoto', 'copymessage']);
const stamp = () => performance.timeOrigin + performance.now();

let messageId = 0;
const pending: SentMessage[] = [];
const others: Record<string, number> = {};

function reportSoon(): void {
  if (pending.length === 1) setImmediate(flush);
}
function flush(): void {
  if (pending.length) process.send?.({ kind: 'sent', batch: pending.splice(0) } satisfies StandInReport);
}

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, any>) : {};
  } catch {
    return {};
  }
}

function answer(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const t = stamp();
  const path = /^\/bot[^/]+\/([^/?]+)/.exec(req.url ?? '');
  const params = await readJson(req);
  if (!path) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
  const method = path[1]!.toLowerCase();
  if (method === 'getme') return answer(res, 200, { ok: true, result: BOT });
  if (SENDS.has(method)) {
    const chat = Number(params.chat_id);
    const text = String(params.text ?? params.caption ?? '');
    pending.push({ t, method, chat, text });
    reportSoon();
    const date = Math.floor(Date.now() / 1000);
    const message = { message_id: ++messageId, date, from: BOT, chat: { id: chat, type: 'private' }, ...(method === 'sendphoto' ? { photo: [], caption: text } : { text }) };
    return answer(res, 200, { ok: true, result: method === 'copymessage' ? { message_id: message.message_id } : message });
  }
  others[method] = (others[method] ?? 0) + 1;
  answer(res, 200, { ok: true, result: true });
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => answer(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' }));
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ kind: 'ready', url: `http://127.0.0.1:${port}` } satisfies StandInReport);
});
// The parent asks for the tally of other calls before it stops us; a lost parent stops us too.
process.on('message', (m) => {
  if (m === 'counts') {
    flush();
    process.send?.({ kind: 'other', counts: others } satisfies StandInReport);
  }
});
process.on('disconnect', () => process.exit(0));
