// The visitor's session: created or resumed from localStorage, renewed before it expires, and
// replaced when the server no longer accepts it. One request at a time, shared by all callers.
import { backoff, message, post, sleep } from './api.js';
import * as store from './store.js';
import type { Session, SessionRequest, SessionResponse, Untrusted, WidgetConfig } from './types.js';

export interface Identity {
  shop?: string;
  customer?: string;
}

type Result = { session: Session } | { session?: undefined; status: number; message: string };

const DAY_MS = 86_400_000;

function valid(body: Untrusted<SessionResponse> | null): Session | undefined {
  const config = body?.config as Untrusted<WidgetConfig> | undefined;
  if (typeof body?.token !== 'string' || typeof body.visitorId !== 'string' || !config || typeof config !== 'object') return undefined;
  return {
    token: body.token,
    visitorId: body.visitorId,
    expiresAt: typeof body.expiresAt === 'string' ? body.expiresAt : '',
    config: {
      title: typeof config.title === 'string' ? config.title : '',
      shopName: typeof config.shopName === 'string' ? config.shopName : '',
      welcome: typeof config.welcome === 'string' ? config.welcome : '',
      prechat: config.prechat === 'optional' || config.prechat === 'required' ? config.prechat : undefined,
    },
  };
}

export class Sessions {
  current: Session | null = null;
  private inflight: Promise<Session> | null = null;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly url: string,
    private readonly identity: Identity,
    private readonly changed: (session: Session) => void,
  ) {}

  /** A session, retrying until the server answers: nothing in the widget works without one. */
  ensure(fresh = false): Promise<Session> {
    this.inflight ??= this.loop(fresh).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** This page's session, waiting for the first one. */
  token(): Promise<string> {
    return this.current ? Promise.resolve(this.current.token) : this.ensure().then((s) => s.token);
  }

  /**
   * The server refused `used`. Another tab may already have stored a newer token for the same
   * visitor, which is resumed; otherwise the token is dropped and a new visitor starts.
   */
  unauthorized(used: string): Promise<Session> {
    const stored = store.get(store.K.token);
    if (stored && stored !== used) return this.ensure();
    store.del(store.K.token);
    return this.ensure(true);
  }

  /** One attempt with the pre-chat details, so the form can show what went wrong. */
  async once(extra: { name?: string; phone?: string }): Promise<Result> {
    const result = await this.request(false, extra);
    if (result.session) this.accept(result.session);
    return result;
  }

  private async loop(fresh: boolean): Promise<Session> {
    for (let attempt = 0; ; attempt++) {
      const result = await this.request(fresh);
      if (result.session) {
        this.accept(result.session);
        return result.session;
      }
      if (result.status >= 400 && result.status < 500 && !fresh) fresh = true;
      else await sleep(backoff(attempt));
    }
  }

  private request(fresh: boolean, extra: { name?: string; phone?: string } = {}): Promise<Result> {
    // The stored token may be newer than ours (another tab renewed it); it is the same visitor.
    const token = fresh ? undefined : (store.get(store.K.token) ?? this.current?.token);
    const body: SessionRequest = { ...this.identity, ...(token ? { token } : {}), ...extra };
    return post<SessionResponse>(this.url, body).then((reply) => {
      const session = reply.status === 200 ? valid(reply.body) : undefined;
      return session ? { session } : { status: reply.status === 200 ? 502 : reply.status, message: message(reply) };
    });
  }

  private accept(session: Session): void {
    this.current = session;
    store.set(store.K.token, session.token);
    clearTimeout(this.renewTimer);
    // Renew well before expiry so a visitor coming back tomorrow keeps the conversation.
    const left = Date.parse(session.expiresAt) - Date.now();
    if (left > 0) this.renewTimer = setTimeout(() => void this.ensure(), Math.min(DAY_MS, Math.max(10_000, left * 0.8)));
    this.changed(session);
  }
}
