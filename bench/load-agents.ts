// Simulated agents for `npm run bench:load`: each signs in to the console API on one instance
// (the cookie works on both: they share AGENT_SECRET), watches the queue, claims a chat (two may
// race for the same one: the loser is told 409), waits until the customer's waiting message is in
// the transcript, answers twice with tagged texts and closes. The channel drivers then count each
// tagged reply at the customer.
import type { Cluster, Instance } from './load-cluster.js';
import { agentReplyText, replyTag, sleep, type Escalations } from './load-common.js';

interface Session {
  instance: Instance;
  cookie: string;
  csrf: string;
}

const TRANSCRIPT_WAIT_MS = 5_000;

async function login(instance: Instance, agent: { id: string; password: string }): Promise<Session> {
  const response = await fetch(`${instance.url}/agent/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: agent.id, password: agent.password }),
  });
  if (response.status !== 200) throw new Error(`agent ${agent.id}: login answered ${response.status}`);
  const { csrf } = (await response.json()) as { csrf: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { instance, cookie, csrf };
}

async function call(session: Session, instance: Instance, method: 'GET' | 'POST', path: string, body?: object): Promise<{ status: number; json: any }> {
  const response = await fetch(`${instance.url}${path}`, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

export interface AgentTeam {
  /** Stops taking new chats; resolves when every agent has finished the one it holds. */
  stop(): Promise<void>;
}

/** Starts the agents; they work until stop(). */
export async function startAgents(cluster: Cluster, escalations: Escalations, random: () => number): Promise<AgentTeam> {
  let stopping = false;
  let replies = 0;
  const sessions = await Promise.all(cluster.agents.map((agent, i) => login(cluster.instances[i % 2]!, agent)));
  const anyInstance = () => cluster.instances[random() < 0.5 ? 0 : 1];

  async function handle(session: Session, key: string): Promise<void> {
    const encoded = encodeURIComponent(key);
    // The customer's message while waiting must be on the agent's screen before the agent closes.
    const waiting = escalations.waiting.get(key);
    const tag = waiting ? /\((wait-\d+)\)/.exec(waiting)?.[1] : undefined;
    let seen = false;
    for (const deadline = Date.now() + TRANSCRIPT_WAIT_MS; tag && !seen && Date.now() < deadline; ) {
      const details = await call(session, anyInstance(), 'GET', `/agent/api/conversations/${encoded}`);
      const transcript = (details.json?.transcript ?? []) as Array<{ from?: string; text?: string }>;
      seen = transcript.some((e) => e.from === 'customer' && e.text?.includes(tag));
      if (!seen) await sleep(200);
    }
    if (!seen) escalations.unseenByAgent.push(`${key}: ${waiting ?? '(the customer had not written yet)'}`);
    const sent: string[] = [];
    escalations.replies.set(key, sent);
    for (let i = 0; i < 2; i++) {
      const n = ++replies;
      const answer = await call(session, anyInstance(), 'POST', `/agent/api/conversations/${encoded}/reply`, { text: agentReplyText(n) });
      if (answer.status === 200) sent.push(replyTag(n));
      else escalations.errors.push(`reply to ${key}: ${answer.status} ${JSON.stringify(answer.json)}`);
      await sleep(100 + random() * 200);
    }
    const closed = await call(session, anyInstance(), 'POST', `/agent/api/conversations/${encoded}/close`, {});
    if (closed.status === 200) escalations.closed.add(key);
    else escalations.errors.push(`close ${key}: ${closed.status} ${JSON.stringify(closed.json)}`);
  }

  async function work(session: Session): Promise<void> {
    while (!stopping) {
      const list = await call(session, session.instance, 'GET', '/agent/api/conversations?view=queued').catch(() => undefined);
      const queued = (list?.json?.conversations ?? []) as Array<{ id: string; since: string }>;
      if (queued.length === 0) {
        await sleep(200 + random() * 200);
        continue;
      }
      // Mostly the oldest, sometimes the next: agents sometimes go for the same chat.
      const row = queued[Math.floor(random() * Math.min(2, queued.length))]!;
      const claim = await call(session, anyInstance(), 'POST', `/agent/api/conversations/${encodeURIComponent(row.id)}/claim`, {});
      if (claim.status === 409 || claim.status === 404) {
        escalations.conflicts += 1;
        continue;
      }
      if (claim.status !== 200) {
        escalations.errors.push(`claim ${row.id}: ${claim.status} ${JSON.stringify(claim.json)}`);
        await sleep(200);
        continue;
      }
      escalations.waits.push((Date.now() - Date.parse(row.since)) / 1000);
      await handle(session, row.id).catch((error: unknown) => escalations.errors.push(`${row.id}: ${(error as Error).message}`));
    }
  }

  const running = sessions.map((s) => work(s));
  return {
    async stop() {
      stopping = true;
      await Promise.all(running);
    },
  };
}
