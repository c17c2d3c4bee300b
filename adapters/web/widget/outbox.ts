// Messages on their way to the server, sent one at a time in order. Each keeps its
// clientMessageId through every retry, so the server (idempotent on it) never records it twice.
// Kept in localStorage too: a message typed just before leaving the page is sent from the next.
import { backoff, message, post, retryable, sleep, type Reply } from './api.js';
import type { MessageRequest, MessageResponse } from './types.js';
import type { SendState } from './view-log.js';

export interface Pending {
  cid: string;
  text?: string;
  value?: unknown;
}

interface Item extends Pending {
  tries: number;
  auth: number;
}

export interface OutboxHooks {
  token(): Promise<string>;
  unauthorized(token: string): Promise<unknown>;
  state(cid: string, state: SendState, canRetry: boolean, reply?: Reply<MessageResponse>): void;
  /** The server took the message (its answer says who the chat is with), even when its entry came back on the stream first. */
  answered(cid: string, reply: Reply<MessageResponse>): void;
  error(text: string): void;
  save(items: Pending[]): void;
}

const MAX_TRIES = 8;

export class Outbox {
  private queue: Item[] = [];
  /** Gave up after MAX_TRIES: kept for the retry button and the next `online` event. */
  private readonly failed = new Map<string, Item>();
  private running = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly url: string,
    private readonly hooks: OutboxHooks,
  ) {}

  add(pending: Pending): void {
    this.queue.push({ ...pending, tries: 0, auth: 0 });
    this.save();
    void this.run();
  }

  /** Its entry came back on the stream: delivered, whatever the POST said (or didn't). */
  confirm(cid: string): void {
    this.failed.delete(cid);
    const before = this.queue.length;
    this.queue = this.queue.filter((item) => item.cid !== cid);
    if (this.queue.length !== before) {
      this.save();
      this.wake?.();
    }
  }

  /** The retry button, or the network coming back: try now rather than after the backoff. */
  retry(cid?: string): void {
    for (const [id, item] of this.failed) {
      if (cid && id !== cid) continue;
      this.failed.delete(id);
      item.tries = 0;
      this.queue.push(item);
      this.hooks.state(id, 'retrying', true);
    }
    this.save();
    this.wake?.();
    void this.run();
  }

  /** Everything not yet delivered, in order. */
  pending(): Pending[] {
    return [...this.queue, ...this.failed.values()].map(({ cid, text, value }) => ({ cid, text, value }));
  }

  private save(): void {
    this.hooks.save(this.pending());
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let item = this.queue[0]; item; item = this.queue[0]) {
        const token = await this.hooks.token();
        if (this.queue[0] !== item) continue;
        const body: MessageRequest = { clientMessageId: item.cid };
        if (item.text !== undefined) body.text = item.text;
        if (item.value !== undefined) body.value = item.value as MessageRequest['value'];
        const reply = await post<MessageResponse>(this.url, body, token);
        // A 429 with ok: handled and answered in the stream (an order lookup refused), not to be resent.
        const taken = (reply.status >= 200 && reply.status < 300) || reply.body?.ok === true;
        if (taken) this.hooks.answered(item.cid, reply);
        if (this.queue[0] !== item) continue;
        if (taken) {
          this.shift();
          this.hooks.state(item.cid, 'sent', false, reply);
        } else if (reply.status === 401 && item.auth++ < 3) {
          await this.hooks.unauthorized(token);
        } else if (retryable(reply.status)) {
          await this.wait(item, reply);
        } else {
          this.shift();
          this.hooks.state(item.cid, 'failed', reply.status === 401, reply);
          if (reply.status === 401) this.failed.set(item.cid, item);
          const text = message(reply);
          if (text) this.hooks.error(text);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async wait(item: Item, reply: Reply<MessageResponse>): Promise<void> {
    let delay = backoff(item.tries);
    if (reply.status === 429) {
      const text = message(reply);
      if (text && !item.tries) this.hooks.error(text);
      const after = Number(reply.body?.retryAfter);
      if (after > 0) delay = Math.min(after * 1000, 120_000);
    }
    // Offline, attempts aren't spent: the `online` event wakes the queue anyway.
    if (navigator.onLine !== false || reply.status !== 0) item.tries++;
    if (item.tries > MAX_TRIES) {
      this.shift();
      this.failed.set(item.cid, item);
      this.hooks.state(item.cid, 'failed', true, reply);
      return;
    }
    this.hooks.state(item.cid, 'retrying', true, reply);
    await sleep(delay, (wake) => {
      this.wake = wake;
    });
    this.wake = null;
  }

  private shift(): void {
    this.queue.shift();
    this.save();
  }
}
