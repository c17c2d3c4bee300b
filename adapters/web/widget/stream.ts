// The live stream of the conversation over EventSource. Entries can arrive more than once (the
// backlog after a reconnect, several tabs, a resumed session), so each id passes only once.
import type { Card, Entry, EntryEvent, QuickReply, Untrusted } from './types.js';

export interface StreamHandlers {
  entry(entry: Entry): void;
  /** true when connected, false while (re)connecting. */
  state(up: boolean): void;
  /** The browser gave up (a non-200 answer such as 401): the owner reconnects. */
  closed(): void;
}

const FROM = ['customer', 'bot', 'agent', 'system'];
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Only what the renderer expects survives, so a malformed entry can't break the widget. */
function clean(value: unknown, eventId: string): Entry | undefined {
  if (!obj(value)) return undefined;
  const raw = value as Untrusted<Entry>;
  const id = str(raw.id) || eventId;
  if (!id || typeof raw.from !== 'string' || !FROM.includes(raw.from)) return undefined;
  const quickReplies: QuickReply[] = Array.isArray(raw.quickReplies)
    ? raw.quickReplies.filter(obj).flatMap((q) => (typeof q.title === 'string' ? [{ title: q.title, value: q.value }] : []))
    : [];
  const cards: Card[] = Array.isArray(raw.cards)
    ? raw.cards.filter(obj).flatMap((c) =>
        typeof c.title === 'string' ? [{ title: c.title, subtitle: str(c.subtitle), text: str(c.text), image: str(c.image), url: str(c.url) }] : [],
      )
    : [];
  return {
    id,
    from: raw.from as Entry['from'],
    text: str(raw.text),
    clientMessageId: str(raw.clientMessageId),
    quickReplies,
    cards,
    at: str(raw.at) ?? new Date().toISOString(),
    name: str(raw.name),
    notice: raw.notice === 'agent_joined' || raw.notice === 'agent_left' ? raw.notice : undefined,
  };
}

export class Stream {
  /** The last entry id received: where a reconnect resumes. */
  last: string | null = null;
  private source: EventSource | null = null;
  private readonly ids = new Set<string>();

  constructor(
    private readonly url: string,
    private readonly on: StreamHandlers,
  ) {}

  get connected(): boolean {
    return this.source !== null;
  }

  get open(): boolean {
    return this.source?.readyState === EventSource.OPEN;
  }

  connect(token: string, after: string | null): void {
    this.close();
    const source = new EventSource(`${this.url}?token=${encodeURIComponent(token)}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    this.source = source;
    source.onopen = () => {
      if (this.source === source) this.on.state(true);
    };
    source.onerror = () => {
      if (this.source !== source) return;
      this.on.state(false);
      // CONNECTING: the browser retries by itself (sending Last-Event-ID). CLOSED: it won't.
      if (source.readyState === EventSource.CLOSED) {
        this.source = null;
        this.on.closed();
      }
    };
    source.addEventListener('entry' satisfies EntryEvent, (event) => {
      if (this.source !== source) return;
      let raw: unknown;
      try {
        raw = JSON.parse(event.data as string);
      } catch {
        return;
      }
      const entry = clean(raw, event.lastEventId);
      if (!entry || this.ids.has(entry.id)) return;
      this.ids.add(entry.id);
      this.last = entry.id;
      this.on.entry(entry);
    });
  }

  close(): void {
    this.source?.close();
    this.source = null;
  }

  /** Another visitor now: forget what was rendered for the previous one. */
  reset(): void {
    this.close();
    this.ids.clear();
    this.last = null;
  }
}
