// The console's state in one place, and who to tell when it changes. Views redraw from it and
// compare what they drew last time, so an update only touches what actually changed.
import type { Agent, Detail, Summary, View } from './api.js';

export type Phase = 'loading' | 'signed-out' | 'signed-in';

export interface State {
  phase: Phase;
  me: Agent | null;
  view: View;
  /** null until the first answer for that view. */
  lists: Record<View, Summary[] | null>;
  openId: string | null;
  /** The open conversation as last loaded; null while loading (or when it could not be). */
  detail: Detail | null;
  agents: Agent[];
  /** Queued conversations that arrived since the agent last looked at the queue. */
  unseen: ReadonlySet<string>;
  /** Conversations in the lists with customer messages the agent has not opened yet. */
  fresh: ReadonlySet<string>;
  /** A search over every conversation the agent may see; results null while it runs. */
  search: { q: string; results: Summary[] | null };
  filters: Filters;
  /** The live event stream is up; otherwise the lists may be stale. */
  live: boolean;
  error: string;
}

/** Only this channel, only chats this agent has or closed ('' for all). */
export interface Filters {
  channel: string;
  agent: string;
}

export const VIEWS: readonly View[] = ['queued', 'mine', 'all', 'closed'];

const emptyLists = (): Record<View, Summary[] | null> => ({ queued: null, mine: null, all: null, closed: null });

export function initial(): State {
  return { phase: 'loading', me: null, view: 'queued', lists: emptyLists(), openId: null, detail: null, agents: [], unseen: new Set(), fresh: new Set(), search: { q: '', results: null }, filters: { channel: '', agent: '' }, live: false, error: '' };
}

/** What is left of a signed-in state after signing out: nothing of the last agent's work. */
export const signedOut = (s: State): State => ({ ...initial(), phase: 'signed-out', view: s.view });

export class Store {
  private listeners: Array<(s: State, before: State) => void> = [];

  constructor(private state: State) {}

  get(): State {
    return this.state;
  }

  update(patch: Partial<State> | ((s: State) => Partial<State>)): void {
    const before = this.state;
    this.state = { ...before, ...(typeof patch === 'function' ? patch(before) : patch) };
    for (const listener of this.listeners) listener(this.state, before);
  }

  subscribe(listener: (s: State, before: State) => void): void {
    this.listeners.push(listener);
  }
}

/** The agent may write to the customer (and add notes) only in a conversation they hold. */
export const owns = (s: Pick<State, 'me'>, c: Summary | undefined): boolean => !!c && !!s.me && c.status === 'agent' && c.agentId === s.me.id;
