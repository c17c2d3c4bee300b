// History entries (the engine's transcript) as the widget renders them. Only what a customer may
// see leaves the server: no intents, no internal events.
import type { HistoryEntry } from '../../src/state/index.js';
import type { WidgetEntry } from '../../src/wire/widget.js';

export type { WidgetEntry };

interface Recorded {
  from?: string;
  type?: string;
  id?: string;
  text?: string;
  name?: string;
  at?: string;
  notice?: string;
  suggestedActions?: { actions?: Array<{ title?: string; value?: unknown }> };
  attachments?: Array<{ contentType?: string; content?: { title?: string; subtitle?: string; text?: string; images?: Array<{ url?: string }>; buttons?: Array<{ type?: string; value?: string }> } }>;
}

const httpUrl = (url: unknown) => (typeof url === 'string' && /^https?:\/\//.test(url) ? url : undefined);

export function toWidgetEntry(entry: HistoryEntry): WidgetEntry | undefined {
  let r: Recorded;
  try {
    r = JSON.parse(entry.data) as Recorded;
  } catch {
    return undefined;
  }
  const at = r.at ?? new Date().toISOString();
  if (r.from === 'customer' && r.type === 'message') {
    if (!r.text) return undefined;
    return { id: entry.id, from: 'customer', text: r.text, clientMessageId: r.id, at };
  }
  if (r.from === 'agent') return { id: entry.id, from: 'agent', text: r.text, name: r.name, at };
  if (r.from === 'system' && (r.notice === 'agent_joined' || r.notice === 'agent_left')) {
    return { id: entry.id, from: 'system', notice: r.notice, name: r.name, at };
  }
  if (r.from !== 'bot' || r.type !== 'message') return undefined;
  const notice = (r as { channelData?: { notice?: string; agent?: string } }).channelData;
  if (notice?.notice === 'agent_joined') return { id: entry.id, from: 'system', notice: 'agent_joined', name: notice.agent, text: r.text, at };
  const quickReplies = (r.suggestedActions?.actions ?? [])
    .filter((a): a is { title: string; value: unknown } => typeof a.title === 'string')
    .map((a) => ({ title: a.title, value: a.value }));
  const cards = (r.attachments ?? [])
    .map((a) => a.content)
    .filter((c): c is NonNullable<typeof c> & { title: string } => typeof c?.title === 'string')
    .map((c) => ({
      title: c.title,
      subtitle: c.subtitle,
      text: c.text,
      image: httpUrl(c.images?.[0]?.url),
      url: httpUrl(c.buttons?.find((b) => b.type === 'openUrl')?.value),
    }));
  return {
    id: entry.id,
    from: 'bot',
    text: r.text,
    at,
    ...(quickReplies.length ? { quickReplies } : {}),
    ...(cards.length ? { cards } : {}),
  };
}
