// The widget's own view of the wire shapes, which are declared once in src/wire/widget.ts (types
// only: nothing of the server reaches the bundle).
import type { SessionResponse, WidgetEntry, WidgetSettings, WireCard, WireQuickReply } from '../../../src/wire/widget.js';

export type { ConversationMode, EntryEvent, MessageRequest, MessageResponse, SessionRequest, SessionResponse, StatusResponse } from '../../../src/wire/widget.js';
export type { ErrorReply, Untrusted } from '../../../src/wire/common.js';

export type Prechat = 'off' | 'optional' | 'required';

export type QuickReply = WireQuickReply;

export type Card = WireCard;

export type Entry = WidgetEntry;

/** The server's settings, and the page's own choice of a pre-chat form. */
export interface WidgetConfig extends WidgetSettings {
  prechat?: Prechat;
}

export interface Session extends Omit<SessionResponse, 'config'> {
  config: WidgetConfig;
}
