// The wire shapes of the widget API (adapters/web/index.ts and entries.ts on the server).

export type Prechat = 'off' | 'optional' | 'required';

export interface QuickReply {
  title: string;
  value: unknown;
}

export interface Card {
  title: string;
  subtitle?: string;
  text?: string;
  image?: string;
  url?: string;
}

export interface Entry {
  id: string;
  from: 'customer' | 'bot' | 'agent' | 'system';
  text?: string;
  clientMessageId?: string;
  quickReplies?: QuickReply[];
  cards?: Card[];
  at: string;
  name?: string;
  notice?: 'agent_joined' | 'agent_left';
}

export interface WidgetConfig {
  title: string;
  shopName: string;
  welcome: string;
  prechat?: Prechat;
}

export interface Session {
  token: string;
  visitorId: string;
  expiresAt: string;
  config: WidgetConfig;
}
